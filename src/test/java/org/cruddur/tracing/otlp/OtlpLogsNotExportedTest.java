package org.cruddur.tracing.otlp;

import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing in this service writes logs through OpenTelemetry (its lines go to standard
 * output), yet Spring Boot builds a log batch processor with its thread whenever
 * OpenTelemetry is on, and an OTLP log exporter when {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * is set (it sets the logs endpoint below too). Neither would ever send anything: the
 * service leaves both out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "management.opentelemetry.logging.export.otlp.endpoint=http://127.0.0.1:9/v1/logs",
				"management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces",
				"XRAY_ENABLED=false" })
@AutoConfigureTracing
class OtlpLogsNotExportedTest {

	@Autowired
	ApplicationContext context;

	@Test
	void anOtlpEndpointBuildsNoLogExporterAndNoLogProcessor() {
		assertThat(this.context.getBeanNamesForType(LogRecordExporter.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(LogRecordProcessor.class)).isEmpty();
	}

}
