package org.cruddur.tracing.xray.otlp;

import org.cruddur.tracing.RateLimitedWarning;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The OTLP exporter's HTTP sender for X-Ray: takes the marshalled (and compressed) body
 * as bytes, signs exactly those bytes with SigV4, and sends them with the JDK's HTTP
 * client, synchronously on the exporter's thread (the batch processor's worker: never a
 * request thread).
 *
 * <p>
 * Retries follow the exporter's {@link RetryPolicy} (exponential backoff with ±20%
 * jitter) on 429, 500, 502, 503, 504 and network errors, each attempt signed anew, all
 * within the exporter's timeout: a retry that would not fit is not made. Any other status
 * fails the batch at once, its response body in a rate-limited log line. Every failure
 * reaches the exporter as an {@link ExportFailure} naming why.
 */
final class SigningHttpSender implements HttpSender {

	/** X-Ray's limit on one request, uncompressed. */
	static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;

	/** Set by the JDK client itself, which refuses them from callers. */
	private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "expect",
			"upgrade");

	private static final int MAX_LOGGED_BODY = 512;

	private static final Logger logger = LoggerFactory.getLogger(SigningHttpSender.class);

	private final HttpSenderConfig config;

	private final AwsRequestSigner signer;

	private final HttpClient http;

	private final RateLimitedWarning rejections;

	SigningHttpSender(HttpSenderConfig config, AwsRequestSigner signer) {
		this.config = config;
		this.signer = signer;
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(config.getConnectTimeout());
		if (config.getProxyOptions() != null) {
			http.proxy(config.getProxyOptions().getProxySelector());
		}
		if (config.getSslContext() != null) {
			http.sslContext(config.getSslContext());
		}
		this.http = http.build();
		this.rejections = new RateLimitedWarning(logger, Duration.ofSeconds(30), System::nanoTime);
	}

	@Override
	public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
		if (message.getContentLength() > MAX_REQUEST_BYTES) {
			onError.accept(new ExportFailure(ExportFailure.Reason.TOO_LARGE,
					"request of " + message.getContentLength() + " bytes, X-Ray takes at most " + MAX_REQUEST_BYTES));
			return;
		}
		byte[] body;
		try {
			body = body(message);
		}
		catch (IOException ex) {
			onError.accept(ex);
			return;
		}
		long deadline = System.nanoTime() + this.config.getTimeout().toNanos();
		SdkHttpRequest unsigned = unsignedRequest();
		for (int attempt = 1;; attempt++) {
			SdkHttpRequest signed = this.signer.sign(unsigned, body);
			if (signed == null) {
				onError.accept(new ExportFailure(ExportFailure.Reason.NO_CREDENTIALS, "no AWS credentials"));
				return;
			}
			Attempt result = attempt(signed, body, deadline);
			if (result.succeeded()) {
				onResponse.accept(result.response());
				return;
			}
			if (!result.retryable(retryableException()) || !waitBeforeRetry(attempt, deadline)) {
				onError.accept(failure(result, attempt, body.length));
				return;
			}
		}
	}

	private byte[] body(MessageWriter message) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream(message.getContentLength());
		Compressor compressor = this.config.getCompressor();
		if (compressor == null) {
			message.writeMessage(buffer);
		}
		else {
			try (OutputStream compressed = compressor.compress(buffer)) {
				message.writeMessage(compressed);
			}
		}
		return buffer.toByteArray();
	}

	private SdkHttpRequest unsignedRequest() {
		SdkHttpRequest.Builder request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(this.config.getEndpoint())
			.putHeader("Content-Type", this.config.getContentType());
		if (this.config.getCompressor() != null) {
			request.putHeader("Content-Encoding", this.config.getCompressor().getEncoding());
		}
		Map<String, List<String>> headers = this.config.getHeadersSupplier().get();
		if (headers != null) {
			headers.forEach(request::putHeader);
		}
		return request.build();
	}

	private Attempt attempt(SdkHttpRequest signed, byte[] body, long deadline) {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			return new Attempt(null, new IOException("the exporter's timeout ran out"));
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.config.getEndpoint().toString()))
			.timeout(Duration.ofNanos(remaining))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		signed.forEachHeader((name, values) -> {
			if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		try {
			java.net.http.HttpResponse<InputStream> response = this.http.send(request.build(),
					BodyHandlers.ofInputStream());
			byte[] responseBody;
			try (InputStream in = response.body()) {
				responseBody = in.readNBytes((int) Math.min(Integer.MAX_VALUE, this.config.getMaxResponseBodySize()));
			}
			String requestId = response.headers().firstValue("x-amzn-RequestId").orElse("");
			return new Attempt(new Response(response.statusCode(), requestId, responseBody), null);
		}
		catch (IOException ex) {
			return new Attempt(null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Attempt(null, new IOException("interrupted"));
		}
	}

	private Predicate<IOException> retryableException() {
		RetryPolicy policy = this.config.getRetryPolicy();
		Predicate<IOException> predicate = (policy != null) ? policy.getRetryExceptionPredicate() : null;
		return (predicate != null) ? predicate : (ex) -> !Thread.currentThread().isInterrupted();
	}

	/**
	 * Sleeps the backoff before attempt {@code attempt + 1}, if the policy allows one and
	 * it fits.
	 */
	private boolean waitBeforeRetry(int attempt, long deadline) {
		RetryPolicy policy = this.config.getRetryPolicy();
		if (policy == null || attempt >= policy.getMaxAttempts()) {
			return false;
		}
		long sleep = backoffNanos(policy, attempt, ThreadLocalRandom.current().nextDouble(0.8, 1.2));
		if (System.nanoTime() + sleep >= deadline) {
			return false;
		}
		try {
			Thread.sleep(Duration.ofNanos(sleep).toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The wait after attempt {@code attempt} (from 1): the policy's initial backoff times
	 * its multiplier per earlier retry, at most its maximum, times {@code jitter}.
	 */
	static long backoffNanos(RetryPolicy policy, int attempt, double jitter) {
		double backoff = Math.min(
				policy.getInitialBackoff().toNanos() * Math.pow(policy.getBackoffMultiplier(), attempt - 1),
				policy.getMaxBackoff().toNanos());
		return (long) (backoff * jitter);
	}

	private ExportFailure failure(Attempt result, int attempts, int bytes) {
		String tries = (attempts == 1) ? "" : " after " + attempts + " attempts";
		if (result.response() == null) {
			return new ExportFailure(ExportFailure.Reason.UNAVAILABLE, result.exception() + tries);
		}
		int status = result.response().getStatusCode();
		if (result.retryableStatus()) {
			return new ExportFailure(ExportFailure.Reason.UNAVAILABLE, "HTTP " + status + tries);
		}
		this.rejections.warn("X-Ray OTLP: the endpoint refused a batch of {} bytes with HTTP {} (request id {}): {}",
				bytes, status, result.response().getStatusMessage(), excerpt(result.response().getResponseBody()));
		return new ExportFailure(ExportFailure.Reason.REJECTED, "HTTP " + status);
	}

	private static String excerpt(byte[] body) {
		String text = new String(body, 0, Math.min(body.length, MAX_LOGGED_BODY),
				java.nio.charset.StandardCharsets.UTF_8);
		return text.replaceAll("\\p{Cntrl}", " ") + ((body.length > MAX_LOGGED_BODY) ? "..." : "");
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/** One try: a response, or the exception that stood in for it. */
	private record Attempt(Response response, IOException exception) {

		boolean succeeded() {
			return this.response != null && this.response.getStatusCode() >= 200 && this.response.getStatusCode() < 300;
		}

		boolean retryableStatus() {
			int status = this.response.getStatusCode();
			return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
		}

		boolean retryable(Predicate<IOException> retryableException) {
			return (this.response != null) ? retryableStatus() : retryableException.test(this.exception);
		}

	}

	/** X-Ray's answer; the status message slot carries its request id (for the log). */
	private record Response(int getStatusCode, String getStatusMessage,
			byte[] getResponseBody) implements HttpResponse {
	}

}
