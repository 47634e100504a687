package org.cruddur.tracing.xray.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.FakeXrayOtlpEndpoint.Request;
import org.cruddur.testing.TestCertificate;
import org.cruddur.tracing.xray.otlp.ExportFailure.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link SigningHttpSender} under the SDK's OTLP exporter, without X-Ray's limits around
 * it, so that each test reads the failure the sender handed over: which answers and
 * errors are retried, how often and how far apart, what it does not send, and what it
 * logs. A stand-in for X-Ray's endpoint checks every signature.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningHttpSenderTest {

	private static final String UNAVAILABLE = "{\"message\":\"unavailable\"}";

	private final FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER);

	@AfterEach
	void stop() {
		this.xray.close();
	}

	@Test
	void theBackoffGrowsByTheMultiplierUpToTheMaximumTimesTheJitter() {
		RetryPolicy policy = XrayOtlpExporters.FAST_RETRIES;
		assertThat(SigningHttpSender.backoffNanos(policy, 1, 1.0)).isCloseTo(millis(50), within(1L));
		assertThat(SigningHttpSender.backoffNanos(policy, 2, 1.0)).isCloseTo(millis(100), within(1L));
		assertThat(SigningHttpSender.backoffNanos(policy, 3, 1.2)).isCloseTo(millis(240), within(1L));
		assertThat(SigningHttpSender.backoffNanos(policy, 4, 0.8)).isCloseTo(millis(160), within(1L));
		assertThat(SigningHttpSender.backoffNanos(policy, 9, 1.0)).isCloseTo(millis(200), within(1L));
	}

	@Test
	void badGatewayAndGatewayTimeoutAreRetriedToo() {
		this.xray.answerNext(502, 504);
		CompletableResultCode result = export(signing().build(), 2);
		assertThat(result.isSuccess()).isTrue();
		assertThat(this.xray.requests()).extracting(Request::status).containsExactly(502, 504, 200);
		assertThat(this.xray.spans()).hasSize(2);
	}

	@Test
	void aRedirectIsNeitherASuccessNorFollowedNorRetried() {
		// the fake names itself as where to go: a client that followed would post again
		this.xray.answer(307, "{\"message\":\"elsewhere\"}");
		CompletableResultCode followable = export(signing().build(), 1);
		assertThat(failure(followable).reason()).isEqualTo(Reason.REJECTED);
		assertThat(failure(followable).getMessage()).isEqualTo("HTTP 307");
		assertThat(this.xray.requests()).hasSize(1);

		this.xray.answer(300, "{\"message\":\"elsewhere\"}");
		CompletableResultCode multipleChoices = export(signing().build(), 1);
		assertThat(multipleChoices.isSuccess()).isFalse();
		assertThat(failure(multipleChoices).getMessage()).isEqualTo("HTTP 300");
		assertThat(this.xray.requests()).hasSize(2);
	}

	@Test
	void retriesStopAtThePolicysMaximumEachAfterItsBackoff() {
		this.xray.answer(503, UNAVAILABLE);
		RetryPolicy threeAttempts = XrayOtlpExporters.FAST_RETRIES.toBuilder().setMaxAttempts(3).build();
		CompletableResultCode result = export(
				signing().setRetryPolicy(threeAttempts).setTimeout(Duration.ofSeconds(10)).build(), 1);
		assertThat(failure(result).reason()).isEqualTo(Reason.UNAVAILABLE);
		assertThat(failure(result).getMessage()).isEqualTo("HTTP 503 after 3 attempts");
		List<Request> requests = this.xray.requests();
		assertThat(requests).hasSize(3);
		// at least the backoff less its jitter (-20%): 50 ms, then 100 ms
		assertThat(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()).isGreaterThanOrEqualTo(millis(40));
		assertThat(requests.get(2).arrivedNanos() - requests.get(1).arrivedNanos()).isGreaterThanOrEqualTo(millis(80));
	}

	@Test
	void aRetryThatWouldNotFitInTheTimeoutIsNotMade() {
		this.xray.answer(503, UNAVAILABLE);
		// waits 320-480 ms after the first attempt (fits in 3 s), 3.2-4.8 s after the
		// second (never fits); the test waits for neither the timeout nor that backoff
		RetryPolicy slow = RetryPolicy.builder()
			.setMaxAttempts(5)
			.setInitialBackoff(Duration.ofMillis(400))
			.setBackoffMultiplier(10)
			.setMaxBackoff(Duration.ofSeconds(10))
			.build();
		CompletableResultCode result = export(signing().setRetryPolicy(slow).setTimeout(Duration.ofSeconds(3)).build(),
				1);
		assertThat(failure(result).getMessage()).isEqualTo("HTTP 503 after 2 attempts");
		assertThat(this.xray.requests()).hasSize(2);
	}

	@Test
	void anAnswerSlowerThanTheTimeoutIsNotWaitedFor() {
		this.xray.delay(Duration.ofSeconds(5));
		CompletableResultCode result = export(signing().setTimeout(Duration.ofSeconds(1)).build(), 1);
		assertThat(result.isSuccess()).isFalse();
		assertThat(failure(result).reason()).isEqualTo(Reason.UNAVAILABLE);
		assertThat(failure(result).getMessage()).contains("HttpTimeoutException");
		assertThat(this.xray.requests()).hasSize(1);
	}

	@Test
	void anInterruptedExportIsNotRetriedAndTheThreadStaysInterrupted() throws Exception {
		this.xray.delay(Duration.ofSeconds(3));
		OtlpHttpSpanExporter exporter = signing().setTimeout(Duration.ofSeconds(10)).build();
		CompletableResultCode result = exportInterrupted(exporter, (worker) -> !this.xray.requests().isEmpty());
		assertThat(failure(result).reason()).isEqualTo(Reason.UNAVAILABLE);
		assertThat(failure(result).getMessage()).contains("interrupted").doesNotContain("attempts");
		assertThat(this.xray.requests()).hasSize(1);
	}

	@Test
	void anInterruptDuringTheBackoffEndsTheExportAndTheThreadStaysInterrupted() throws Exception {
		this.xray.answer(503, UNAVAILABLE);
		RetryPolicy slow = XrayOtlpExporters.FAST_RETRIES.toBuilder()
			.setInitialBackoff(Duration.ofSeconds(3))
			.setMaxBackoff(Duration.ofSeconds(3))
			.build();
		OtlpHttpSpanExporter exporter = signing().setRetryPolicy(slow).setTimeout(Duration.ofSeconds(10)).build();
		// the answer is in and the backoff's sleep begun (a send waits untimed)
		CompletableResultCode result = exportInterrupted(exporter,
				(worker) -> !this.xray.requests().isEmpty() && worker.getState() == Thread.State.TIMED_WAITING);
		assertThat(failure(result).getMessage()).isEqualTo("HTTP 503");
		assertThat(this.xray.requests()).hasSize(1);
	}

	@Test
	void thePolicysExceptionPredicateDecidesWhichNetworkErrorsAreRetried() throws IOException {
		try (HangingUp endpoint = new HangingUp()) {
			RetryPolicy never = XrayOtlpExporters.FAST_RETRIES.toBuilder()
				.setRetryExceptionPredicate((ex) -> false)
				.build();
			CompletableResultCode once = export(signing(endpoint.url()).setRetryPolicy(never).build(), 1);
			assertThat(failure(once).reason()).isEqualTo(Reason.UNAVAILABLE);
			assertThat(failure(once).getMessage()).doesNotContain("attempts");
			assertThat(endpoint.connections.get()).isEqualTo(1);

			CompletableResultCode retried = export(signing(endpoint.url()).build(), 1);
			assertThat(failure(retried).getMessage()).endsWith("after 5 attempts");
			assertThat(endpoint.connections.get()).isEqualTo(1 + 5);
		}
	}

	@Test
	void withoutCompressionTheBodyIsSentAsItIsAndSigned() throws IOException {
		CompletableResultCode result = export(signing().setCompression("none").build(), 2);
		assertThat(result.isSuccess()).isTrue();
		Request request = this.xray.requests().get(0);
		assertThat(request.signatureProblem()).isNull();
		assertThat(request.header("Content-Encoding")).isNull();
		assertThat(ExportTraceServiceRequest.parseFrom(new ByteArrayInputStream(request.rawBody())))
			.isEqualTo(request.body());
		assertThat(this.xray.spans()).hasSize(2);
	}

	@Test
	void configuredHeadersAreSentAndSigned() {
		CompletableResultCode result = export(signing().addHeader("x-cruddur-test", "header-value").build(), 1);
		assertThat(result.isSuccess()).isTrue();
		Request request = this.xray.requests().get(0);
		assertThat(request.header("x-cruddur-test")).isEqualTo("header-value");
		assertThat(request.header("Authorization")).contains("x-cruddur-test");
		assertThat(request.signatureProblem()).isNull();
	}

	@Test
	void aConfiguredProxyCarriesTheRequest() {
		int port = URI.create(this.xray.tracesUrl()).getPort();
		// a host that does not resolve: only the proxy can reach "it"
		OtlpHttpSpanExporter exporter = signing("http://xray.invalid:4318/v1/traces")
			.setProxy(ProxyOptions.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
			.build();
		assertThat(export(exporter, 1).isSuccess()).isTrue();
		Request request = this.xray.requests().get(0);
		assertThat(request.header("Host")).isEqualTo("xray.invalid:4318");
		assertThat(request.signatureProblem()).isNull();
		assertThat(this.xray.spans()).hasSize(1);
	}

	@Test
	void aTlsContextInTheConfigurationDecidesWhichCertificatesAreTrusted(@TempDir Path folder) throws Exception {
		TestCertificate certificate = TestCertificate.create(folder);
		try (FakeXrayOtlpEndpoint https = FakeXrayOtlpEndpoint.startHttps(XrayOtlpExporters.VERIFIER,
				certificate.serverContext())) {
			CompletableResultCode untrusted = export(signing(https.tracesUrl()).build(), 1);
			assertThat(failure(untrusted).reason()).as("the JDK's own trust does not know the certificate")
				.isEqualTo(Reason.UNAVAILABLE);
			assertThat(https.requests()).isEmpty();

			CompletableResultCode trusted = export(
					signing(https.tracesUrl()).setSslContext(certificate.clientContext(), certificate.trustManager())
						.build(),
					1);
			assertThat(trusted.isSuccess()).isTrue();
			assertThat(https.requests()).singleElement()
				.satisfies((request) -> assertThat(request.signatureProblem()).isNull());
		}
	}

	@Test
	void withoutCredentialsNothingIsSent() {
		OtlpHttpSpanExporter exporter = XrayOtlpExporters
			.signing(this.xray.tracesUrl(), XrayOtlpExporters.REGION,
					XrayOtlpExporters.credentials(XrayOtlpExporters.NO_CREDENTIALS))
			.build();
		CompletableResultCode result = export(exporter, 1);
		assertThat(failure(result).reason()).isEqualTo(Reason.NO_CREDENTIALS);
		assertThat(this.xray.requests()).isEmpty();
	}

	@Test
	void aRequestOverXraysFiveMegabytesIsNotSent() {
		List<SpanData> large = XrayOtlpSpanExporterTest.spans(30)
			.stream()
			.map((span) -> (SpanData) new XraySpanView(span,
					span.getAttributes().toBuilder().put("payload", "p".repeat(200_000)).build(), span.getEvents(),
					span.getLinks()))
			.toList();
		CompletableResultCode result = signing().build().export(large).join(20, TimeUnit.SECONDS);
		assertThat(failure(result).reason()).isEqualTo(Reason.TOO_LARGE);
		assertThat(failure(result).getMessage()).endsWith("X-Ray takes at most " + (5 * 1024 * 1024));
		assertThat(this.xray.requests()).isEmpty();
	}

	@Test
	void aRefusalsBodyIsLoggedUpTo512Characters(CapturedOutput output) {
		this.xray.answer(400, "a".repeat(512) + "TAIL");
		export(signing().build(), 1);
		assertThat(output).contains("a".repeat(512) + "...").doesNotContain("TAIL");

		this.xray.answer(400, "b".repeat(511) + "E");
		export(signing().build(), 1);
		assertThat(output).contains("b".repeat(511) + "E").doesNotContain("E...");
	}

	private OtlpHttpSpanExporterBuilder signing() {
		return signing(this.xray.tracesUrl());
	}

	private static OtlpHttpSpanExporterBuilder signing(String url) {
		return XrayOtlpExporters.signing(url, XrayOtlpExporters.REGION,
				XrayOtlpExporters.credentials(XrayOtlpExporters.TEST_CREDENTIALS));
	}

	private static CompletableResultCode export(OtlpHttpSpanExporter exporter, int spans) {
		Collection<SpanData> batch = XrayOtlpSpanExporterTest.spans(spans);
		return exporter.export(batch).join(20, TimeUnit.SECONDS);
	}

	/**
	 * Exports one span on a thread of its own, interrupts that thread once {@code ready}
	 * says so (or after 5 s), and returns the export's result; the thread must have ended
	 * still interrupted.
	 */
	private static CompletableResultCode exportInterrupted(OtlpHttpSpanExporter exporter, Predicate<Thread> ready)
			throws InterruptedException {
		AtomicReference<CompletableResultCode> result = new AtomicReference<>();
		AtomicBoolean interruptedAfter = new AtomicBoolean();
		Thread worker = new Thread(() -> {
			result.set(exporter.export(XrayOtlpSpanExporterTest.spans(1)));
			interruptedAfter.set(Thread.currentThread().isInterrupted());
		});
		worker.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!ready.test(worker) && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		worker.interrupt();
		worker.join(5_000);
		assertThat(worker.isAlive()).isFalse();
		assertThat(interruptedAfter).isTrue();
		return result.get();
	}

	/** The sender's {@link ExportFailure} behind the exporter's failure. */
	private static ExportFailure failure(CompletableResultCode result) {
		assertThat(result.isDone()).isTrue();
		for (Throwable cause = result.getFailureThrowable(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ExportFailure failure) {
				return failure;
			}
		}
		throw new AssertionError("no ExportFailure in " + result.getFailureThrowable());
	}

	private static long millis(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

	/** Accepts every connection and closes it at once: a network error each time. */
	private static final class HangingUp implements AutoCloseable {

		final AtomicInteger connections = new AtomicInteger();

		private final ServerSocket socket;

		HangingUp() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try (Socket connection = this.socket.accept()) {
						this.connections.incrementAndGet();
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "hanging-up");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.socket.getLocalPort() + "/v1/traces";
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
