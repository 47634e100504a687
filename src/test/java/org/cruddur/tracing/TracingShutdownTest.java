package org.cruddur.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.CruddurApplication;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real application, started and stopped as in production: spans still queued at
 * shutdown are delivered.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingShutdownTest {

	@Test
	void spansOfEveryCompletedRequestAreFlushedOnShutdown() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			ConfigurableApplicationContext context = start("--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.baseUrl(),
					// Nothing is sent before shutdown: a batch waits 60 s or 10,000
					// spans.
					"--cruddur.tracing.otlp.schedule-delay=60s", "--cruddur.tracing.otlp.max-batch-size=10000",
					"--cruddur.tracing.otlp.max-queue-size=10000");
			String agent = "shutdown/" + UUID.randomUUID();
			WebClient client = WebClient.create("http://127.0.0.1:" + port(context));
			int requests = 25;
			List<String> bodies = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				bodies.add(client.get()
					.uri("/api/activities/home")
					.header("User-Agent", agent)
					.retrieve()
					.bodyToMono(String.class)
					.block());
			}
			assertThat(bodies).hasSize(requests).allSatisfy((body) -> assertThat(body).startsWith("["));
			assertThat(serverSpans(receiver, agent)).isEmpty();
			context.close();
			assertThat(serverSpans(receiver, agent)).hasSize(requests);
			assertThat(receiver.spans().stream().filter((span) -> span.name().equals("home-activities-mock-data")))
				.hasSize(requests);
		}
	}

	@Test
	void inFlightRequestsCompleteOnShutdownAndTheirSpansAreDelivered() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			SlowRequests.arrived = new java.util.concurrent.CountDownLatch(10);
			ConfigurableApplicationContext context = new SpringApplicationBuilder(CruddurApplication.class,
					SlowRequests.class)
				.run("--server.port=0", "--MANAGEMENT_PORT=0", "--server.address=127.0.0.1",
						"--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.baseUrl(),
						"--cruddur.tracing.otlp.schedule-delay=60s", "--cruddur.tracing.otlp.max-batch-size=10000",
						"--cruddur.tracing.otlp.max-queue-size=10000");
			String agent = "in-flight/" + UUID.randomUUID();
			// Its own event loop: the server's shutdown disposes Reactor Netty's global
			// resources, which a
			// WebClient.create() client would share (and lose its connections with).
			reactor.netty.resources.LoopResources loops = reactor.netty.resources.LoopResources.create("test-client", 2,
					true);
			WebClient client = WebClient.builder()
				.baseUrl("http://127.0.0.1:" + port(context))
				.clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
						reactor.netty.http.client.HttpClient
							.create(reactor.netty.resources.ConnectionProvider.newConnection())
							.runOn(loops)))
				.build();
			List<reactor.core.publisher.Mono<Integer>> requests = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				requests.add(client.get()
					.uri("/api/activities/home")
					.header("User-Agent", agent)
					.header(SlowRequests.HEADER, "500")
					.retrieve()
					.toBodilessEntity()
					.map((response) -> response.getStatusCode().value())
					.cache());
			}
			requests.forEach(reactor.core.publisher.Mono::subscribe);
			assertThat(SlowRequests.arrived.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			context.close(); // as on SIGTERM: graceful shutdown, then the span processors
								// flush
			List<Integer> statuses = new ArrayList<>();
			for (var request : requests) {
				statuses.add(request.block(java.time.Duration.ofSeconds(20)));
			}
			assertThat(statuses).hasSize(10).containsOnly(200);
			assertThat(serverSpans(receiver, agent)).hasSize(10);
			loops.dispose();
		}
	}

	/** Holds requests that ask for it, so they are in flight when shutdown starts. */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class SlowRequests {

		static final String HEADER = "X-Test-Delay-Millis";

		static volatile java.util.concurrent.CountDownLatch arrived;

		@org.springframework.context.annotation.Bean
		org.springframework.web.server.WebFilter slowRequestFilter() {
			return (exchange, chain) -> {
				String delay = exchange.getRequest().getHeaders().getFirst(HEADER);
				if (delay == null) {
					return chain.filter(exchange);
				}
				arrived.countDown();
				return reactor.core.publisher.Mono.delay(java.time.Duration.ofMillis(Long.parseLong(delay)))
					.then(chain.filter(exchange));
			};
		}

	}

	@Test
	void withNoEndpointAndNoKeyTheServiceRunsAndSaysOnceWhereTracesGo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			WebClient client = WebClient.create("http://127.0.0.1:" + port(context));
			for (int i = 0; i < 5; i++) {
				assertThat(client.get().uri("/api/health-check").retrieve().bodyToMono(String.class).block())
					.isEqualTo("{\"success\":true}");
			}
		}
		assertThat(
				output.getAll().lines().filter((line) -> line.contains("OTLP trace export off: set HONEYCOMB_API_KEY")))
			.hasSize(1);
		assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("Exception");
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(
				List.of("--server.port=0", "--MANAGEMENT_PORT=0", "--server.address=127.0.0.1"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(CruddurApplication.class).run(all.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static List<ReceivedSpan> serverSpans(OtlpReceiver receiver, String agent) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> agent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

}
