package org.cruddur.tracing.xray.otlp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cruddur.testing.AppProcess;
import org.cruddur.testing.FakeSts;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.SigV4Verifier;
import org.cruddur.testing.XraySpans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the credentials come from, with real environment variables (so in a child JVM):
 * the AWS SDK's default chain signs with access keys from the environment, or with the
 * temporary credentials STS (a stand-in, reached through the SDK's endpoint override)
 * gives for a web identity token file, as on EKS with IRSA; with none, requests still
 * succeed and X-Ray's spans are dropped and counted. Never a credential in the output.
 */
// Each test has its own child JVM and stand-ins: they start at the same time.
@Execution(ExecutionMode.CONCURRENT)
class XrayOtlpCredentialsTest {

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path directory;

	@Test
	void accessKeysFromTheEnvironmentSign() throws Exception {
		SigV4Verifier.Credentials keys = SigV4Verifier.TEST_CREDENTIALS;
		try (FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(new SigV4Verifier(keys, "us-east-1", "xray"))) {
			Map<String, String> environment = environment(xray);
			environment.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
			environment.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
			try (AppProcess app = start(environment)) {
				get(app, "/api/activities/home");
				await().atMost(Duration.ofSeconds(20))
					.until(() -> xray.spans()
						.stream()
						.map(ReceivedSpan::name)
						.anyMatch("GET /api/activities/home"::equals));
				assertThat(xray.requests()).extracting(FakeXrayOtlpEndpoint.Request::signatureProblem)
					.containsOnlyNulls();
				assertThat(xray.requests().get(0).header("Authorization")).contains("Credential=" + keys.accessKeyId());
				assertThat(app.output()).contains("AWS credentials found").doesNotContain(keys.secretAccessKey());
			}
		}
	}

	@Test
	void aWebIdentityTokenIsExchangedWithStsForTemporaryCredentials() throws Exception {
		SigV4Verifier.Credentials issued = FakeSts.ISSUED;
		Path token = Files.writeString(this.directory.resolve("token"), "fake-oidc-token-for-cruddur-tests");
		try (FakeSts sts = FakeSts.start();
				FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint
					.start(new SigV4Verifier(issued, "us-east-1", "xray"))) {
			Map<String, String> environment = environment(xray);
			environment.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
			environment.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/cruddur-backend");
			environment.put("AWS_ROLE_SESSION_NAME", "cruddur-test");
			environment.put("AWS_ENDPOINT_URL_STS", sts.url());
			// the AWS SDK at DEBUG: what it logs must not carry a credential either
			try (AppProcess app = AppProcess.start(environment, "--cruddur.xray.schedule-delay=100ms",
					"--logging.level.software.amazon.awssdk=DEBUG", "--logging.level.org.cruddur.tracing=DEBUG")) {
				get(app, "/api/activities/home");
				await().atMost(Duration.ofSeconds(20)).until(() -> !xray.spans().isEmpty());
				Map<String, String> assumed = sts.requests.poll(5, TimeUnit.SECONDS);
				assertThat(assumed).containsEntry("Action", "AssumeRoleWithWebIdentity")
					.containsEntry("RoleArn", "arn:aws:iam::123456789012:role/cruddur-backend")
					.containsEntry("WebIdentityToken", "fake-oidc-token-for-cruddur-tests");
				assertThat(xray.requests()).extracting(FakeXrayOtlpEndpoint.Request::signatureProblem)
					.containsOnlyNulls();
				assertThat(xray.requests().get(0).header("X-Amz-Security-Token")).isEqualTo(issued.sessionToken());
				assertThat(app.output()).contains("DEBUG")
					.contains("software.amazon.awssdk")
					.doesNotContain(issued.secretAccessKey())
					.doesNotContain(issued.sessionToken())
					.doesNotContain("fake-oidc-token-for-cruddur-tests");
			}
		}
	}

	@Test
	void withoutCredentialsRequestsSucceedAndXraysSpansAreCountedAsDropped() throws Exception {
		try (FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER)) {
			try (AppProcess app = start(environment(xray))) {
				for (int i = 0; i < 3; i++) {
					assertThat(get(app, "/api/activities/home")).isEqualTo(200);
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> droppedWithoutCredentials(app) >= 3);
				assertThat(xray.requests()).isEmpty();
				assertThat(app.output().lines().filter((line) -> line.contains("no AWS credentials"))).singleElement()
					.asString()
					.contains("dropped and counted");
			}
		}
	}

	/** X-Ray over OTLP to the stand-in, no credential of the test machine's in reach. */
	private static Map<String, String> environment(FakeXrayOtlpEndpoint xray) {
		Map<String, String> environment = new HashMap<>();
		environment.put("XRAY_EXPORT", "otlp");
		environment.put("XRAY_OTLP_ENDPOINT", xray.tracesUrl());
		// nothing answers there: the local sampling rules (sample the seed's way) decide
		environment.put("XRAY_API_ENDPOINT", "http://127.0.0.1:9");
		environment.put("XRAY_SAMPLING_RULES_FILE", "src/test/resources/xray/sample-everything.json");
		environment.put("AWS_REGION", "us-east-1");
		environment.put("AWS_EC2_METADATA_DISABLED", "true");
		environment.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
		environment.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
		return environment;
	}

	private static AppProcess start(Map<String, String> environment) throws IOException, InterruptedException {
		return AppProcess.start(environment, "--cruddur.xray.schedule-delay=100ms");
	}

	private static int get(AppProcess app, String path) throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static double droppedWithoutCredentials(AppProcess app) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest
					.newBuilder(URI.create(app.managementUrl() + "/actuator/metrics/cruddur.tracing.xray.otlp.spans"
							+ "?tag=result:dropped&tag=reason:no_credentials"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			return -1;
		}
		JsonNode measurements = XraySpans.parse(response.body()).get("measurements");
		List<JsonNode> counts = new java.util.ArrayList<>();
		measurements.forEach(counts::add);
		assertThat(counts).singleElement().satisfies((count) -> assertThat(count.get("value").isNumber()).isTrue());
		return counts.get(0).get("value").doubleValue();
	}

}
