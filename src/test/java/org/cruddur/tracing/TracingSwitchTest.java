package org.cruddur.tracing;

import java.time.Duration;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.RunningApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CRUDDUR_TRACING_ENABLED=false}: no SDK, no spans, no trace header; the API and
 * its metrics keep working.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingSwitchTest {

	@Test
	void tracingOffMeansNoSdkNoSpansButMetrics(CapturedOutput output) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start();
				RunningApplication app = RunningApplication.start("--CRUDDUR_TRACING_ENABLED=false",
						"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
						"--XRAY_ENABLED=true", "--management.opentelemetry.tracing.export.schedule-delay=100ms")) {
			ConfigurableApplicationContext context = app.context();
			assertThat(context.getBeanProvider(SdkTracerProvider.class).getIfAvailable()).isNull();
			// No sampler either, so the log does not claim one decides.
			assertThat(context.getBeanProvider(Sampler.class).getIfAvailable()).isNull();
			assertThat(output.getAll()).contains("Tracing off").doesNotContain("Sampler: ");
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
			WebClient client = app.client();
			for (int i = 0; i < 5; i++) {
				var response = client.get()
					.uri("/api/activities/@worf")
					.retrieve()
					.toEntity(String.class)
					.block(Duration.ofSeconds(10));
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				assertThat(response.getHeaders().getFirst("X-Amzn-Trace-Id")).isNull();
			}
			String metric = app.management()
				.get()
				.uri("/actuator/metrics/http.server.requests")
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
			assertThat(metric).contains("\"COUNT\"");
			Thread.sleep(500); // a span, had one been made, would have been exported
								// within 100 ms
			assertThat(receiver.requests()).isEmpty();
		}
	}

}
