package org.cruddur.tracing.xray.segment;

import io.opentelemetry.api.trace.SpanKind;

import org.cruddur.tracing.xray.segment.SpanFacts.Fact;

/**
 * The {@code http} block: {@code request} (method, url, user agent, client ip) and
 * {@code response} (status, content length), each written only when the span has any of
 * its values. The url is {@code url.full}, else built from scheme, host, port (omitted
 * when it is the scheme's default), path and query. A {@code client.address} that differs
 * from the socket peer came from a forwarding header: {@code x_forwarded_for: true}.
 */
final class HttpBlock {

	private HttpBlock() {
	}

	static void write(JsonOutput out, SpanFacts facts, Limits limits) {
		String method = facts.text(Fact.METHOD);
		String url = requestUrl(facts);
		String clientAddress = facts.text(Fact.CLIENT_ADDRESS);
		String peerAddress = facts.text(Fact.PEER_ADDRESS);
		String userAgent = facts.text(Fact.USER_AGENT);
		long status = facts.number(Fact.STATUS);
		long contentLength = facts.number(Fact.CONTENT_LENGTH);
		String clientIp = (clientAddress != null) ? clientAddress
				: (facts.kind == SpanKind.SERVER) ? peerAddress : null;
		boolean request = method != null || url != null || clientIp != null || userAgent != null;
		boolean response = status >= 0 || contentLength >= 0;
		if (!request && !response) {
			return;
		}
		out.name("http").beginObject();
		if (request) {
			out.name("request").beginObject();
			if (method != null) {
				out.name("method").value(method, 32);
			}
			if (url != null) {
				out.name("url").value(url, limits.maxUrlChars());
			}
			if (userAgent != null) {
				out.name("user_agent").value(userAgent, Math.min(1024, limits.maxValueChars()));
			}
			if (clientIp != null) {
				out.name("client_ip").value(clientIp, 256);
				if (clientAddress != null && peerAddress != null && !clientAddress.equals(peerAddress)) {
					out.name("x_forwarded_for").value(true);
				}
			}
			out.endObject();
		}
		if (response) {
			out.name("response").beginObject();
			if (status >= 0) {
				out.name("status").value(status);
			}
			if (contentLength >= 0) {
				out.name("content_length").value(contentLength);
			}
			out.endObject();
		}
		out.endObject();
	}

	private static String requestUrl(SpanFacts facts) {
		String full = facts.text(Fact.URL_FULL);
		if (full != null) {
			return full;
		}
		String path = (facts.text(Fact.URL_PATH) != null) ? facts.text(Fact.URL_PATH) : facts.text(Fact.HTTP_TARGET);
		String serverAddress = facts.text(Fact.SERVER_ADDRESS);
		String host = (serverAddress != null) ? serverAddress : facts.text(Fact.HTTP_HOST);
		if (host == null && path == null) {
			return null;
		}
		StringBuilder url = new StringBuilder(64);
		if (host != null) {
			appendOrigin(url, facts, host, serverAddress != null);
		}
		if (path != null) {
			if (!path.startsWith("/") && host != null) {
				url.append('/');
			}
			url.append(path);
		}
		String query = facts.text(Fact.URL_QUERY);
		if (query != null && !query.isEmpty() && (path == null || path.indexOf('?') < 0)) {
			url.append('?').append(query);
		}
		return url.toString();
	}

	private static void appendOrigin(StringBuilder url, SpanFacts facts, String host, boolean fromServerAddress) {
		String scheme = (facts.text(Fact.SCHEME) != null) ? facts.text(Fact.SCHEME) : "http";
		url.append(scheme).append("://");
		if (fromServerAddress && host.indexOf(':') >= 0 && !host.startsWith("[")) {
			url.append('[').append(host).append(']'); // an IPv6 literal
		}
		else {
			url.append(host);
		}
		long port = facts.number(Fact.SERVER_PORT);
		boolean defaultPort = port < 0 || ("http".equalsIgnoreCase(scheme) && port == 80)
				|| ("https".equalsIgnoreCase(scheme) && port == 443);
		// a legacy http.host may carry its port already (after an IPv6 literal's
		// brackets)
		boolean hostHasPort = !fromServerAddress && host.lastIndexOf(':') > host.indexOf(']');
		if (!defaultPort && !hostHasPort) {
			url.append(':').append(port);
		}
	}

}
