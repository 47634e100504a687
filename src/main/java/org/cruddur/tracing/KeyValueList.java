package org.cruddur.tracing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code k=v,k2=v2} lists of the OpenTelemetry environment variables
 * ({@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_EXPORTER_OTLP_HEADERS}): values are
 * percent-encoded; entries without a key or {@code =} are skipped.
 */
public final class KeyValueList {

	private KeyValueList() {
	}

	public static Map<String, String> parse(String raw) {
		Map<String, String> entries = new LinkedHashMap<>();
		if (raw == null || raw.isBlank()) {
			return entries;
		}
		for (String pair : raw.split(",")) {
			int equals = pair.indexOf('=');
			String key = (equals > 0) ? pair.substring(0, equals).strip() : "";
			if (!key.isEmpty()) {
				entries.put(key, decode(pair.substring(equals + 1).strip()));
			}
		}
		return entries;
	}

	/**
	 * Percent-decodes (a literal {@code +} stays a plus); a value that is not valid
	 * encoding is kept as written.
	 */
	private static String decode(String value) {
		try {
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

}
