package org.cruddur.tracing.xray;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.testing.NettyLeakCheck;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.XrayUdpListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request from an AWS load balancer: {@code X-Amzn-Trace-Id} with a Root and no Parent.
 * Its trace id is that Root in both backends (the ALB's access log line and the trace
 * meet), as a root span, and the Root is echoed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureTracing
@ExtendWith(NettyLeakCheck.class)
class AlbTraceHeaderTest {

	static final OtlpReceiver otlp = OtlpReceiver.start();

	static final XrayUdpListener udp = XrayUdpListener.start();

	@DynamicPropertySource
	static void environment(DynamicPropertyRegistry registry) {
		registry.add("XRAY_ENABLED", () -> "true");
		// Nothing answers on the TCP port: the local rules (every request kept) decide.
		registry.add("AWS_XRAY_DAEMON_ADDRESS", () -> "tcp:127.0.0.1:9 udp:127.0.0.1:" + udp.port());
		registry.add("XRAY_SAMPLING_RULES_FILE", () -> "src/test/resources/xray/sample-everything.json");
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesUrl);
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
		registry.add("cruddur.xray.schedule-delay", () -> "100ms");
	}

	@AfterAll
	static void stop() {
		otlp.close();
		udp.close();
	}

	@Autowired
	WebTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "Root=1-67891233-%s", "Root=1-67891233-%s;Sampled=1",
			"Self=1-67891234-12456789abcdef0123456789;Root=1-67891233-%s;Lineage=a87bd80c:0" })
	void theLoadBalancersRootIsTheTraceIdOfARootSpanInBothBackends(String headerFormat) {
		String random = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
		String xrayTraceId = "1-67891233-" + random;
		String traceId = "67891233" + random;
		this.client.get()
			.uri("/api/activities/home")
			.header("X-Amzn-Trace-Id", headerFormat.formatted(random))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Amzn-Trace-Id", "Root=" + xrayTraceId)
			.expectBody(Void.class);

		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(traceId).size() == 1);
		ReceivedSpan server = serverSpans(traceId).get(0);
		assertThat(server.parentSpanId()).as("a root span").isEmpty();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> udp.documents().stream().anyMatch((document) -> isSegmentOf(document, xrayTraceId)));
		var segment = udp.documents()
			.stream()
			.filter((document) -> isSegmentOf(document, xrayTraceId))
			.findFirst()
			.get();
		assertThat(segment.has("parent_id")).as("no parent_id: " + segment).isFalse();
		assertThat(segment.path("id").toString()).isEqualTo("\"" + server.spanId() + "\"");
	}

	private static boolean isSegmentOf(Object document, String xrayTraceId) {
		String json = document.toString();
		return json.contains("\"trace_id\":\"" + xrayTraceId + "\"") && !json.contains("\"type\":\"subsegment\"");
	}

	private static List<ReceivedSpan> serverSpans(String traceId) {
		return otlp.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER && span.traceId().equals(traceId))
			.toList();
	}

}
