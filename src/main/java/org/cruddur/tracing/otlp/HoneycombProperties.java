package org.cruddur.tracing.otlp;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The seed's Honeycomb shortcut: with only {@code HONEYCOMB_API_KEY} set, traces go to
 * Honeycomb with the key as {@code x-honeycomb-team}. {@link #toString()} never shows the
 * key.
 *
 * @param apiKey {@code HONEYCOMB_API_KEY}
 * @param endpoint where traces go when the key is the only OTLP setting (EU users set
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT=https://api.eu1.honeycomb.io} instead)
 */
@ConfigurationProperties("cruddur.honeycomb")
public record HoneycombProperties(String apiKey, @DefaultValue("https://api.honeycomb.io") String endpoint) {

	public HoneycombProperties {
		PropertyChecks.notBlank("cruddur.honeycomb.endpoint", endpoint);
	}

	/** The header Honeycomb reads the key from. */
	public static final String TEAM_HEADER = "x-honeycomb-team";

	public boolean hasApiKey() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	@Override
	public String toString() {
		return "HoneycombProperties[apiKey=" + (hasApiKey() ? "(hidden)" : "none") + ", endpoint=" + this.endpoint
				+ "]";
	}

}
