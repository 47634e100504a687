package org.cruddur.tracing.otlp;

import java.net.URI;
import java.util.Locale;

/**
 * The Honeycomb key from {@code HONEYCOMB_API_KEY} goes only to Honeycomb, encrypted: an
 * HTTPS URL whose host is {@code honeycomb.io} or one of its subdomains. Anything else (a
 * local Jaeger, a collector, plain HTTP) gets no key; a user who wants the key sent
 * elsewhere puts it in {@code OTEL_EXPORTER_OTLP_HEADERS} explicitly.
 */
final class HoneycombKeyRule {

	private static final String HONEYCOMB_DOMAIN = "honeycomb.io";

	private HoneycombKeyRule() {
	}

	/**
	 * Why the key may not go to this URL, or null when it may.
	 */
	static String reasonToHoldBack(String url) {
		URI uri;
		try {
			uri = URI.create(url.strip());
		}
		catch (IllegalArgumentException ex) {
			return "the OTLP endpoint is not a valid URL";
		}
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			return "the OTLP endpoint is not HTTPS";
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (!host.equals(HONEYCOMB_DOMAIN) && !host.endsWith("." + HONEYCOMB_DOMAIN)) {
			return "the OTLP endpoint is not a Honeycomb host (*." + HONEYCOMB_DOMAIN + ")";
		}
		return null;
	}

}
