package org.cruddur.tracing.xray;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.RunningApplication;
import org.cruddur.testing.XrayUdpListener;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built-in local rules (the jar's copies of {@code aws/json/xray.json} and
 * {@code aws/json/xray-health-check.json}) decide while the daemon's sampling API does
 * not answer: health checks (what a load balancer or an ECS health check calls) are never
 * sampled, in either backend; other requests are.
 */
class HealthCheckSamplingTest {

	@Test
	void theBuiltInRulesNeverSampleHealthChecks() throws IOException {
		try (OtlpReceiver otlp = OtlpReceiver.start();
				XrayUdpListener udp = XrayUdpListener.start();
				RunningApplication app = RunningApplication.start("--XRAY_ENABLED=true",
						"--AWS_XRAY_DAEMON_ADDRESS=tcp:127.0.0.1:" + closedPort() + " udp:127.0.0.1:" + udp.port(),
						"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesUrl(),
						"--management.opentelemetry.tracing.export.schedule-delay=100ms",
						"--cruddur.xray.schedule-delay=100ms")) {
			// The first request of its second: the main rule's reservoir samples it.
			String feed = "feed/" + UUID.randomUUID();
			get(app, "/api/activities/home", feed, null);
			String probe = "probe/" + UUID.randomUUID();
			for (int i = 0; i < 20; i++) {
				assertThat(get(app, "/api/health-check", probe, null)).contains("\"success\":true");
			}
			// Sampled upstream, after the probes: once its spans arrive, theirs would
			// have
			// too (one batch processor per backend, in order).
			String marker = "marker/" + UUID.randomUUID();
			get(app, "/api/activities/home", marker, String.format("Root=1-%08x-%s;Parent=53995c3f42cd8ad8;Sampled=1",
					System.currentTimeMillis() / 1000, UUID.randomUUID().toString().replace("-", "").substring(8)));
			await().atMost(Duration.ofSeconds(10)).until(() -> segments(udp, marker).size() == 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(otlp, marker).size() == 1);
			assertThat(segments(udp, probe)).isEmpty();
			assertThat(serverSpans(otlp, probe)).isEmpty();
			assertThat(segments(udp, feed)).hasSize(1);
			assertThat(serverSpans(otlp, feed)).hasSize(1);
			assertThat(serverSpans(otlp, feed).get(0).attribute("SampleRate").getIntValue()).isEqualTo(1);
		}
	}

	private static String get(RunningApplication app, String path, String userAgent, String traceHeader) {
		return app.client().get().uri(path).header("User-Agent", userAgent).headers((headers) -> {
			if (traceHeader != null) {
				headers.set("X-Amzn-Trace-Id", traceHeader);
			}
		}).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
	}

	/** A TCP port nothing listens on: the daemon's sampling API does not answer. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static List<JsonNode> segments(XrayUdpListener udp, String userAgent) {
		return udp.documents()
			.stream()
			.filter((document) -> userAgent
				.equals(document.path("http").path("request").path("user_agent").stringValue(null)))
			.toList();
	}

	private static List<ReceivedSpan> serverSpans(OtlpReceiver otlp, String userAgent) {
		return otlp.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.attribute("user_agent.original") != null
					&& userAgent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

}
