package org.cruddur.faults;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.RunningApplication;
import org.cruddur.testing.XrayUdpListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broken tracing backend never fails a user's request nor costs the healthy backend a
 * span: each exporter has its own batch processor and bounded queue. Runs the real
 * application against local receivers that refuse, throttle, fail or never answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokenBackendsTest {

	private static final int REQUESTS = 30;

	/** How the OTLP side (Honeycomb) misbehaves; X-Ray stays healthy. */
	enum OtlpFault {

		REFUSES_CONNECTIONS, BLACKHOLE, THROTTLES_429, UNAVAILABLE_503

	}

	@ParameterizedTest
	@EnumSource(OtlpFault.class)
	void aBrokenHoneycombCostsNeitherRequestsNorXraySegments(OtlpFault fault) throws Exception {
		try (OtlpReceiver otlp = OtlpReceiver.start(); XrayUdpListener xray = XrayUdpListener.start()) {
			String endpoint = switch (fault) {
				case REFUSES_CONNECTIONS -> "http://127.0.0.1:" + closedTcpPort();
				case BLACKHOLE -> {
					otlp.mode(OtlpReceiver.Mode.BLACKHOLE);
					yield otlp.baseUrl();
				}
				case THROTTLES_429 -> {
					otlp.mode(OtlpReceiver.Mode.THROTTLE_429);
					yield otlp.baseUrl();
				}
				case UNAVAILABLE_503 -> {
					otlp.mode(OtlpReceiver.Mode.UNAVAILABLE_503);
					yield otlp.baseUrl();
				}
			};
			String agent = "fault-" + fault + "/" + UUID.randomUUID();
			try (RunningApplication app = start(
					"--management.opentelemetry.tracing.export.otlp.endpoint=" + endpoint + "/v1/traces",
					"--AWS_XRAY_DAEMON_ADDRESS=tcp:127.0.0.1:" + closedTcpPort() + " udp:127.0.0.1:" + xray.port())) {
				assertThat(serveRequests(app, agent)).containsOnly(200);
				await().atMost(Duration.ofSeconds(15)).until(() -> segments(xray, agent) == REQUESTS);
				assertThat(segments(xray, agent)).isEqualTo(REQUESTS);
				otlp.releaseBlackhole();
			}
		}
	}

	@Test
	void aDeadXrayDaemonCostsNeitherRequestsNorHoneycombSpans() throws Exception {
		try (OtlpReceiver otlp = OtlpReceiver.start()) {
			String agent = "no-daemon/" + UUID.randomUUID();
			try (RunningApplication app = start(
					"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesUrl(),
					"--AWS_XRAY_DAEMON_ADDRESS=tcp:127.0.0.1:" + closedTcpPort() + " udp:127.0.0.1:"
							+ closedUdpPort())) {
				assertThat(serveRequests(app, agent)).containsOnly(200);
				await().atMost(Duration.ofSeconds(15)).until(() -> serverSpans(otlp, agent) == REQUESTS);
			}
		}
	}

	@Test
	void aFullQueueDropsSpansCountsThemAndWarnsRarely(CapturedOutput output) throws Exception {
		try (OtlpReceiver otlp = OtlpReceiver.start(); XrayUdpListener xray = XrayUdpListener.start()) {
			otlp.mode(OtlpReceiver.Mode.BLACKHOLE);
			String agent = "full-queue/" + UUID.randomUUID();
			try (RunningApplication app = start(
					"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesUrl(),
					"--management.opentelemetry.tracing.export.max-queue-size=16",
					"--management.opentelemetry.tracing.export.max-batch-size=8",
					"--management.opentelemetry.tracing.export.timeout=30s",
					"--management.opentelemetry.tracing.export.otlp.timeout=30s",
					"--AWS_XRAY_DAEMON_ADDRESS=tcp:127.0.0.1:" + closedTcpPort() + " udp:127.0.0.1:" + xray.port())) {
				WebClient actuator = app.management();
				for (int i = 0; i < 4; i++) {
					assertThat(serveRequests(app, agent)).containsOnly(200);
				}
				String metrics = actuator.get()
					.uri("/actuator/metrics/otel.sdk.processor.span.processed?tag=exporter:otlp&tag=error.type:queue_full")
					.retrieve()
					.bodyToMono(String.class)
					.block(Duration.ofSeconds(10));
				double dropped = Double
					.parseDouble(metrics.replaceAll("(?s).*\"statistic\":\"COUNT\",\"value\":([0-9.E]+).*", "$1"));
				// 4 x 30 requests of 2-3 spans each, 16 queued, at most one batch of 8 in
				// the blackholed export.
				assertThat(dropped).isGreaterThan(4 * REQUESTS * 2 - 16 - 8 - 1);
				// The SDK reports its queue through an observable instrument, read every
				// second.
				String queue = await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.until(() -> actuator.get()
						.uri("/actuator/metrics/otel.sdk.processor.span.queue.size?tag=exporter:otlp")
						.retrieve()
						.bodyToMono(String.class)
						.block(Duration.ofSeconds(10)), (body) -> body != null);
				double queued = Double
					.parseDouble(queue.replaceAll("(?s).*\"statistic\":\"VALUE\",\"value\":([0-9.E]+).*", "$1"));
				assertThat(queued).isLessThanOrEqualTo(16);
				await().atMost(Duration.ofSeconds(15)).until(() -> segments(xray, agent) == 4 * REQUESTS);
				otlp.releaseBlackhole();
			}
		}
		long warnings = output.getAll()
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.count();
		assertThat(warnings).as("warnings while %d spans were dropped", 4 * REQUESTS).isLessThanOrEqualTo(5);
	}

	/** Mixed reads and writes; answers the status of each. */
	private static List<Integer> serveRequests(RunningApplication app, String agent) {
		WebClient client = app.client();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			var request = (i % 3 == 0)
					? client.post()
						.uri("/api/activities")
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(Map.of("message", "fault " + i, "ttl", "1-hour"))
					: client.get().uri((i % 3 == 1) ? "/api/activities/home" : "/api/activities/@worf");
			statuses.add(request.header("User-Agent", agent)
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(10))
				.getStatusCode()
				.value());
		}
		return statuses;
	}

	private static long segments(XrayUdpListener xray, String agent) {
		return xray.documents()
			.stream()
			.filter((document) -> agent
				.equals(document.path("http").path("request").path("user_agent").stringValue(null)))
			.count();
	}

	private static long serverSpans(OtlpReceiver otlp, String agent) {
		return otlp.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> agent.equals(span.attribute("user_agent.original").getStringValue()))
			.count();
	}

	/** The application with X-Ray on, every request sampled, and short export delays. */
	private static RunningApplication start(String... args) {
		List<String> all = new ArrayList<>(List.of("--XRAY_ENABLED=true",
				"--XRAY_SAMPLING_RULES_FILE=src/test/resources/xray/sample-everything.json",
				"--management.opentelemetry.tracing.export.schedule-delay=100ms", "--cruddur.xray.schedule-delay=100ms",
				// Bounds the wait for a broken backend at shutdown; export failures are
				// what these tests make.
				"--management.opentelemetry.tracing.export.timeout=1s",
				"--management.opentelemetry.tracing.export.otlp.timeout=1s"));
		all.addAll(List.of(args));
		return RunningApplication.start(all.toArray(String[]::new));
	}

	private static int closedTcpPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static int closedUdpPort() throws Exception {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
