package org.cruddur.tracing.otlp;

import java.util.Set;

/**
 * Where OTLP spans go, for the one startup line that says so. Never holds a header value.
 *
 * @param url the traces URL, or null when OTLP export is off
 * @param headerNames the headers sent with every export (names only)
 * @param keyHeldBack why {@code HONEYCOMB_API_KEY} is not sent to this URL, or null
 */
record OtlpDestination(String url, Set<String> headerNames, String keyHeldBack) {

	OtlpDestination {
		headerNames = Set.copyOf(headerNames);
	}

	/**
	 * The startup line.
	 * @param exporterBuilt whether Boot built the OTLP exporter: a URL without one means
	 * Boot's export switches turned OTLP off
	 */
	String describe(boolean exporterBuilt) {
		if (this.url == null) {
			return "OTLP trace export off: set HONEYCOMB_API_KEY (Honeycomb) or OTEL_EXPORTER_OTLP_ENDPOINT "
					+ "(any OTLP/HTTP receiver) to send traces; spans are still created in-process";
		}
		if (!exporterBuilt) {
			return "OTLP trace export off: management.tracing.export.otlp.enabled or "
					+ "management.tracing.export.enabled is false, so nothing goes to " + this.url
					+ "; spans are still created in-process";
		}
		String line = "OTLP trace export to " + this.url + " with headers "
				+ this.headerNames.stream().sorted().toList();
		if (this.headerNames.contains(HoneycombProperties.TEAM_HEADER)) {
			line += " (Honeycomb API key set)";
		}
		if (this.keyHeldBack != null) {
			line += "; HONEYCOMB_API_KEY is not sent: " + this.keyHeldBack
					+ " (to send a key there anyway, put it in OTEL_EXPORTER_OTLP_HEADERS)";
		}
		return line;
	}

}
