package org.cruddur.tracing.xray.otlp;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cruddur.testing.FakeXrayApi;
import org.cruddur.testing.SigV4Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.cruddur.testing.FakeXrayDaemon.ruleRecord;
import static org.cruddur.testing.FakeXrayDaemon.rulesResponse;

/**
 * The signing proxy alone, one request at a time, without a sampler (fast enough for
 * mutation testing): what it forwards, signed, and what it answers itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningSamplingProxyForwardingTest {

	private static final String RULES = rulesResponse(ruleRecord("Default", 10000, 0.05, 1, "*", "*"));

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void bothSamplingOperationsAreForwardedSignedWithTheirBodyAndAnswer() throws Exception {
		try (FakeXrayApi api = FakeXrayApi.start(XrayOtlpExporters.VERIFIER, RULES);
				SigningSamplingProxy proxy = proxy(" " + api.url() + "// ", XrayOtlpExporters.TEST_CREDENTIALS)) {
			assertThat(proxy.api()).isEqualTo(api.url());
			HttpResponse<String> rules = post(proxy, "/GetSamplingRules", "{}");
			assertThat(rules.statusCode()).isEqualTo(200);
			assertThat(rules.body()).isEqualTo(RULES);
			assertThat(rules.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
			assertThat(api.rulesRequests.get()).isEqualTo(1);

			api.answerTargetsWith("{\"SamplingTargetDocuments\":[]}");
			String statistics = "{\"SamplingStatisticsDocuments\":[]}";
			HttpResponse<String> targets = post(proxy, "/SamplingTargets", statistics);
			assertThat(targets.statusCode()).isEqualTo(200);
			assertThat(targets.body()).isEqualTo("{\"SamplingTargetDocuments\":[]}");
			assertThat(api.targetsRequests.poll(5, TimeUnit.SECONDS)).isEqualTo(statistics);
			assertThat(api.badSignatures.get()).isZero();
		}
	}

	@Test
	void theApisRefusalIsPassedOn() throws Exception {
		try (FakeXrayApi api = FakeXrayApi.start(new SigV4Verifier(SigV4Verifier.TEST_CREDENTIALS, "eu-west-1", "xray"),
				RULES); SigningSamplingProxy proxy = proxy(api.url(), XrayOtlpExporters.TEST_CREDENTIALS)) {
			HttpResponse<String> refused = post(proxy, "/GetSamplingRules", "{}");
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("InvalidSignatureException");
			assertThat(api.badSignatures.get()).isEqualTo(1);
		}
	}

	@Test
	void withoutCredentialsItAnswers503AndWithoutAnApi502() throws Exception {
		try (SigningSamplingProxy unsigned = proxy("http://127.0.0.1:9", XrayOtlpExporters.NO_CREDENTIALS)) {
			HttpResponse<String> answer = post(unsigned, "/GetSamplingRules", "{}");
			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.body()).isEqualTo("{\"message\":\"no AWS credentials to sign with\"}");
			assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
		}
		try (SigningSamplingProxy unreachable = proxy("http://127.0.0.1:9", XrayOtlpExporters.TEST_CREDENTIALS)) {
			HttpResponse<String> answer = post(unreachable, "/SamplingTargets", "{}");
			assertThat(answer.statusCode()).isEqualTo(502);
			assertThat(answer.body()).isEqualTo("{\"message\":\"the X-Ray API did not answer\"}");
		}
	}

	@Test
	void otherRequestsAreNotFound() throws Exception {
		try (FakeXrayApi api = FakeXrayApi.start(XrayOtlpExporters.VERIFIER, RULES);
				SigningSamplingProxy proxy = proxy(api.url(), XrayOtlpExporters.TEST_CREDENTIALS)) {
			HttpResponse<String> other = post(proxy, "/TraceSegments", "{}");
			assertThat(other.statusCode()).isEqualTo(404);
			assertThat(other.body()).isEqualTo("{\"message\":\"not a sampling request\"}");
			HttpResponse<String> get = this.http.send(
					HttpRequest.newBuilder(URI.create(proxy.url() + "/GetSamplingRules")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(get.statusCode()).isEqualTo(404);
			assertThat(api.rulesRequests.get()).isZero();
		}
	}

	@Test
	void aRequestThatCannotBeSignedIsAnswered500AndLogged(CapturedOutput output) throws Exception {
		// credentials the signer cannot use: no secret
		AwsCredentialsProvider broken = () -> new AwsCredentials() {

			@Override
			public String accessKeyId() {
				return "FAKEACCESSKEYBROKEN";
			}

			@Override
			public String secretAccessKey() {
				return null;
			}

		};
		try (FakeXrayApi api = FakeXrayApi.start(XrayOtlpExporters.VERIFIER, RULES);
				SigningSamplingProxy proxy = proxy(api.url(), broken)) {
			HttpResponse<String> answer = post(proxy, "/GetSamplingRules", "{}");
			assertThat(answer.statusCode()).isEqualTo(500);
			assertThat(answer.body()).isEqualTo("{\"message\":\"not signed\"}");
			assertThat(api.rulesRequests.get()).isZero();
			assertThat(output).contains("X-Ray sampling: a request to the X-Ray API could not be signed");
		}
	}

	@Test
	void onceClosedItsPortIsFree() throws Exception {
		SigningSamplingProxy proxy = proxy("http://127.0.0.1:9", XrayOtlpExporters.TEST_CREDENTIALS);
		URI url = URI.create(proxy.url());
		proxy.close();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), url.getPort()).close());
	}

	private static SigningSamplingProxy proxy(String api, AwsCredentialsProvider credentials) throws Exception {
		return SigningSamplingProxy.start(api,
				new AwsRequestSigner("us-east-1",
						new XrayCredentials(credentials, Duration.ofMinutes(1), System::nanoTime)),
				Duration.ofSeconds(5));
	}

	private HttpResponse<String> post(SigningSamplingProxy proxy, String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(proxy.url() + path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
