package org.cruddur.tracing.otlp;

import org.cruddur.tracing.TracingProperties;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpExportSettingsTest {

	@Test
	void nothingSetMeansExportOffWithAHint() {
		OtlpExportSettings settings = OtlpExportSettings.from(otlp(null, null, null, null));
		assertThat(settings.enabled()).isFalse();
		assertThat(settings.describe()).contains("set HONEYCOMB_API_KEY");
	}

	@Test
	void aHoneycombKeyAloneSendsToHoneycombWithTheTeamHeader() {
		OtlpExportSettings settings = OtlpExportSettings.from(otlp(null, null, null, "key-123"));
		assertThat(settings.tracesUrl()).isEqualTo("https://api.honeycomb.io/v1/traces");
		assertThat(settings.headers()).containsEntry("x-honeycomb-team", "key-123");
		assertThat(settings.describe()).doesNotContain("key-123");
		assertThat(settings.toString()).doesNotContain("key-123");
	}

	@Test
	void theBaseEndpointGetsTheTracesPathAndTheKeyKeepsIt() {
		assertThat(OtlpExportSettings.from(otlp("https://api.eu1.honeycomb.io", null, null, "k")).tracesUrl())
			.isEqualTo("https://api.eu1.honeycomb.io/v1/traces");
		assertThat(OtlpExportSettings.from(otlp("http://collector:4318/", null, null, null)).tracesUrl())
			.isEqualTo("http://collector:4318/v1/traces");
	}

	@Test
	void theTracesEndpointIsUsedAsItIs() {
		assertThat(OtlpExportSettings.from(otlp("http://ignored:4318", "http://collector:4318/custom", null, null))
			.tracesUrl()).isEqualTo("http://collector:4318/custom");
	}

	@Test
	void headersAreParsedAndPercentDecodedAndTheKeyWins() {
		OtlpExportSettings settings = OtlpExportSettings
			.from(otlp("http://c:4318", null, "X-Honeycomb-Team=old, x-a=b%3Dc , broken, =novalue, x-b=100%", "new"));
		assertThat(settings.headers()).containsEntry("x-honeycomb-team", "new")
			.containsEntry("x-a", "b=c")
			.containsEntry("x-b", "100%")
			.hasSize(3);
	}

	@Test
	void theSeedsOwnEnvironmentWorksUnchanged() {
		// docker-compose.yml of week 2: OTEL_EXPORTER_OTLP_ENDPOINT and
		// OTEL_EXPORTER_OTLP_HEADERS, no HONEYCOMB_API_KEY.
		OtlpExportSettings settings = OtlpExportSettings
			.from(otlp("https://api.honeycomb.io", null, "x-honeycomb-team=abc123", null));
		assertThat(settings.tracesUrl()).isEqualTo("https://api.honeycomb.io/v1/traces");
		assertThat(settings.headers()).containsEntry("x-honeycomb-team", "abc123");
		assertThat(settings.describe()).contains("Honeycomb API key set").doesNotContain("abc123");
	}

	private static TracingProperties.Otlp otlp(String endpoint, String tracesEndpoint, String headers, String key) {
		return new TracingProperties.Otlp(endpoint, tracesEndpoint, headers, key, "https://api.honeycomb.io", "none",
				Duration.ofSeconds(10), 2048, 512, Duration.ofSeconds(1));
	}

}
