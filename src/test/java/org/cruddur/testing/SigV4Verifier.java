package org.cruddur.testing;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a received request's SigV4 signature the only trustworthy way: by signing the
 * same request again with the AWS SDK's signer, from the same (fake) credentials, at the
 * time the request says it was signed, and comparing the {@code Authorization} headers. A
 * changed byte of the body, another region, service or key gives another signature.
 */
public final class SigV4Verifier {

	/** Obvious fakes: they sign test requests to loopback stand-ins, nothing else. */
	public static final Credentials TEST_CREDENTIALS = new Credentials("FAKEACCESSKEYCRUDDUR",
			"fake-secret-for-cruddur-tests-only", null);

	private static final Pattern AUTHORIZATION = Pattern.compile(
			"AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Credentials credentials;

	private final String region;

	private final String service;

	public SigV4Verifier(Credentials credentials, String region, String service) {
		this.credentials = credentials;
		this.region = region;
		this.service = service;
	}

	/**
	 * Why the signature is wrong, or {@code null} when it is right.
	 * @param headers the received headers, looked up case-insensitively
	 */
	public String problem(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
		String authorization = first(headers, "Authorization");
		String date = first(headers, "X-Amz-Date");
		if (authorization == null || date == null) {
			return "unsigned: no Authorization or X-Amz-Date header";
		}
		Matcher parts = AUTHORIZATION.matcher(authorization);
		if (!parts.matches()) {
			return "not a SigV4 Authorization header";
		}
		SdkHttpRequest.Builder request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(method))
			.uri(URI.create("http://" + first(headers, "Host") + uri.getRawPath()));
		for (String name : parts.group(5).split(";")) {
			if (!name.equals("host")) {
				request.putHeader(name, get(headers, name));
			}
		}
		Instant signedAt = Instant.from(AMZ_DATE.parse(date));
		String expected = AwsV4HttpSigner.create()
			.sign((signing) -> signing.identity(identity())
				.request(request.build())
				.payload(ContentStreamProvider.fromByteArrayUnsafe(body))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, this.service)
				.putProperty(AwsV4HttpSigner.REGION_NAME, this.region)
				.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
			.request()
			.firstMatchingHeader("Authorization")
			.orElse("");
		return expected.equals(authorization) ? null : "signature mismatch: got scope " + parts.group(3) + "/"
				+ parts.group(4) + ", expected " + this.region + "/" + this.service;
	}

	private AwsCredentialsIdentity identity() {
		return (this.credentials.sessionToken() == null)
				? AwsBasicCredentials.create(this.credentials.accessKeyId(), this.credentials.secretAccessKey())
				: AwsSessionCredentials.create(this.credentials.accessKeyId(), this.credentials.secretAccessKey(),
						this.credentials.sessionToken());
	}

	private static String first(Map<String, List<String>> headers, String name) {
		List<String> values = get(headers, name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static List<String> get(Map<String, List<String>> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	/** AWS credentials for a test; {@code sessionToken} null for long-term keys. */
	public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

		@Override
		public String toString() {
			return "Credentials{accessKeyId=" + this.accessKeyId + "}";
		}

	}

}
