package org.cruddur.tracing.otlp;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HoneycombKeyRuleTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "sent", textBlock = """
			https://api.honeycomb.io/v1/traces          | sent
			https://api.eu1.honeycomb.io/v1/traces      | sent
			HTTPS://API.HONEYCOMB.IO:443/v1/traces      | sent
			https://honeycomb.io/v1/traces              | sent
			http://api.honeycomb.io/v1/traces           | the OTLP endpoint is not HTTPS
			http://jaeger:4318/v1/traces                | the OTLP endpoint is not HTTPS
			https://collector.example.com/v1/traces     | the OTLP endpoint is not a Honeycomb host (*.honeycomb.io)
			https://api.honeycomb.io.evil.example/v1    | the OTLP endpoint is not a Honeycomb host (*.honeycomb.io)
			https://evilhoneycomb.io/v1/traces          | the OTLP endpoint is not a Honeycomb host (*.honeycomb.io)
			not a url                                   | the OTLP endpoint is not a valid URL
			""")
	void theKeyGoesOnlyToHoneycombOverHttps(String url, String reason) {
		assertThat(HoneycombKeyRule.reasonToHoldBack(url)).isEqualTo(reason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					https://api.honeycomb.io/v1/traces | x-honeycomb-team |      | OTLP trace export to https://api.honeycomb.io/v1/traces with headers [x-honeycomb-team] (Honeycomb API key set)
					http://jaeger:4318/v1/traces       | x-b,x-a          | not HTTPS | OTLP trace export to http://jaeger:4318/v1/traces with headers [x-a, x-b]; HONEYCOMB_API_KEY is not sent: not HTTPS (to send a key there anyway, put it in OTEL_EXPORTER_OTLP_HEADERS)
					""")
	void theStartupLineNamesTheDestinationAndHeadersButNoValues(String url, String headers, String heldBack,
			String line) {
		assertThat(new OtlpDestination(url, Set.of(headers.split(",")), heldBack).describe(true)).isEqualTo(line);
	}

}
