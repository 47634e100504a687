package org.cruddur.tracing.otlp;

import org.cruddur.tracing.KeyValueList;
import org.cruddur.tracing.TracingProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the OTLP exporter sends spans and with which headers, resolved from the
 * OpenTelemetry environment variables the seed used ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_HEADERS}) and the {@code HONEYCOMB_API_KEY} shortcut.
 * {@link #toString()} never shows header values (they hold API keys).
 *
 * @param tracesUrl the full URL spans are POSTed to, or null when export is off
 * @param headers headers sent with every export
 */
public record OtlpExportSettings(String tracesUrl, Map<String, String> headers) {

	static final String HONEYCOMB_TEAM_HEADER = "x-honeycomb-team";

	public OtlpExportSettings {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	public static OtlpExportSettings from(TracingProperties.Otlp otlp) {
		Map<String, String> headers = parseHeaders(otlp.headers());
		boolean hasKey = hasText(otlp.honeycombApiKey());
		if (hasKey) {
			headers.put(HONEYCOMB_TEAM_HEADER, otlp.honeycombApiKey().strip());
		}
		String url;
		if (hasText(otlp.tracesEndpoint())) {
			url = otlp.tracesEndpoint().strip();
		}
		else if (hasText(otlp.endpoint())) {
			url = appendTracesPath(otlp.endpoint().strip());
		}
		else if (hasKey) {
			url = appendTracesPath(otlp.honeycombEndpoint().strip());
		}
		else {
			url = null;
		}
		return new OtlpExportSettings(url, headers);
	}

	public boolean enabled() {
		return this.tracesUrl != null;
	}

	/** One line for the startup log: where traces go, without any secret. */
	public String describe() {
		if (!enabled()) {
			return "OTLP trace export off: set HONEYCOMB_API_KEY (Honeycomb) or OTEL_EXPORTER_OTLP_ENDPOINT "
					+ "(any OTLP/HTTP receiver) to send traces; spans are still created in-process";
		}
		return "OTLP trace export to " + this.tracesUrl + " with headers " + this.headers.keySet()
				+ (this.headers.containsKey(HONEYCOMB_TEAM_HEADER) ? " (Honeycomb API key set)" : "");
	}

	@Override
	public String toString() {
		return "OtlpExportSettings[tracesUrl=" + this.tracesUrl + ", headers=" + this.headers.keySet() + "]";
	}

	/**
	 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is a base URL: the spec appends
	 * {@code v1/traces}.
	 */
	static String appendTracesPath(String base) {
		return (base.endsWith("/") ? base : base + "/") + "v1/traces";
	}

	/**
	 * Header names are case-insensitive: keep them lower case so the Honeycomb key
	 * replaces any other copy.
	 */
	static Map<String, String> parseHeaders(String raw) {
		Map<String, String> headers = new LinkedHashMap<>();
		KeyValueList.parse(raw).forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
		return headers;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
