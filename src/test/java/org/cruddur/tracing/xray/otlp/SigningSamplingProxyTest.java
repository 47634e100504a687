package org.cruddur.tracing.xray.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.cruddur.testing.FakeXrayApi;
import org.cruddur.testing.XraySpans;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.cruddur.tracing.xray.sampling.XraySamplingRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cruddur.testing.FakeXrayDaemon.ruleRecord;
import static org.cruddur.testing.FakeXrayDaemon.rulesResponse;

/**
 * Sampling without a daemon: the same X-Ray sampler as with one, pointed at the
 * in-process proxy, which signs its requests for the X-Ray API (a stand-in that checks
 * every signature); the API's rules decide, the local rules while it does not answer.
 */
// Each test has its own stand-ins; the others run during contrib's 10 s wait.
@Execution(ExecutionMode.CONCURRENT)
class SigningSamplingProxyTest {

	/** Local rules that sample everything: the test sees who decided. */
	private static final XraySamplingRules LOCAL_RULES = XraySamplingRules
		.load(Path.of("src/test/resources/xray/sample-everything.json"));

	private static final String RULES = rulesResponse(ruleRecord("HealthCheck", 1, 0.0, 0, "*", "/api/health-check"),
			ruleRecord("PostCruds", 2, 1.0, 0, "POST", "/api/activities"),
			ruleRecord("Default", 10000, 0.0, 0, "*", "*"));

	@Test
	void theApisRulesDecideThroughTheSigningProxy() throws Exception {
		try (FakeXrayApi api = FakeXrayApi.start(XrayOtlpExporters.VERIFIER, RULES);
				SigningSamplingProxy proxy = SigningSamplingProxy.start(api.url() + "/",
						signer("us-east-1", XrayOtlpExporters.TEST_CREDENTIALS), Duration.ofSeconds(5));
				XrayCentralizedSampler sampler = sampler(proxy.url())) {
			// the health probe has seen the rules, and contrib's sampler has fetched them
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sampler.isUsingCentralizedRules()
						&& sampler.getDescription().contains("XrayRulesSampler"));
			for (int i = 0; i < 5; i++) {
				assertThat(decide(sampler, "GET", "/api/health-check").getDecision()).isEqualTo(SamplingDecision.DROP);
				SamplingResult post = decide(sampler, "POST", "/api/activities");
				assertThat(post.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				assertThat(post.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("SampleRate")))
					.isEqualTo(1L);
			}
			assertThat(decide(sampler, "GET", "/api/activities/home").getDecision()).isEqualTo(SamplingDecision.DROP);
			assertThat(api.badSignatures.get()).isZero();
			assertThat(api.rulesRequests.get()).isPositive();

			String statistics = api.targetsRequests.poll(15, TimeUnit.SECONDS);
			assertThat(statistics).as("a signed POST /SamplingTargets").isNotNull();
			JsonNode documents = XraySpans.parse(statistics).get("SamplingStatisticsDocuments");
			assertThat(documents.isArray()).isTrue();
			JsonNode post = null;
			for (JsonNode document : documents) {
				if (document.get("RuleName").stringValue().equals("PostCruds")) {
					post = document;
				}
			}
			assertThat(post).isNotNull();
			assertThat(post.get("RequestCount").isInt()).isTrue();
			assertThat(post.get("RequestCount").intValue()).isEqualTo(5);
			assertThat(post.get("SampledCount").intValue()).isEqualTo(5);
			assertThat(api.badSignatures.get()).isZero();
		}
	}

	@Test
	void aBadSignatureOrNoCredentialsLeaveTheLocalRulesInCharge() throws Exception {
		try (FakeXrayApi api = FakeXrayApi.start(XrayOtlpExporters.VERIFIER, RULES);
				SigningSamplingProxy wrongRegion = SigningSamplingProxy.start(api.url(),
						signer("eu-west-1", XrayOtlpExporters.TEST_CREDENTIALS), Duration.ofSeconds(5));
				SigningSamplingProxy noCredentials = SigningSamplingProxy.start(api.url(),
						signer("us-east-1", XrayOtlpExporters.NO_CREDENTIALS), Duration.ofSeconds(5));
				XrayCentralizedSampler refused = sampler(wrongRegion.url());
				XrayCentralizedSampler unsigned = sampler(noCredentials.url())) {
			await().atMost(Duration.ofSeconds(5)).until(() -> api.badSignatures.get() >= 2);
			assertThat(refused.isUsingCentralizedRules()).isFalse();
			assertThat(unsigned.isUsingCentralizedRules()).isFalse();
			assertThat(decide(refused, "GET", "/api/health-check").getDecision())
				.as("the local rules sample everything")
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(api.rulesRequests.get()).isZero();

			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(noCredentials.url() + "/GetSamplingRules"))
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.body()).contains("no AWS credentials");
		}
	}

	@Test
	void onlyTheTwoSamplingOperationsAreForwarded() throws Exception {
		try (FakeXrayApi api = FakeXrayApi.start(XrayOtlpExporters.VERIFIER, RULES);
				SigningSamplingProxy proxy = SigningSamplingProxy.start(api.url(),
						signer("us-east-1", XrayOtlpExporters.TEST_CREDENTIALS), Duration.ofSeconds(5))) {
			HttpClient http = HttpClient.newHttpClient();
			for (String path : List.of("/TraceSegments", "/GetSamplingRules/../DeleteSamplingRule")) {
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + path))
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(path).isEqualTo(404);
			}
			assertThat(http
				.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/GetSamplingRules")).GET().build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode()).isEqualTo(404);
			assertThat(proxy.url()).startsWith("http://127.0.0.1:");
			assertThat(api.rulesRequests.get()).isZero();
		}
	}

	private static AwsRequestSigner signer(String region,
			software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
		return new AwsRequestSigner(region, new XrayCredentials(credentials, Duration.ofMinutes(1), System::nanoTime));
	}

	private static XrayCentralizedSampler sampler(String endpoint) {
		return XrayCentralizedSampler.builder(XraySpans.RESOURCE)
			.endpoint(endpoint)
			.localRules(LOCAL_RULES)
			.rulesPollingInterval(Duration.ofMillis(300))
			.healthCheckInterval(Duration.ofMillis(100))
			.healthCheckTimeout(Duration.ofSeconds(2))
			.build();
	}

	private static SamplingResult decide(XrayCentralizedSampler sampler, String method, String path) {
		Attributes request = Attributes.builder()
			.put("http.request.method", method)
			.put("url.path", path)
			.put("server.address", "api.cruddur.example")
			.build();
		return sampler.shouldSample(Context.root(), IdGenerator.random().generateTraceId(), "http request",
				SpanKind.SERVER, request, List.of());
	}

}
