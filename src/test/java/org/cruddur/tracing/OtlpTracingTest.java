package org.cruddur.tracing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans at the wire: a local OTLP/HTTP receiver decodes what the exporter sends,
 * configured the way the seed configured Honeycomb (OTEL_* variables and
 * HONEYCOMB_API_KEY).
 */
// "Created activity" (the line whose ids are checked) is logged at DEBUG.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.org.cruddur.activities.ActivitiesService=debug",
				"logging.level.org.cruddur.web.ApiExceptionHandler=debug" })
@AutoConfigureWebTestClient
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
// The receiver stops with the class, so the context does too: cached, it would log failed
// exports later.
@DirtiesContext
class OtlpTracingTest {

	static final String API_KEY = "hc-test-key-SENTINEL-4f1c9e";

	@LocalServerPort
	int port;

	static final String AWS_ACCESS_KEY = "AKIASENTINEL0000TEST";

	static final String AWS_SECRET_KEY = "aws-secret-SENTINEL-9d8e7f";

	static final OtlpReceiver receiver = OtlpReceiver.start();

	@DynamicPropertySource
	static void tracingEnvironment(DynamicPropertyRegistry registry) {
		registry.add("HONEYCOMB_API_KEY", () -> API_KEY);
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
		registry.add("management.opentelemetry.tracing.export.otlp.headers.x-extra", () -> "a b");
		registry.add("management.opentelemetry.tracing.export.otlp.headers.x-dataset", () -> "cruddur");
		registry.add("OTEL_SERVICE_NAME", () -> "cruddur-under-test");
		registry.add("management.opentelemetry.resource-attributes.team", () -> "crud,ders");
		registry.add("DEPLOYMENT_ENVIRONMENT", () -> "ci");
		registry.add("K8S_POD_NAME", () -> "backend-7d9f-abcde");
		registry.add("K8S_NAMESPACE_NAME", () -> "cruddur");
		registry.add("K8S_NODE_NAME", () -> "node-1");
		registry.add("OTEL_TRACES_SAMPLER_ARG", () -> "1.0");
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
		registry.add("AWS_ACCESS_KEY_ID", () -> AWS_ACCESS_KEY);
		registry.add("AWS_SECRET_ACCESS_KEY", () -> AWS_SECRET_KEY);
		for (String logger : List.of("io.opentelemetry", "org.cruddur", "com.amazonaws", "io.micrometer", "okhttp3",
				"org.springframework.boot.actuate", "org.springframework.web")) {
			registry.add("logging.level." + logger, () -> "DEBUG");
		}
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Autowired
	WebTestClient client;

	@Autowired
	Propagator propagator;

	@LocalManagementPort
	int managementPort;

	@Test
	void homeFeedIsOneServerSpanWithSemanticConventionsAndTheSeedsChildSpan() {
		String agent = "curl/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/home")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.name()).isEqualTo("GET /api/activities/home");
		assertThat(server.attribute("http.request.method").getStringValue()).isEqualTo("GET");
		assertThat(server.attribute("http.route").getStringValue()).isEqualTo("/api/activities/home");
		assertThat(server.attribute("url.path").getStringValue()).isEqualTo("/api/activities/home");
		assertThat(server.attribute("url.scheme").getStringValue()).isEqualTo("http");
		assertThat(server.attribute("http.response.status_code").getValueCase())
			.isEqualTo(AnyValue.ValueCase.INT_VALUE);
		assertThat(server.attribute("http.response.status_code").getIntValue()).isEqualTo(200);
		assertThat(server.attribute("client.address").getStringValue()).isEqualTo("127.0.0.1");
		assertThat(server.attribute("server.address").getStringValue()).isEqualTo("localhost");
		assertThat(server.attribute("server.port").getValueCase()).isEqualTo(AnyValue.ValueCase.INT_VALUE);
		assertThat(server.attribute("server.port").getIntValue()).isPositive();

		ReceivedSpan child = awaitChild(server, "home-activities-mock-data");
		assertThat(child.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
		assertThat(child.attribute("app.now").getStringValue()).matches("\\d{4}-\\d{2}-\\d{2}T.*\\+00:00");
		assertThat(child.attribute("app.result_length").getValueCase()).isEqualTo(AnyValue.ValueCase.INT_VALUE);
		assertThat(child.attribute("app.result_length").getIntValue()).isGreaterThanOrEqualTo(3);
		// A request that went well leaves both spans' status unset (OK is the
		// application's to set, per OpenTelemetry's conventions), as the Flask seed's do.
		assertThat(server.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_UNSET);
		assertThat(child.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void traceContextIsPropagatedButNotBaggage() {
		// Nothing reads or forwards W3C baggage; with it on, every request is searched
		// for it and every scope change rewrites its log fields.
		assertThat(this.propagator.fields()).contains("traceparent", "tracestate").doesNotContain("baggage");
	}

	@Test
	void exportCarriesTheOtelHeadersButNotTheHoneycombKeyToANonHoneycombReceiver() {
		this.client.get().uri("/api/health-check").exchange().expectStatus().isOk().expectBody(Void.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests().isEmpty());
		OtlpReceiver.Received request = receiver.requests().get(0);
		assertThat(request.path()).isEqualTo("/v1/traces");
		assertThat(request.headers()).doesNotContainKey("x-honeycomb-team")
			.containsEntry("x-extra", "a b")
			.containsEntry("x-dataset", "cruddur");
		assertThat(request.headers().get("Content-Type")).isEqualTo("application/x-protobuf");
	}

	@Test
	void resourceNamesTheServiceItsVersionEnvironmentAndPod() {
		String agent = "resource/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/health-check")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.resourceAttribute("service.name").getStringValue()).isEqualTo("cruddur-under-test");
		assertThat(server.resourceAttribute("service.version").getStringValue()).isNotBlank();
		assertThat(server.resourceAttribute("deployment.environment.name").getStringValue()).isEqualTo("ci");
		assertThat(server.resourceAttribute("team").getStringValue()).isEqualTo("crud,ders");
		assertThat(server.resourceAttribute("k8s.pod.name").getStringValue()).isEqualTo("backend-7d9f-abcde");
		assertThat(server.resourceAttribute("k8s.namespace.name").getStringValue()).isEqualTo("cruddur");
		assertThat(server.resourceAttribute("k8s.node.name").getStringValue()).isEqualTo("node-1");
	}

	@Test
	void routeTemplateNamesTheSpanAndChildSpansFollowAcrossTheThreadHop() {
		String agent = "user-feed/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/@worf")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.name()).isEqualTo("GET /api/activities/@{handle}");
		assertThat(server.attribute("http.route").getStringValue()).isEqualTo("/api/activities/@{handle}");
		assertThat(server.attribute("url.path").getStringValue()).isEqualTo("/api/activities/@worf");
		ReceivedSpan userActivities = awaitChild(server, "user-activities");
		ReceivedSpan mockData = awaitChild(userActivities, "mock-data");
		assertThat(mockData.attribute("app.result_length").getIntValue()).isEqualTo(1);
	}

	@Test
	void inboundTraceparentIsContinued() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String agent = "w3c/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/search?term=prune")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.traceId()).isEqualTo(traceId);
		assertThat(server.parentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(awaitChild(server, "search-activities").traceId()).isEqualTo(traceId);
	}

	@Test
	void errorsKeepIntegerStatusAndTheRouteStaysATemplate() {
		String agent = "errors/" + UUID.randomUUID();
		this.client.post()
			.uri("/api/activities")
			.contentType(MediaType.APPLICATION_JSON)
			.header("User-Agent", agent)
			.bodyValue(Map.of("message", "", "ttl", "1-day"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody(Void.class);
		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.name()).isEqualTo("POST /api/activities");
		assertThat(server.attribute("http.response.status_code").getIntValue()).isEqualTo(422);
	}

	@Test
	void nRequestsAreExactlyNServerSpans() {
		String agent = "count/" + UUID.randomUUID();
		int requests = 40;
		for (int i = 0; i < requests; i++) {
			this.client.get()
				.uri("/api/health-check")
				.header("User-Agent", agent)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(agent).size() >= requests);
		// A little longer, to see that no duplicate arrives late.
		await().during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.until(() -> serverSpans(agent).size() == requests);
		assertThat(serverSpans(agent)).hasSize(requests).extracting(ReceivedSpan::spanId).doesNotHaveDuplicates();
	}

	@Test
	void logLinesWrittenWhileServingCarryTheTraceAndSpanIds(CapturedOutput output) {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		this.client.post()
			.uri("/api/activities")
			.contentType(MediaType.APPLICATION_JSON)
			.header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
			.bodyValue(Map.of("message", "log me", "ttl", "1-day"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("Created activity"))
			.filter((l) -> l.contains(traceId))
			.findFirst()
			.orElse(null);
		assertThat(line).as("the 'Created activity' log line carries trace id " + traceId).isNotNull();
		assertThat(line).containsPattern(traceId + "[-, ]+[0-9a-f]{16}");
		// The line is written inside the create-activity span: it carries that span's id.
		Matcher ids = Pattern.compile(traceId + "[-, ]+([0-9a-f]{16})").matcher(line);
		assertThat(ids.find()).isTrue();
		ReceivedSpan createActivity = await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.spans()
				.stream()
				.filter((span) -> span.traceId().equals(traceId) && span.name().equals("create-activity"))
				.findFirst()
				.orElse(null), Objects::nonNull);
		assertThat(ids.group(1)).isEqualTo(createActivity.spanId());
	}

	/**
	 * The service's own DEBUG line for a client that left mid-request is written outside
	 * the store's work, so it needs its own restore of the request's span (context
	 * propagation is "limited").
	 */
	@Test
	void theClientLeftLineCarriesTheTraceId(CapturedOutput output) throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.getOutputStream()
				.write(("POST /api/activities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "traceparent: 00-" + traceId + "-00f067aa0ba902b7-01\r\n"
						+ "Content-Length: 1000\r\n\r\n{\"message\": \"half a cr")
					.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			// Long enough for the request to reach the controller, which waits for the
			// body.
			Thread.sleep(300);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().lines().anyMatch((line) -> line.contains("Client left")));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Client left")))
			.as("the 'Client left' line carries trace id " + traceId)
			.anyMatch((line) -> line.contains(traceId));
	}

	@Test
	void secretsAreNeverLoggedPutOnSpansOrShownByActuator(CapturedOutput output) {
		String agent = "secret/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/home")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		awaitServerSpan(agent);
		List<String> actuator = new java.util.ArrayList<>();
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/info", "/actuator/metrics",
				"/actuator/env", "/actuator/configprops")) {
			actuator.add(path + " "
					+ WebTestClient.bindToServer()
						.baseUrl("http://127.0.0.1:" + this.managementPort)
						.build()
						.get()
						.uri(path)
						.exchange()
						.expectBody(String.class)
						.returnResult()
						.getResponseBody());
		}
		for (String secret : List.of(API_KEY, AWS_ACCESS_KEY, AWS_SECRET_KEY)) {
			assertThat(output.getAll()).contains("OTLP trace export to " + receiver.tracesUrl()).doesNotContain(secret);
			assertThat(actuator).allSatisfy((body) -> assertThat(body).doesNotContain(secret));
			assertThat(receiver.spans()).allSatisfy((span) -> {
				assertThat(span.span().toString()).doesNotContain(secret);
				assertThat(span.resource().toString()).doesNotContain(secret);
			});
		}
	}

	private static List<ReceivedSpan> serverSpans(String userAgent) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.attribute("user_agent.original") != null
					&& userAgent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

	private static ReceivedSpan awaitServerSpan(String userAgent) {
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(userAgent).size() == 1);
		return serverSpans(userAgent).get(0);
	}

	private static ReceivedSpan awaitChild(ReceivedSpan parent, String name) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.spans().stream().anyMatch((span) -> isChild(span, parent, name)));
		return receiver.spans().stream().filter((span) -> isChild(span, parent, name)).findFirst().orElseThrow();
	}

	private static boolean isChild(ReceivedSpan span, ReceivedSpan parent, String name) {
		return span.name().equals(name) && span.traceId().equals(parent.traceId())
				&& span.parentSpanId().equals(parent.spanId());
	}

}
