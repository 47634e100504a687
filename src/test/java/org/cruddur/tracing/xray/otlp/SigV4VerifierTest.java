package org.cruddur.tracing.xray.otlp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cruddur.testing.SigV4Verifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-ins' signature check accepts exactly what was signed: a changed body byte,
 * another region, service or key is refused. Without this, "the signature verifies" would
 * prove nothing.
 */
class SigV4VerifierTest {

	private static final byte[] BODY = "{\"spans\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);

	private final SdkHttpRequest signed = new AwsRequestSigner("us-east-1",
			new XrayCredentials(XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofMinutes(1), System::nanoTime))
		.sign(SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://127.0.0.1:4318/v1/traces"))
			.putHeader("Content-Type", "application/x-protobuf")
			.build(), BODY);

	@Test
	void theSignedRequestVerifies() {
		assertThat(verifier("us-east-1", "xray").problem("POST", URI.create("/v1/traces"), headers(), BODY)).isNull();
	}

	@Test
	void aChangedBodyByteFails() {
		byte[] tampered = BODY.clone();
		tampered[3] ^= 1;
		assertThat(verifier("us-east-1", "xray").problem("POST", URI.create("/v1/traces"), headers(), tampered))
			.startsWith("signature mismatch");
	}

	@Test
	void anotherRegionServiceKeyOrPathFails() {
		assertThat(verifier("eu-west-1", "xray").problem("POST", URI.create("/v1/traces"), headers(), BODY))
			.startsWith("signature mismatch");
		assertThat(verifier("us-east-1", "logs").problem("POST", URI.create("/v1/traces"), headers(), BODY))
			.startsWith("signature mismatch");
		assertThat(new SigV4Verifier(new SigV4Verifier.Credentials(SigV4Verifier.TEST_CREDENTIALS.accessKeyId(),
				"another-fake-secret", null), "us-east-1", "xray")
			.problem("POST", URI.create("/v1/traces"), headers(), BODY)).startsWith("signature mismatch");
		assertThat(verifier("us-east-1", "xray").problem("POST", URI.create("/v1/logs"), headers(), BODY))
			.startsWith("signature mismatch");
	}

	@Test
	void anUnsignedRequestFails() {
		assertThat(verifier("us-east-1", "xray").problem("POST", URI.create("/v1/traces"),
				Map.of("Host", List.of("127.0.0.1:4318")), BODY))
			.startsWith("unsigned");
	}

	private Map<String, List<String>> headers() {
		return this.signed.headers();
	}

	private static SigV4Verifier verifier(String region, String service) {
		return new SigV4Verifier(SigV4Verifier.TEST_CREDENTIALS, region, service);
	}

}
