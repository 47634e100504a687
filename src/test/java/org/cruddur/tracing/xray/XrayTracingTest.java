package org.cruddur.tracing.xray;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.testing.FakeXrayDaemon;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.XrayUdpListener;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One instrumentation, two backends: the same requests seen by an OTLP receiver and by
 * the X-Ray daemon's UDP port (segments parsed field by field), with the sampling rules
 * served by a fake daemon in the AWS API shapes.
 */
// "Created activity" (the line whose ids are checked) is logged at DEBUG.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "logging.level.org.cruddur.activities.ActivitiesService=debug")
@AutoConfigureWebTestClient
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
// The fakes stop with the class, so the context does too: cached, it would poll the
// stopped daemon and log it.
@DirtiesContext
class XrayTracingTest {

	static final OtlpReceiver otlp = OtlpReceiver.start();

	static final XrayUdpListener udp = XrayUdpListener.start();

	static final FakeXrayDaemon daemon = startDaemon();

	@DynamicPropertySource
	static void environment(DynamicPropertyRegistry registry) {
		registry.add("XRAY_ENABLED", () -> "true");
		registry.add("AWS_XRAY_DAEMON_ADDRESS",
				() -> "tcp:127.0.0.1:" + daemon.port() + " udp:127.0.0.1:" + udp.port());
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesUrl);
		registry.add("OTEL_SERVICE_NAME", () -> "cruddur-backend");
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
		registry.add("cruddur.xray.schedule-delay", () -> "100ms");
	}

	static FakeXrayDaemon startDaemon() {
		try {
			return FakeXrayDaemon.start(FakeXrayDaemon.rulesResponse(
					// Kubernetes probes and health checks must not flood the backends.
					FakeXrayDaemon.ruleRecord("HealthCheck", 1, 0.0, 0, "*", "/api/health-check"),
					FakeXrayDaemon.ruleRecord("PostCruds", 2, 1.0, 0, "POST", "/api/activities"),
					FakeXrayDaemon.ruleRecord("Everything", 9000, 1.0, 1, "*", "*")));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() {
		otlp.close();
		udp.close();
		daemon.close();
	}

	@Autowired
	WebTestClient client;

	@Autowired
	XrayCentralizedSampler sampler;

	@BeforeEach
	void centralizedRulesDecide() {
		await().atMost(Duration.ofSeconds(20)).until(this.sampler::isUsingCentralizedRules);
	}

	@Test
	void aRequestFromAnAwsLoadBalancerContinuesItsTraceInBothBackends() {
		String agent = "alb/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/@andrewbrown")
			.header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
			.expectBody(Void.class);
		JsonNode segment = awaitSegment(agent);
		assertThat(segment.path("trace_id").stringValue()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
		assertThat(segment.path("parent_id").stringValue()).isEqualTo("53995c3f42cd8ad8");
		assertThat(segment.path("name").stringValue()).isEqualTo("cruddur-backend");
		assertThat(segment.has("type")).isFalse();
		assertThat(segment.path("start_time").isNumber()).isTrue();
		assertThat(segment.path("end_time").isNumber()).isTrue();
		assertThat(segment.path("end_time").doubleValue())
			.isGreaterThanOrEqualTo(segment.path("start_time").doubleValue());
		JsonNode http = segment.path("http");
		assertThat(http.path("request").path("method").stringValue()).isEqualTo("GET");
		assertThat(http.path("request").path("url").stringValue()).startsWith("http://localhost:")
			.endsWith("/api/activities/@andrewbrown");
		assertThat(http.path("request").path("client_ip").stringValue()).isEqualTo("127.0.0.1");
		assertThat(http.path("request").path("user_agent").stringValue()).isEqualTo(agent);
		assertThat(http.path("response").path("status").isInt()).isTrue();
		assertThat(http.path("response").path("status").intValue()).isEqualTo(200);
		assertThat(segment.path("aws").path("xray").path("sdk").stringValue()).isNotBlank();

		ReceivedSpan server = awaitOtlpServerSpan(agent);
		assertThat(server.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(server.parentSpanId()).isEqualTo("53995c3f42cd8ad8");
		assertThat(segment.path("id").stringValue()).isEqualTo(server.spanId());
	}

	@Test
	void theSeedsMockDataSubsegmentKeepsItsMetadata() {
		String agent = "mock-data/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/@worf")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		JsonNode segment = awaitSegment(agent);
		String traceId = segment.path("trace_id").stringValue();
		JsonNode userActivities = awaitSubsegment(traceId, "user-activities");
		assertThat(userActivities.path("parent_id").stringValue()).isEqualTo(segment.path("id").stringValue());
		JsonNode mockData = awaitSubsegment(traceId, "mock-data");
		assertThat(mockData.path("type").stringValue()).isEqualTo("subsegment");
		assertThat(mockData.path("parent_id").stringValue()).isEqualTo(userActivities.path("id").stringValue());
		assertThat(mockData.path("metadata").path("namespace").path("key").path("results-size").isInt()).isTrue();
		assertThat(mockData.path("metadata").path("namespace").path("key").path("results-size").intValue())
			.isEqualTo(1);
		assertThat(mockData.path("metadata").path("namespace").path("key").path("now").stringValue()).isNotBlank();
	}

	@Test
	void newTracesGetXrayIdsThatAreTheSameInBothConsoles() {
		String agent = "new-root/" + UUID.randomUUID();
		String header = this.client.get()
			.uri("/api/activities/home")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Amzn-Trace-Id");
		assertThat(header).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
		String xrayTraceId = header.substring("Root=".length());
		long epochSeconds = Long.parseLong(xrayTraceId.substring(2, 10), 16);
		assertThat(epochSeconds).isBetween(Instant.now().getEpochSecond() - 300, Instant.now().getEpochSecond() + 5);
		assertThat(awaitSegment(agent).path("trace_id").stringValue()).isEqualTo(xrayTraceId);
		assertThat(awaitOtlpServerSpan(agent).traceId()).isEqualTo(xrayTraceId.substring(2).replace("-", ""));
	}

	@Test
	void sampleRulesFromTheDaemonApplyAtDecisionTimeForBothBackends() {
		String healthAgent = "probe/" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/api/health-check")
				.header("User-Agent", healthAgent)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
		}
		String postAgent = "post/" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			this.client.post()
				.uri("/api/activities")
				.contentType(MediaType.APPLICATION_JSON)
				.header("User-Agent", postAgent)
				.bodyValue(Map.of("message", "sampled " + i, "ttl", "1-hour"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> segments(postAgent).size() == 5);
		await().atMost(Duration.ofSeconds(10)).until(() -> otlpServerSpans(postAgent).size() == 5);
		assertThat(segments(healthAgent)).isEmpty();
		assertThat(otlpServerSpans(healthAgent)).isEmpty();
		assertThat(otlpServerSpans(postAgent).get(0).attribute("SampleRate").getIntValue()).isEqualTo(1);
	}

	@Test
	void malformedXrayHeadersStartANewTrace() {
		for (String bad : List.of("Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8;Sampled=1",
				"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad;Sampled=1", "x".repeat(8192),
				"Root=1-zzzzzzzz-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")) {
			String agent = "bad-header/" + UUID.randomUUID();
			String header = this.client.get()
				.uri("/api/activities/home")
				.header("X-Amzn-Trace-Id", bad)
				.header("User-Agent", agent)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseHeaders()
				.getFirst("X-Amzn-Trace-Id");
			assertThat(header).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}").doesNotContain("5759e988-bd862e3f");
			JsonNode segment = awaitSegment(agent);
			assertThat(segment.has("parent_id")).as("a new root for %s", bad).isFalse();
		}
	}

	@Test
	void outboundCallsCarryBothTraceHeaders(@Autowired WebClient.Builder builder, @Autowired Tracer tracer)
			throws IOException {
		AtomicReference<Map<String, List<String>>> seen = new AtomicReference<>();
		HttpServer downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		downstream.createContext("/", (exchange) -> {
			seen.set(Map.copyOf(exchange.getRequestHeaders()));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		downstream.start();
		try {
			Span parent = tracer.nextSpan().name("outbound-test").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
				builder.build()
					.get()
					.uri("http://127.0.0.1:" + downstream.getAddress().getPort() + "/downstream")
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(10));
			}
			finally {
				parent.end();
			}
			String traceId = parent.context().traceId();
			assertThat(seen.get().get("Traceparent")).singleElement().asString().startsWith("00-" + traceId + "-");
			assertThat(seen.get().get("X-amzn-trace-id")).singleElement()
				.asString()
				.startsWith("Root=" + XrayTraceIds.toXray(traceId) + ";Parent=");
		}
		finally {
			downstream.stop(0);
		}
	}

	@Test
	void logLinesCarryTheXrayTraceIdForCloudWatch(CapturedOutput output) {
		this.client.post()
			.uri("/api/activities")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Amzn-Trace-Id", "Root=1-6b07fbd6-3a2482d4fd7fe384ee609d52;Parent=53995c3f42cd8ad8;Sampled=1")
			.bodyValue(Map.of("message", "log me in x-ray form", "ttl", "1-day"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Created activity")))
			.anySatisfy((line) -> assertThat(line).contains("6b07fbd63a2482d4fd7fe384ee609d52")
				.containsPattern("1-6b07fbd6-3a2482d4fd7fe384ee609d52@[0-9a-f]{16}"));
	}

	@Test
	void everyDatagramHasTheDaemonHeader() {
		this.client.get().uri("/api/activities/notifications").exchange().expectStatus().isOk().expectBody(Void.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> !udp.documents().isEmpty());
		assertThat(udp.malformed()).isEmpty();
	}

	private static List<JsonNode> segments(String userAgent) {
		return udp.documents()
			.stream()
			.filter((document) -> userAgent
				.equals(document.path("http").path("request").path("user_agent").stringValue(null)))
			.toList();
	}

	private static JsonNode awaitSegment(String userAgent) {
		await().atMost(Duration.ofSeconds(10)).until(() -> segments(userAgent).size() == 1);
		return segments(userAgent).get(0);
	}

	private static JsonNode awaitSubsegment(String traceId, String name) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> udp.spans()
				.stream()
				.anyMatch((d) -> traceId.equals(d.path("trace_id").stringValue(null))
						&& name.equals(d.path("name").stringValue(null))));
		return udp.spans()
			.stream()
			.filter((d) -> traceId.equals(d.path("trace_id").stringValue(null))
					&& name.equals(d.path("name").stringValue(null)))
			.findFirst()
			.orElseThrow();
	}

	private static List<ReceivedSpan> otlpServerSpans(String userAgent) {
		return otlp.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.attribute("user_agent.original") != null
					&& userAgent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

	private static ReceivedSpan awaitOtlpServerSpan(String userAgent) {
		await().atMost(Duration.ofSeconds(10)).until(() -> otlpServerSpans(userAgent).size() == 1);
		return otlpServerSpans(userAgent).get(0);
	}

}
