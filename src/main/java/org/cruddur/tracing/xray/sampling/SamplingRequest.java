package org.cruddur.tracing.xray.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.semconv.UrlAttributes;

/**
 * The request a sampling rule is matched against, read from span-start attributes
 * ({@link RequestKey}); a fact the span does not carry is {@code null} and matches only a
 * {@code *} glob.
 *
 * @param method the HTTP method
 * @param path the URL path, without query or fragment
 * @param host the host the request was addressed to
 */
record SamplingRequest(String method, String path, String host) {

	static SamplingRequest of(Attributes attributes) {
		return new SamplingRequest(RequestKey.METHOD.read(attributes), path(attributes),
				RequestKey.HOST.read(attributes));
	}

	/**
	 * {@code url.path}, else {@code http.target} without its query, else from
	 * {@code url.full}.
	 */
	private static String path(Attributes attributes) {
		String path = attributes.get(RequestKey.PATH.current());
		if (path != null) {
			return path;
		}
		String target = RequestKey.PATH.readLegacy(attributes);
		if (target != null) {
			int query = target.indexOf('?');
			return (query >= 0) ? target.substring(0, query) : target;
		}
		String url = attributes.get(UrlAttributes.URL_FULL);
		return (url != null) ? pathOf(url) : null;
	}

	/** The path of an absolute URL ({@code /} when it has none), or {@code null}. */
	private static String pathOf(String url) {
		int scheme = url.indexOf("://");
		if (scheme <= 0) {
			return null;
		}
		int start = scheme + 3;
		while (start < url.length() && "/?#".indexOf(url.charAt(start)) < 0) {
			start++;
		}
		if (start == url.length() || url.charAt(start) != '/') {
			return "/"; // a slash in the query or fragment is no path
		}
		int end = start;
		while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
			end++;
		}
		return url.substring(start, end);
	}

}
