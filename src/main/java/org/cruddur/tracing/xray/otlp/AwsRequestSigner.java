package org.cruddur.tracing.xray.otlp;

import java.util.Objects;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 for X-Ray (service {@code xray}) with the AWS SDK's own signer, over the exact
 * bytes that will be sent (compressed, when they are). Thread-safe.
 */
final class AwsRequestSigner {

	static final String SERVICE = "xray";

	private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

	private final String region;

	private final XrayCredentials credentials;

	AwsRequestSigner(String region, XrayCredentials credentials) {
		this.region = Objects.requireNonNull(region, "region");
		this.credentials = Objects.requireNonNull(credentials, "credentials");
	}

	/**
	 * The request with its signature headers ({@code Authorization}, {@code X-Amz-Date},
	 * and {@code X-Amz-Security-Token} for temporary credentials), or {@code null} when
	 * there are no credentials.
	 */
	SdkHttpRequest sign(SdkHttpRequest request, byte[] body) {
		AwsCredentialsIdentity identity = this.credentials.current();
		if (identity == null) {
			return null;
		}
		return this.signer
			.sign((signing) -> signing.identity(identity)
				.request(request)
				.payload(ContentStreamProvider.fromByteArrayUnsafe(body))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
				.putProperty(AwsV4HttpSigner.REGION_NAME, this.region))
			.request();
	}

	String region() {
		return this.region;
	}

}
