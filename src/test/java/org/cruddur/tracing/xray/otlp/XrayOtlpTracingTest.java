package org.cruddur.tracing.xray.otlp;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.cruddur.testing.FakeXrayApi;
import org.cruddur.testing.FakeXrayDaemon;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.SigV4Verifier;
import org.cruddur.tracing.xray.segment.XrayUdpSpanExporter;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code XRAY_EXPORT=otlp} end to end in the application: the same requests seen by the
 * Honeycomb receiver and by a stand-in for X-Ray's OTLP endpoint (every request's
 * signature checked), sampling rules from a stand-in for the X-Ray API, no daemon and no
 * UDP exporter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
@Import(XrayOtlpTracingTest.FakeCredentials.class)
// The stand-ins stop with the class, so the context does too.
@DirtiesContext
class XrayOtlpTracingTest {

	static final OtlpReceiver honeycomb = OtlpReceiver.start();

	static final FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER);

	static final FakeXrayApi api = startApi();

	@DynamicPropertySource
	static void environment(DynamicPropertyRegistry registry) {
		registry.add("XRAY_EXPORT", () -> "otlp");
		registry.add("XRAY_OTLP_ENDPOINT", xray::tracesUrl);
		registry.add("XRAY_API_ENDPOINT", api::url);
		registry.add("AWS_REGION", () -> "us-east-1");
		registry.add("OTEL_SERVICE_NAME", () -> "cruddur-backend");
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", honeycomb::tracesUrl);
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
		registry.add("cruddur.xray.schedule-delay", () -> "100ms");
	}

	static FakeXrayApi startApi() {
		try {
			return FakeXrayApi.start(XrayOtlpExporters.VERIFIER,
					FakeXrayDaemon.rulesResponse(
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
		honeycomb.close();
		xray.close();
		api.close();
	}

	@Autowired
	WebTestClient client;

	@Autowired
	XrayCentralizedSampler sampler;

	@BeforeEach
	void theApisRulesDecide() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.sampler.isUsingCentralizedRules()
					&& this.sampler.getDescription().contains("XrayRulesSampler"));
	}

	@Test
	void spansReachXraySignedWithTheIdsHoneycombSees(CapturedOutput output) {
		String agent = "otlp-xray/" + UUID.randomUUID();
		String header = this.client.get()
			.uri("/api/activities/home")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Amzn-Trace-Id");
		ReceivedSpan atXray = awaitServerSpan(xray::spans, agent);
		ReceivedSpan atHoneycomb = awaitServerSpan(honeycomb::spans, agent);
		assertThat(atXray.traceId()).isEqualTo(atHoneycomb.traceId());
		assertThat(atXray.spanId()).isEqualTo(atHoneycomb.spanId());
		assertThat(header)
			.isEqualTo("Root=1-" + atXray.traceId().substring(0, 8) + "-" + atXray.traceId().substring(8));
		assertThat(strings(atXray.attribute("aws.xray.annotations"))).containsExactlyInAnyOrder("http.route",
				"http.request.method", "http.response.status_code");
		assertThat(atXray.attribute("http.response.status_code").getIntValue()).isEqualTo(200);
		assertThat(atHoneycomb.attribute("aws.xray.annotations")).isNull();
		assertThat(atXray.resourceAttribute("service.name").getStringValue()).isEqualTo("cruddur-backend");
		assertThat(xray.requests()).extracting(FakeXrayOtlpEndpoint.Request::signatureProblem).containsOnlyNulls();
		assertThat(output)
			.contains("X-Ray export: OTLP to " + xray.tracesUrl() + ", SigV4-signed (service xray, "
					+ "region us-east-1)")
			.contains("Sampler: xray, rules from the X-Ray API at " + api.url())
			.doesNotContain("X-Ray export to the daemon")
			.doesNotContain(SigV4Verifier.TEST_CREDENTIALS.secretAccessKey());
	}

	@Test
	void theSeedsMockDataReachesXrayAsAttributesOfItsSpan() {
		String agent = "otlp-mock-data/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/@worf")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		String traceId = awaitServerSpan(xray::spans, agent).traceId();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> xray.spans()
				.stream()
				.anyMatch((span) -> span.traceId().equals(traceId) && span.name().equals("mock-data")));
		ReceivedSpan mockData = xray.spans()
			.stream()
			.filter((span) -> span.traceId().equals(traceId) && span.name().equals("mock-data"))
			.findFirst()
			.orElseThrow();
		assertThat(mockData.attribute("app.result_length").hasIntValue()).isTrue();
		assertThat(mockData.attribute("app.result_length").getIntValue()).isEqualTo(1);
		assertThat(mockData.attribute("app.now").getStringValue()).isNotBlank();
	}

	@Test
	void theXrayApisRulesDecideForBothBackends() {
		String healthAgent = "otlp-probe/" + UUID.randomUUID();
		String postAgent = "otlp-post/" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/api/health-check")
				.header("User-Agent", healthAgent)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
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
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(xray.spans(), postAgent).size() == 5);
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(honeycomb.spans(), postAgent).size() == 5);
		assertThat(serverSpans(xray.spans(), healthAgent)).isEmpty();
		assertThat(serverSpans(honeycomb.spans(), healthAgent)).isEmpty();
		assertThat(serverSpans(xray.spans(), postAgent).get(0).attribute("SampleRate").getIntValue()).isEqualTo(1);
		assertThat(api.badSignatures.get()).isZero();
	}

	@Test
	void aThrottlingAndFailingXrayLosesNoSpanARetrySavesAndSlowsNoRequest() {
		String agent = "otlp-slow/" + UUID.randomUUID();
		xray.delay(Duration.ofSeconds(1));
		xray.answerNext(429, 503);
		try {
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				this.client.get()
					.uri("/api/activities/home")
					.header("User-Agent", agent)
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(Void.class);
				assertThat(Duration.ofNanos(System.nanoTime() - start))
					.as("a request never waits for X-Ray (which takes 1 s to answer)")
					.isLessThan(Duration.ofMillis(900));
			}
			await().atMost(Duration.ofSeconds(3)).until(() -> serverSpans(honeycomb.spans(), agent).size() == 10);
			await().atMost(Duration.ofSeconds(20)).until(() -> serverSpans(xray.spans(), agent).size() == 10);
		}
		finally {
			xray.delay(Duration.ZERO);
		}
		assertThat(xray.requests()).extracting(FakeXrayOtlpEndpoint.Request::status).contains(429, 503);
	}

	@Test
	void noDaemonPartRunsAndTheExportIsCounted(@Autowired ApplicationContext context,
			@Autowired MeterRegistry registry) {
		assertThat(context.getBeansOfType(XrayUdpSpanExporter.class)).isEmpty();
		assertThat(context.getBeanNamesForType(com.amazonaws.xray.config.DaemonConfiguration.class)).isEmpty();
		assertThat(context.getBeansOfType(BatchSpanProcessor.class)).containsOnlyKeys("otlpSpanProcessor",
				"xrayOtlpSpanProcessor");
		this.client.get().uri("/api/activities/home").exchange().expectStatus().isOk().expectBody(Void.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.get("cruddur.tracing.xray.otlp.spans")
				.tag("result", "sent")
				.functionCounter()
				.count() > 0);
		assertThat(registry.get("cruddur.tracing.xray.otlp.spans")
			.tag("result", "dropped")
			.tag("reason", "no_credentials")
			.functionCounter()
			.count()).isZero();
	}

	private static List<String> strings(AnyValue value) {
		return value.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList();
	}

	private static List<ReceivedSpan> serverSpans(List<ReceivedSpan> spans, String userAgent) {
		return spans.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.attribute("user_agent.original") != null
					&& userAgent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

	private static ReceivedSpan awaitServerSpan(Supplier<List<ReceivedSpan>> spans, String userAgent) {
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(spans.get(), userAgent).size() == 1);
		return serverSpans(spans.get(), userAgent).get(0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FakeCredentials {

		@Bean
		AwsCredentialsProvider testCredentials() {
			return XrayOtlpExporters.TEST_CREDENTIALS;
		}

	}

}
