package org.cruddur.tracing.xray.otlp;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.FakeXrayOtlpEndpoint.Request;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.SigV4Verifier;
import org.cruddur.testing.XraySpans;
import org.cruddur.tracing.xray.otlp.ExportFailure.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The X-Ray OTLP exporter at the wire: the SDK's OTLP exporter marshals and gzips, the
 * signing sender signs the bytes it sends, and a stand-in for X-Ray's endpoint checks
 * every signature by signing again with the SDK's signer from the same fake credentials.
 */
@ExtendWith(OutputCaptureExtension.class)
class XrayOtlpSpanExporterTest {

	private final FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER);

	@AfterEach
	void stop() {
		this.xray.close();
	}

	@Test
	void spansArriveSignedOverTheGzippedBytesThatWereSent(CapturedOutput output) {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		CompletableResultCode result = exporter.export(spans(3));
		assertThat(result.join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isTrue();

		Request request = this.xray.requests().get(0);
		assertThat(this.xray.requests()).hasSize(1);
		assertThat(request.signatureProblem()).isNull();
		assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(request.rawBody()[0]).isEqualTo((byte) 0x1f);
		assertThat(request.rawBody()[1]).isEqualTo((byte) 0x8b);
		assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=FAKEACCESSKEYCRUDDUR/")
			.contains("/us-east-1/xray/aws4_request");
		List<ReceivedSpan> received = this.xray.spans();
		assertThat(received).extracting(ReceivedSpan::name).containsExactly("span-0", "span-1", "span-2");
		assertThat(received).extracting(ReceivedSpan::traceId).containsOnly(XraySpans.TRACE_ID);
		assertThat(received.get(0).attribute("aws.xray.annotations").getArrayValue().getValuesList())
			.extracting((value) -> value.getStringValue())
			.containsExactly("http.route");
		assertThat(received.get(0).attribute("http.route").getStringValue()).isEqualTo("/api/activities/home");
		assertThat(received.get(0).attribute("app.note").getStringValue()).isEqualTo("not indexed");
		assertThat(exporter.getSentSpans()).isEqualTo(3);
		assertThat(output).doesNotContain(SigV4Verifier.TEST_CREDENTIALS.secretAccessKey());
	}

	@Test
	void aSignatureForAnotherRegionIsRefusedOnceCountedAndLogged(CapturedOutput output) {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(), "eu-west-1",
				XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofSeconds(5), SigningHttpSender.MAX_REQUEST_BYTES);
		assertThat(exporter.export(spans(2)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(this.xray.requests()).singleElement()
			.satisfies((request) -> assertThat(request.signatureProblem()).contains("eu-west-1/xray"));
		assertThat(exporter.getDroppedSpans(Reason.REJECTED)).isEqualTo(2);
		assertThat(exporter.getSentSpans()).isZero();
		assertThat(output).contains("refused a batch").contains("HTTP 403").contains("signature mismatch");
		assertThat(output).doesNotContain(SigV4Verifier.TEST_CREDENTIALS.secretAccessKey());
	}

	@Test
	void throttlingAndUnavailabilityAreRetriedSoNoSpanIsLost() {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		this.xray.answerNext(429, 503, 500);
		assertThat(exporter.export(spans(4)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.xray.requests()).extracting(Request::status).containsExactly(429, 503, 500, 200);
		assertThat(this.xray.requests()).extracting(Request::signatureProblem).containsOnlyNulls();
		assertThat(this.xray.spans()).hasSize(4);
		assertThat(exporter.getSentSpans()).isEqualTo(4);
		assertThat(exporter.getDroppedSpans(Reason.UNAVAILABLE)).isZero();
	}

	@Test
	void retriesEndWithTheExportersTimeout() {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(), "us-east-1",
				XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofMillis(600), SigningHttpSender.MAX_REQUEST_BYTES);
		this.xray.answer(503, "{\"message\":\"unavailable\"}");
		this.xray.delay(Duration.ofMillis(150));
		long start = System.nanoTime();
		assertThat(exporter.export(spans(2)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		assertThat(this.xray.requests().size()).isBetween(2, 4);
		assertThat(exporter.getDroppedSpans(Reason.UNAVAILABLE)).isEqualTo(2);
	}

	@Test
	void anUnreachableEndpointIsRetriedThenCountedAsUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter("http://127.0.0.1:" + closedPort + "/v1/traces",
				XrayOtlpExporters.TEST_CREDENTIALS);
		long start = System.nanoTime();
		assertThat(exporter.export(spans(3)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(exporter.getDroppedSpans(Reason.UNAVAILABLE)).isEqualTo(3);
	}

	@Test
	void otherClientErrorsDropTheBatchAtOnceWithTheBodyInOneLogLine(CapturedOutput output) {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		this.xray.answer(400, "{\"message\":\"span start time too old\"}");
		assertThat(exporter.export(spans(2)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(exporter.export(spans(3)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(this.xray.requests()).extracting(Request::status).containsExactly(400, 400);
		assertThat(exporter.getDroppedSpans(Reason.REJECTED)).isEqualTo(5);
		assertThat(output.getAll().lines().filter((line) -> line.contains("span start time too old"))).singleElement()
			.asString()
			.contains("HTTP 400")
			.contains("fake-request-1");
	}

	@Test
	void withoutCredentialsNothingIsSentSpansAreCountedAndOneLineSaysWhy(CapturedOutput output) {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.NO_CREDENTIALS);
		assertThat(exporter.export(spans(2)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(exporter.export(spans(3)).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(this.xray.requests()).isEmpty();
		assertThat(exporter.getDroppedSpans(Reason.NO_CREDENTIALS)).isEqualTo(5);
		assertThat(output.getAll().lines().filter((line) -> line.contains("no AWS credentials"))).singleElement()
			.asString()
			.contains("Unable to load credentials");
	}

	@Test
	void aFailureBelowItIsCountedAndLoggedNotThrown(CapturedOutput output) {
		XrayOtlpSpanExporter exporter = over(new Below() {
			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				throw new IllegalStateException("broken below");
			}
		});
		CompletableResultCode result = exporter.export(spans(3));
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getDroppedSpans(Reason.FAILED)).isEqualTo(3);
		assertThat(output).contains(
				"X-Ray OTLP: a batch of 3 spans could not be exported: java.lang.IllegalStateException: broken below");
	}

	@Test
	void flushAndShutdownAreTheOtlpExportersOwn() {
		CompletableResultCode flushed = new CompletableResultCode();
		CompletableResultCode shutDown = new CompletableResultCode();
		XrayOtlpSpanExporter exporter = over(new Below() {
			@Override
			public CompletableResultCode flush() {
				return flushed;
			}

			@Override
			public CompletableResultCode shutdown() {
				return shutDown;
			}
		});
		assertThat(exporter.flush()).isSameAs(flushed);
		assertThat(exporter.shutdown()).isSameAs(shutDown);
	}

	private static XrayOtlpSpanExporter over(SpanExporter otlp) {
		return new XrayOtlpSpanExporter(otlp, new XraySpanLimits(Set.of(), XraySpanLimits.MAX_SPAN_BYTES),
				XrayOtlpExporters.credentials(XrayOtlpExporters.TEST_CREDENTIALS), SigningHttpSender.MAX_REQUEST_BYTES);
	}

	/** Stands in for the SDK's OTLP exporter; a test overrides what it needs. */
	private abstract static class Below implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			throw new AssertionError("not expected");
		}

		@Override
		public CompletableResultCode flush() {
			throw new AssertionError("not expected");
		}

		@Override
		public CompletableResultCode shutdown() {
			throw new AssertionError("not expected");
		}

	}

	/**
	 * Server spans with trace id {@link XraySpans#TRACE_ID}, one indexed attribute each.
	 */
	static List<SpanData> spans(int count) {
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			spans.add(XraySpans.span(SpanKind.SERVER)
				.setName("span-" + i)
				.setSpanContext(XraySpans.context(HexFormat.of().toHexDigits((long) i + 1)))
				.setAttributes(Attributes.builder()
					.put("http.route", "/api/activities/home")
					.put("app.note", "not indexed")
					.build())
				.setTotalAttributeCount(2)
				.build());
		}
		return spans;
	}

}
