package org.cruddur.tracing.otlp;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint is set but Boot's {@code management.tracing.export.otlp.enabled=false}
 * turns OTLP export off: Boot builds no exporter, and the startup line must say export is
 * off, not name the endpoint as where traces go.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces",
				"management.tracing.export.otlp.enabled=false", "XRAY_ENABLED=false" })
@AutoConfigureTracing
class OtlpExportTurnedOffTest {

	@Autowired
	ApplicationContext context;

	@Test
	void theStartupLineSaysExportIsOffWhenBootBuiltNoExporter(CapturedOutput output) {
		assertThat(this.context.getBeanNamesForType(OtlpHttpSpanExporter.class)).isEmpty();
		assertThat(output.getAll())
			.contains("OTLP trace export off: management.tracing.export.otlp.enabled or "
					+ "management.tracing.export.enabled is false, so nothing goes to http://127.0.0.1:9/v1/traces")
			.doesNotContain("OTLP trace export to");
	}

}
