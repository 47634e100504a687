package org.cruddur.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.RunningApplication;
import org.cruddur.testing.XrayUdpListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real application, started and stopped as in production: spans still queued at
 * shutdown are delivered.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingShutdownTest {

	@Test
	void spansOfEveryCompletedRequestAreFlushedOnShutdown() {
		try (OtlpReceiver receiver = OtlpReceiver.start();
				RunningApplication app = RunningApplication.start(
						"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
						// Nothing is sent before shutdown: a batch waits 60 s or 10,000
						// spans.
						"--management.opentelemetry.tracing.export.schedule-delay=60s",
						"--management.opentelemetry.tracing.export.max-batch-size=10000",
						"--management.opentelemetry.tracing.export.max-queue-size=10000")) {
			String agent = "shutdown/" + UUID.randomUUID();
			int requests = 25;
			List<String> bodies = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				bodies.add(app.client()
					.get()
					.uri("/api/activities/home")
					.header("User-Agent", agent)
					.retrieve()
					.bodyToMono(String.class)
					.block());
			}
			assertThat(bodies).hasSize(requests).allSatisfy((body) -> assertThat(body).startsWith("["));
			assertThat(serverSpans(receiver, agent)).isEmpty();
			app.stop();
			assertThat(serverSpans(receiver, agent)).hasSize(requests);
			assertThat(receiver.spans().stream().filter((span) -> span.name().equals("home-activities-mock-data")))
				.hasSize(requests);
		}
	}

	@Test
	void segmentsQueuedForTheXrayDaemonAreSentOnShutdown() {
		try (XrayUdpListener daemon = XrayUdpListener.start();
				RunningApplication app = RunningApplication.start("--XRAY_ENABLED=true",
						"--AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:" + daemon.port(),
						"--XRAY_SAMPLING_RULES_FILE=src/test/resources/xray/sample-everything.json",
						// Nothing is sent before shutdown: a batch waits 60 s.
						"--cruddur.xray.schedule-delay=60s", "--cruddur.xray.max-queue-size=10000")) {
			int requests = 10;
			for (int i = 0; i < requests; i++) {
				app.client().get().uri("/api/activities/home").retrieve().bodyToMono(String.class).block();
			}
			assertThat(daemon.documents()).isEmpty();
			app.stop();
			await().atMost(java.time.Duration.ofSeconds(5))
				.until(() -> daemon.documents()
					.stream()
					.filter((document) -> !document.has("type") && document.has("http"))
					.count() == requests);
			// One export at shutdown holds every span: each request is one datagram, its
			// segment with the mock-data subsegment inside.
			assertThat(daemon.documents()).hasSize(requests)
				.allSatisfy((segment) -> assertThat(segment.path("subsegments").path(0).path("name").stringValue())
					.isEqualTo("home-activities-mock-data"));
		}
	}

	@Test
	void inFlightRequestsCompleteOnShutdownAndTheirSpansAreDelivered() throws Exception {
		SlowRequests.arrived = new CountDownLatch(10);
		try (OtlpReceiver receiver = OtlpReceiver.start();
				RunningApplication app = RunningApplication.start(SlowRequests.class,
						"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
						"--management.opentelemetry.tracing.export.schedule-delay=60s",
						"--management.opentelemetry.tracing.export.max-batch-size=10000",
						"--management.opentelemetry.tracing.export.max-queue-size=10000")) {
			String agent = "in-flight/" + UUID.randomUUID();
			List<Mono<Integer>> requests = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				requests.add(app.client()
					.get()
					.uri("/api/activities/home")
					.header("User-Agent", agent)
					.header(SlowRequests.HEADER, "500")
					.retrieve()
					.toBodilessEntity()
					.map((response) -> response.getStatusCode().value())
					.cache());
			}
			requests.forEach(Mono::subscribe);
			assertThat(SlowRequests.arrived.await(20, TimeUnit.SECONDS)).isTrue();
			app.stop(); // as on SIGTERM: graceful shutdown, then the span processors
						// flush
			List<Integer> statuses = new ArrayList<>();
			for (Mono<Integer> request : requests) {
				statuses.add(request.block(Duration.ofSeconds(20)));
			}
			assertThat(statuses).hasSize(10).containsOnly(200);
			assertThat(serverSpans(receiver, agent)).hasSize(10);
		}
	}

	/** Holds requests that ask for it, so they are in flight when shutdown starts. */
	@Configuration(proxyBeanMethods = false)
	static class SlowRequests {

		static final String HEADER = "X-Test-Delay-Millis";

		static volatile CountDownLatch arrived;

		@Bean
		WebFilter slowRequestFilter() {
			return (exchange, chain) -> {
				String delay = exchange.getRequest().getHeaders().getFirst(HEADER);
				if (delay == null) {
					return chain.filter(exchange);
				}
				arrived.countDown();
				return Mono.delay(Duration.ofMillis(Long.parseLong(delay))).then(chain.filter(exchange));
			};
		}

	}

	@Test
	void withNoEndpointAndNoKeyTheServiceRunsAndSaysOnceWhereTracesGo(CapturedOutput output) {
		try (RunningApplication app = RunningApplication.start()) {
			for (int i = 0; i < 5; i++) {
				assertThat(app.client().get().uri("/api/health-check").retrieve().bodyToMono(String.class).block())
					.isEqualTo("{\"success\":true}");
			}
		}
		assertThat(
				output.getAll().lines().filter((line) -> line.contains("OTLP trace export off: set HONEYCOMB_API_KEY")))
			.hasSize(1);
		assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("Exception");
	}

	private static List<ReceivedSpan> serverSpans(OtlpReceiver receiver, String agent) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> agent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

}
