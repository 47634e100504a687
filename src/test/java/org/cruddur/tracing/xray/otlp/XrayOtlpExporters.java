package org.cruddur.tracing.xray.otlp;

import java.time.Duration;
import java.util.Set;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.cruddur.testing.SigV4Verifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The X-Ray OTLP pipeline as the configuration builds it, with test-sized timings. */
final class XrayOtlpExporters {

	static final AwsCredentialsProvider TEST_CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials
		.create(SigV4Verifier.TEST_CREDENTIALS.accessKeyId(), SigV4Verifier.TEST_CREDENTIALS.secretAccessKey()));

	static final AwsCredentialsProvider NO_CREDENTIALS = () -> {
		throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
	};

	/** The region the exporters here sign for, unless a test names another. */
	static final String REGION = "us-east-1";

	/**
	 * What the stand-in X-Ray endpoints check signatures against: the fake credentials,
	 * {@link #REGION}, X-Ray's signing name.
	 */
	static final SigV4Verifier VERIFIER = new SigV4Verifier(SigV4Verifier.TEST_CREDENTIALS, REGION, "xray");

	static final RetryPolicy FAST_RETRIES = RetryPolicy.builder()
		.setMaxAttempts(5)
		.setInitialBackoff(Duration.ofMillis(50))
		.setMaxBackoff(Duration.ofMillis(200))
		.setBackoffMultiplier(2)
		.build();

	private XrayOtlpExporters() {
	}

	static XrayOtlpSpanExporter exporter(String url, String region, AwsCredentialsProvider credentials,
			Duration timeout, long maxRequestBytes) {
		XrayCredentials source = credentials(credentials);
		OtlpHttpSpanExporter otlp = signing(url, region, source).setTimeout(timeout).build();
		XraySpanLimits limits = new XraySpanLimits(Set.of("http.route", "http.request.method"),
				XraySpanLimits.MAX_SPAN_BYTES);
		return new XrayOtlpSpanExporter(otlp, limits, source, maxRequestBytes);
	}

	/**
	 * The SDK's OTLP exporter on the signing sender, as the configuration builds it:
	 * gzip, test-sized retries; no X-Ray limits (those are
	 * {@link XrayOtlpSpanExporter}'s).
	 */
	static OtlpHttpSpanExporterBuilder signing(String url, String region, XrayCredentials credentials) {
		SigningHttpSenderProvider sender = new SigningHttpSenderProvider(new AwsRequestSigner(region, credentials));
		return OtlpHttpSpanExporter.builder()
			.setComponentLoader(sender.componentLoader())
			.setEndpoint(url)
			.setCompression("gzip")
			.setRetryPolicy(FAST_RETRIES);
	}

	static XrayCredentials credentials(AwsCredentialsProvider provider) {
		return new XrayCredentials(provider, Duration.ofMinutes(1), System::nanoTime);
	}

	static XrayOtlpSpanExporter exporter(String url, AwsCredentialsProvider credentials) {
		return exporter(url, REGION, credentials, Duration.ofSeconds(5), SigningHttpSender.MAX_REQUEST_BYTES);
	}

}
