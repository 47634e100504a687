package org.cruddur.tracing.xray.otlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.XraySpans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SpanSize} against the bytes the SDK's marshaler sends: for each part of a span
 * that can be large, a span where that part dominates is sent to a stand-in for X-Ray's
 * endpoint, and its size as received must not exceed the estimate (X-Ray would refuse a
 * request the estimate let through) nor be a small part of it (requests would be split
 * for nothing).
 */
class SpanSizeTest {

	private final FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER);

	@AfterEach
	void stop() {
		this.xray.close();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("spans")
	void theEstimateIsAnUpperBoundOfTheBytesSentAndNotFarAboveThem(String what, SpanData span) {
		long estimate = SpanSize.of(span);
		int sent = received(span).span().getSerializedSize();
		assertThat(sent).as("bytes sent").isGreaterThan(2_000).isLessThanOrEqualTo((int) estimate);
		// loose: an array of numbers is estimated at about 2.3 times its bytes
		assertThat(estimate).as("the estimate").isLessThanOrEqualTo(3L * sent + 256);
	}

	@Test
	void theResourcesEstimateIsAnUpperBoundOfItsBytesSent() {
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 40; i++) {
			attributes.put("resource.attribute." + i, "r".repeat(100));
		}
		Resource resource = Resource.create(attributes.build());
		ReceivedSpan received = received(XraySpans.span(SpanKind.SERVER).setResource(resource).build());
		assertThat(received.resource().getSerializedSize()).isGreaterThan(4_000)
			.isLessThanOrEqualTo((int) SpanSize.of(resource));
	}

	static Stream<Arguments> spans() {
		return Stream.of(span("a long name", (span) -> span.setName("n".repeat(5_000))),
				span("a long status description",
						(span) -> span.setStatus(StatusData.create(StatusCode.ERROR, "d".repeat(5_000)))),
				span("a long trace state",
						(span) -> span.setSpanContext(SpanContext.create(XraySpans.TRACE_ID, XraySpans.SPAN_ID,
								TraceFlags.getSampled(), traceState()))),
				span("events", (span) -> span.setEvents(events()).setTotalRecordedEvents(20)),
				span("links", (span) -> span.setLinks(links()).setTotalRecordedLinks(10)), span("long keys", (span) -> {
					AttributesBuilder attributes = Attributes.builder();
					for (int i = 0; i < 20; i++) {
						attributes.put("k".repeat(400) + i, "v");
					}
					return span.setAttributes(attributes.build());
				}),
				span("string arrays", (span) -> span.setAttributes(Attributes.of(AttributeKey.stringArrayKey("list"),
						Collections.nCopies(200, "s".repeat(50)), AttributeKey.stringArrayKey("empty"), List.of()))),
				span("an array of negative longs (ten bytes each)",
						(span) -> span.setAttributes(
								Attributes.of(AttributeKey.longArrayKey("longs"), Collections.nCopies(1_000, -1L)))),
				// not booleans: two bytes each, estimated at 28, far above the rest
				span("an array of doubles",
						(span) -> span.setAttributes(
								Attributes.of(AttributeKey.doubleArrayKey("doubles"), Collections.nCopies(500, 0.5)))),
				span("numbers and booleans", (span) -> {
					AttributesBuilder attributes = Attributes.builder();
					for (int i = 0; i < 100; i++) {
						attributes.put("long." + i, -1L - i).put("double." + i, 0.5 * i).put("boolean." + i, true);
					}
					return span.setAttributes(attributes.build());
				}), span("two-byte characters", (span) -> text(span, "é\u0080".repeat(1_500))),
				span("three-byte characters", (span) -> text(span, "€\u0800\uffff".repeat(1_000))),
				span("four-byte characters", (span) -> text(span, "😀".repeat(1_500))));
	}

	private static Arguments span(String what, UnaryOperator<TestSpanData.Builder> shape) {
		return Arguments.of(what, shape.apply(XraySpans.span(SpanKind.SERVER)).build());
	}

	private static TestSpanData.Builder text(TestSpanData.Builder span, String text) {
		return span.setName(text).setAttributes(Attributes.of(AttributeKey.stringKey(text), text));
	}

	private static TraceState traceState() {
		TraceStateBuilder state = TraceState.builder();
		for (int i = 0; i < 20; i++) {
			state.put("vendor" + i, "v".repeat(200));
		}
		return state.build();
	}

	private static List<EventData> events() {
		List<EventData> events = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			events.add(EventData.create(XraySpans.START_NANOS + i, "event-" + "e".repeat(100) + i,
					Attributes.of(AttributeKey.stringKey("detail"), "x".repeat(100))));
		}
		return events;
	}

	private static List<LinkData> links() {
		List<LinkData> links = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			SpanContext linked = SpanContext.create(XraySpans.TRACE_ID, HexFormat.of().toHexDigits((long) i + 1),
					TraceFlags.getSampled(), TraceState.builder().put("vendor", "t".repeat(100)).build());
			links.add(LinkData.create(linked, Attributes.of(AttributeKey.stringKey("why"), "w".repeat(100))));
		}
		return links;
	}

	/** {@code span} as the stand-in for X-Ray received it, sent alone. */
	private ReceivedSpan received(SpanData span) {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		assertThat(exporter.export(List.of(span)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.getTruncatedSpans()).isZero();
		return this.xray.spans().get(0);
	}

}
