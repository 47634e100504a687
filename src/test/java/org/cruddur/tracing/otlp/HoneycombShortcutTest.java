package org.cruddur.tracing.otlp;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HONEYCOMB_API_KEY} alone: Honeycomb is the destination and the key its header.
 * No request is made, so nothing is exported (this machine reaches no public host).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "HONEYCOMB_API_KEY=hc-shortcut-SENTINEL-1", "XRAY_ENABLED=false" })
@AutoConfigureTracing
class HoneycombShortcutTest {

	@Autowired
	OtlpDestination destination;

	@Autowired
	OtlpHttpSpanExporter exporter;

	@Test
	void theKeyAloneSendsTracesToHoneycombWithTheKeyAsItsHeader() {
		assertThat(this.destination.describe(true)).isEqualTo(
				"OTLP trace export to https://api.honeycomb.io/v1/traces with headers [x-honeycomb-team] (Honeycomb API key set)");
		assertThat(this.exporter.toString()).contains("endpoint=https://api.honeycomb.io/v1/traces")
			.contains("x-honeycomb-team")
			.doesNotContain("SENTINEL");
	}

}
