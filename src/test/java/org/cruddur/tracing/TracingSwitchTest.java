package org.cruddur.tracing;

import java.time.Duration;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.cruddur.CruddurApplication;
import org.cruddur.testing.OtlpReceiver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CRUDDUR_TRACING_ENABLED=false}: no SDK, no spans, no trace header; the API and
 * its metrics keep working.
 */
class TracingSwitchTest {

	@Test
	void tracingOffMeansNoSdkNoSpansButMetrics() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(CruddurApplication.class).run(
						"--server.port=0", "--MANAGEMENT_PORT=0", "--server.address=127.0.0.1",
						"--CRUDDUR_TRACING_ENABLED=false", "--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.baseUrl(),
						"--XRAY_ENABLED=true", "--cruddur.tracing.otlp.schedule-delay=100ms")) {
			assertThat(context.getBeanProvider(SdkTracerProvider.class).getIfAvailable()).isNull();
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
			WebClient client = WebClient
				.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
			for (int i = 0; i < 5; i++) {
				var response = client.get()
					.uri("/api/activities/@worf")
					.retrieve()
					.toEntity(String.class)
					.block(Duration.ofSeconds(10));
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				assertThat(response.getHeaders().getFirst("X-Amzn-Trace-Id")).isNull();
			}
			String metric = WebClient
				.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port"))
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
