package org.cruddur.tracing.xray.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.FakeXrayOtlpEndpoint.Request;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.XraySpans;
import org.cruddur.tracing.xray.otlp.ExportFailure.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Ray's limits: at most 10,000 spans and 5 MB (uncompressed) per request, 200 KB per
 * span; the indexed attributes named in {@code aws.xray.annotations}.
 */
@ExtendWith(OutputCaptureExtension.class)
class XraySpanLimitsTest {

	private final FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER);

	private final XraySpanLimits limits = new XraySpanLimits(Set.of("http.route", "http.request.method"),
			XraySpanLimits.MAX_SPAN_BYTES);

	@AfterEach
	void stop() {
		this.xray.close();
	}

	@Test
	void theIndexedAttributesAreNamedForXrayOnItsCopyOnly() {
		SpanData span = span(Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.route", "/api/activities/home")
			.put("url.path", "/api/activities/home")
			.build());
		SpanData forXray = this.limits.fit(span).span();
		assertThat(forXray.getAttributes().get(XraySpanLimits.ANNOTATIONS)).containsExactlyInAnyOrder("http.route",
				"http.request.method");
		assertThat(forXray.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/api/activities/home");
		assertThat(forXray.getTotalAttributeCount() - forXray.getAttributes().size())
			.isEqualTo(span.getTotalAttributeCount() - span.getAttributes().size());
		assertThat(span.getAttributes().get(XraySpanLimits.ANNOTATIONS)).isNull();
		assertThat(this.limits.fit(span(Attributes.of(AttributeKey.stringKey("url.path"), "/x")))
			.span()
			.getAttributes()
			.get(XraySpanLimits.ANNOTATIONS)).isNull();
	}

	@Test
	void aSpanOver200KbHasItsLongestValuesCutToTheLongestLengthThatFits() {
		String huge = "x".repeat(300_000);
		SpanData span = XraySpans.span(SpanKind.SERVER)
			.setAttributes(Attributes.builder().put("http.route", "/api/activities/home").put("big", huge).build())
			.setEvents(List.of(EventData.create(XraySpans.START_NANOS, "exception",
					Attributes.of(AttributeKey.stringKey("exception.stacktrace"), huge))))
			.setTotalRecordedEvents(1)
			.build();
		XraySpanLimits.Fitted fitted = this.limits.fit(span);
		assertThat(fitted.truncated()).isTrue();
		assertThat(SpanSize.of(fitted.span())).isLessThanOrEqualTo(XraySpanLimits.MAX_SPAN_BYTES);
		int cut = fitted.span().getAttributes().get(AttributeKey.stringKey("big")).length();
		assertThat(cut).isBetween(90_000, 100_000);
		assertThat(fitted.span().getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
			.hasSize(cut);
		assertThat(fitted.span().getAttributes().get(AttributeKey.stringKey("http.route")))
			.isEqualTo("/api/activities/home");
		SpanData longer = new XraySpanLimits(Set.of(), XraySpanLimits.MAX_SPAN_BYTES)
			.fit(XraySpans.span(SpanKind.SERVER)
				.setAttributes(Attributes.of(AttributeKey.stringKey("big"), "y".repeat(cut + 2_000)))
				.build())
			.span();
		assertThat(SpanSize.of(longer)).isLessThanOrEqualTo(XraySpanLimits.MAX_SPAN_BYTES);
	}

	@Test
	void aSpanThatFitsExactlyIsLeftWholeAndOneByteLessCutsIt() {
		SpanData span = span(Attributes.of(AttributeKey.stringKey("big"), "x".repeat(1_000)));
		long size = SpanSize.of(span);
		assertThat(new XraySpanLimits(Set.of(), size).fit(span)).isEqualTo(new XraySpanLimits.Fitted(span, false));
		assertThat(new XraySpanLimits(Set.of(), size - 1).fit(span).truncated()).isTrue();
	}

	@Test
	void theCutIsTheLongestThatFitsDownToTheShortest() {
		AttributeKey<String> big = AttributeKey.stringKey("big");
		SpanData span = span(Attributes.of(big, "x".repeat(1_000)));
		long fits500 = SpanSize.of(span(Attributes.of(big, "x".repeat(500))));
		assertThat(new XraySpanLimits(Set.of(), fits500).fit(span).span().getAttributes().get(big)).hasSize(500);
		long fits64 = SpanSize.of(span(Attributes.of(big, "x".repeat(64))));
		XraySpanLimits.Fitted shortest = new XraySpanLimits(Set.of(), fits64).fit(span);
		assertThat(shortest.truncated()).isTrue();
		assertThat(shortest.span().getAttributes().get(big)).isEqualTo("x".repeat(64));
		assertThat(new XraySpanLimits(Set.of(), fits64 - 1).fit(span)).isNull();
	}

	@Test
	void stringArraysAreCutTooAndOtherValuesKept() {
		AttributeKey<List<String>> list = AttributeKey.stringArrayKey("list");
		AttributeKey<Long> count = AttributeKey.longKey("count");
		SpanData span = span(
				Attributes.of(list, List.of("a".repeat(150_000), "b".repeat(150_000), "short"), count, 3L));
		XraySpanLimits.Fitted fitted = this.limits.fit(span);
		assertThat(fitted.truncated()).isTrue();
		List<String> cut = fitted.span().getAttributes().get(list);
		assertThat(cut).hasSize(3);
		assertThat(cut.get(0)).hasSizeBetween(90_000, 100_000).isEqualTo("a".repeat(cut.get(0).length()));
		assertThat(cut.get(1)).isEqualTo("b".repeat(cut.get(0).length()));
		assertThat(cut.get(2)).isEqualTo("short");
		assertThat(fitted.span().getAttributes().get(count)).as("not a string: kept as it is").isEqualTo(3L);
		assertThat(SpanSize.of(fitted.span())).isLessThanOrEqualTo(XraySpanLimits.MAX_SPAN_BYTES);
	}

	@Test
	void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
		// whatever the cut's length, one of the two splits a surrogate pair if cut
		// blindly
		String even = "😀".repeat(150_000);
		String odd = "x" + even;
		SpanData span = span(Attributes.builder().put("even", even).put("odd", odd).build());
		SpanData fitted = this.limits.fit(span).span();
		for (String key : List.of("even", "odd")) {
			String original = span.getAttributes().get(AttributeKey.stringKey(key));
			String cut = fitted.getAttributes().get(AttributeKey.stringKey(key));
			assertThat(cut).hasSizeLessThan(original.length());
			assertThat(original).startsWith(cut);
			assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).as(key).isFalse();
		}
	}

	@Test
	void aLongValueOnlyInAnEventOrALinkIsCutThereAndTheLinkIsSent() {
		String huge = "h".repeat(250_000);
		AttributeKey<String> detail = AttributeKey.stringKey("detail");
		SpanData inEvent = XraySpans.span(SpanKind.SERVER)
			.setEvents(List.of(EventData.create(XraySpans.START_NANOS, "exception", Attributes.of(detail, huge))))
			.setTotalRecordedEvents(1)
			.build();
		SpanData inLink = XraySpans.span(SpanKind.SERVER)
			.setSpanContext(XraySpans.context("00000000000000aa"))
			.setLinks(List.of(LinkData.create(XraySpans.remoteParent(), Attributes.of(detail, huge))))
			.setTotalRecordedLinks(1)
			.build();
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		assertThat(exporter.export(List.of(inEvent, inLink)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.getTruncatedSpans()).isEqualTo(2);
		List<ReceivedSpan> received = this.xray.spans();
		assertThat(received).hasSize(2);
		assertThat(received.get(0).span().getEvents(0).getAttributes(0).getValue().getStringValue())
			.hasSizeBetween(150_000, 200_000);
		assertThat(received.get(1).span().getLinksList()).singleElement().satisfies((link) -> {
			assertThat(HexFormat.of().formatHex(link.getSpanId().toByteArray()))
				.isEqualTo(XraySpans.UPSTREAM_PARENT_ID);
			assertThat(link.getAttributes(0).getValue().getStringValue()).hasSizeBetween(150_000, 200_000);
		});
	}

	@Test
	void eachRequestCountsItsResourceAndScopeOnceAndStaysUnderItsByteLimit() {
		long limit = 100_000;
		Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("big.resource"), "r".repeat(16_000)),
				"https://example.com/" + "s".repeat(4_000));
		InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder("scope-" + "n".repeat(8_000))
			.setVersion("v".repeat(8_000))
			.setSchemaUrl("https://example.com/" + "u".repeat(8_000))
			.setAttributes(Attributes.of(AttributeKey.stringKey("scope.attribute"), "a".repeat(8_000)))
			.build();
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			spans.add(XraySpans.span(SpanKind.INTERNAL)
				.setName("wrapped-" + i)
				.setSpanContext(XraySpans.context(HexFormat.of().toHexDigits((long) i + 1)))
				.setResource(resource)
				.setInstrumentationScopeInfo(scope)
				.setAttributes(Attributes.of(AttributeKey.stringKey("payload"), "p".repeat(3_000)))
				.build());
		}
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(), "us-east-1",
				XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofSeconds(5), limit);
		assertThat(exporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		// about 52 KB of resource and scope and 15 spans per request; counted per span,
		// they would make 60 requests of one span
		assertThat(this.xray.requests().size()).isBetween(3, 5);
		assertThat(this.xray.requests()).allSatisfy((request) -> {
			assertThat(request.body().getSerializedSize()).isLessThanOrEqualTo((int) limit);
			assertThat(request.body().getResourceSpans(0).getScopeSpans(0).getScope().getVersion())
				.isEqualTo(scope.getVersion());
			assertThat(spanCount(request)).isGreaterThan(10);
		});
		assertThat(this.xray.spans()).hasSize(60);
	}

	@Test
	void aSpanThatCannotFitIsDroppedAndCounted(CapturedOutput output) {
		AttributesBuilder many = Attributes.builder();
		for (int i = 0; i < 4_000; i++) {
			many.put("attribute.number." + i, "v".repeat(100));
		}
		SpanData hopeless = span(many.build());
		assertThat(this.limits.fit(hopeless)).isNull();

		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		List<SpanData> batch = new ArrayList<>(XrayOtlpSpanExporterTest.spans(2));
		batch.add(hopeless);
		assertThat(exporter.export(batch).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(exporter.getDroppedSpans(Reason.TOO_LARGE)).isEqualTo(1);
		assertThat(exporter.getSentSpans()).isEqualTo(2);
		assertThat(this.xray.spans()).hasSize(2);
		assertThat(output).contains("span 'test span' is over X-Ray's 200 KB even with its values cut; dropped");
	}

	@Test
	void aTruncatedSpanIsSentAndCounted() {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		SpanData span = span(Attributes.of(AttributeKey.stringKey("big"), "z".repeat(250_000)));
		assertThat(exporter.export(List.of(span)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.getTruncatedSpans()).isEqualTo(1);
		ReceivedSpan received = this.xray.spans().get(0);
		assertThat(received.span().getSerializedSize()).isLessThan(200 * 1024);
		assertThat(received.attribute("big").getStringValue().length()).isBetween(150_000, 200_000);
	}

	@Test
	void aRequestCarriesAtMost10000Spans() {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(),
				XrayOtlpExporters.TEST_CREDENTIALS);
		assertThat(exporter.export(XrayOtlpSpanExporterTest.spans(10_001)).join(20, TimeUnit.SECONDS).isSuccess())
			.isTrue();
		assertThat(this.xray.requests()).extracting((request) -> spanCount(request)).containsExactly(10_000, 1);
		assertThat(exporter.getSentSpans()).isEqualTo(10_001);
	}

	@Test
	void aRequestStaysUnderItsByteLimitAndTheEstimateIsAnUpperBound() {
		long limit = 60_000;
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter(this.xray.tracesUrl(), "us-east-1",
				XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofSeconds(5), limit);
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			spans.add(XraySpans.span(SpanKind.INTERNAL)
				.setName("sized-" + i)
				.setSpanContext(XraySpans.context(HexFormat.of().toHexDigits((long) i + 1)))
				.setAttributes(Attributes.builder()
					.put("payload", "é".repeat(2_000 + 300 * i))
					.put("http.route", "/api/activities")
					.put(AttributeKey.longArrayKey("numbers"), List.of(1L, 2L, 3L))
					.build())
				.build());
		}
		assertThat(exporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.xray.requests().size()).isGreaterThan(2);
		assertThat(this.xray.requests())
			.allSatisfy((request) -> assertThat(request.body().getSerializedSize()).isLessThanOrEqualTo((int) limit));
		assertThat(this.xray.spans()).hasSize(20);
		for (ReceivedSpan received : this.xray.spans()) {
			SpanData sent = spans.stream().filter((s) -> s.getName().equals(received.name())).findFirst().orElseThrow();
			assertThat(SpanSize.of(this.limits.fit(sent).span()))
				.isGreaterThanOrEqualTo(received.span().getSerializedSize());
		}
	}

	private static int spanCount(Request request) {
		return request.body()
			.getResourceSpansList()
			.stream()
			.flatMap((resource) -> resource.getScopeSpansList().stream())
			.mapToInt((scope) -> scope.getSpansCount())
			.sum();
	}

	private static SpanData span(Attributes attributes) {
		return XraySpans.span(SpanKind.SERVER)
			.setAttributes(attributes)
			.setTotalAttributeCount(attributes.size())
			.build();
	}

}
