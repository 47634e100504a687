package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.cruddur.testing.XraySpans.END_NANOS;
import static org.cruddur.testing.XraySpans.SPAN_ID;
import static org.cruddur.testing.XraySpans.START_NANOS;
import static org.cruddur.testing.XraySpans.UPSTREAM_PARENT_ID;
import static org.cruddur.testing.XraySpans.XRAY_TRACE_ID;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.remoteParent;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.DEFAULT;
import static org.cruddur.tracing.xray.segment.Translators.document;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.cruddur.testing.XraySpans;

/**
 * The document as a whole: segment or subsegment, ids, times, the datagram and its size.
 * Each block has its own test ({@code HttpBlockTest}, {@code CauseBlockTest}, ...).
 */
class XraySegmentTranslatorTest {

	private static final SpanContext LOCAL_PARENT = context("1111222233334444");

	@Test
	void serverSpanContinuingAnUpstreamTraceBecomesASegmentWithTheSeedsShape() {
		JsonNode doc = document(span(SpanKind.SERVER).setName("http get /api/activities/@{handle}")
			.setParentSpanContext(remoteParent())
			.setAttributes(Attributes.builder()
				.put("http.request.method", "GET")
				.put("url.scheme", "http")
				.put("server.address", "localhost")
				.put("server.port", 4599L)
				.put("url.path", "/api/activities/@andrewbrown")
				.put("client.address", "127.0.0.1")
				.put("user_agent.original", "curl/7.88.1")
				.put("http.response.status_code", 200L)
				.put("http.response.body.size", 184L)
				.build())
			.build());

		assertThat(doc.get("name").stringValue()).isEqualTo("cruddur-backend");
		assertThat(doc.get("id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(doc.get("trace_id").stringValue()).isEqualTo(XRAY_TRACE_ID);
		assertThat(doc.get("parent_id").stringValue()).isEqualTo(UPSTREAM_PARENT_ID);
		assertThat(doc.has("type")).as("segments carry no type").isFalse();
		assertThat(doc.has("namespace")).isFalse();
		assertThat(doc.get("start_time").isFloatingPointNumber()).isTrue();
		assertThat(doc.get("start_time").doubleValue()).isCloseTo(START_NANOS / 1e9, within(1e-6));
		assertThat(doc.get("end_time").doubleValue()).isCloseTo(END_NANOS / 1e9, within(1e-6));
		assertThat(doc.has("in_progress")).isFalse();

		JsonNode request = doc.get("http").get("request");
		assertThat(request.get("method").stringValue()).isEqualTo("GET");
		assertThat(request.get("url").stringValue()).isEqualTo("http://localhost:4599/api/activities/@andrewbrown");
		assertThat(request.get("user_agent").stringValue()).isEqualTo("curl/7.88.1");
		assertThat(request.get("client_ip").stringValue()).isEqualTo("127.0.0.1");
		assertThat(request.has("x_forwarded_for")).isFalse();
		JsonNode response = doc.get("http").get("response");
		assertThat(response.get("status").isInt()).isTrue();
		assertThat(response.get("status").intValue()).isEqualTo(200);
		assertThat(response.get("content_length").longValue()).isEqualTo(184);

		assertThat(doc.get("aws").get("xray").get("sdk").stringValue()).isEqualTo(ResourceBlock.SDK_NAME);
		assertThat(doc.get("aws").get("xray").get("sdk_version").stringValue()).isEqualTo("0.1.0");
		assertThat(doc.get("service").get("version").stringValue()).isEqualTo("0.1.0");
		assertThat(doc.has("error") || doc.has("fault") || doc.has("throttle")).isFalse();
		assertThat(doc.has("origin")).as("not on Kubernetes").isFalse();
		assertThat(doc.has("metadata")).as("http attributes are not repeated in metadata").isFalse();
	}

	@Test
	void rootSpanWithoutParentIsASegmentWithoutParentId() {
		JsonNode doc = document(span(SpanKind.INTERNAL).build());
		assertThat(doc.has("parent_id")).isFalse();
		assertThat(doc.has("type")).isFalse();
		assertThat(doc.get("name").stringValue()).isEqualTo("cruddur-backend");
	}

	@Test
	void clientSpanBecomesARemoteSubsegmentNamedByItsServer() {
		JsonNode doc = document(span(SpanKind.CLIENT).setName("http post")
			.setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("http.request.method", "POST")
				.put("url.full", "https://api.honeycomb.io/v1/traces")
				.put("server.address", "api.honeycomb.io")
				.put("http.response.status_code", 200L)
				.build())
			.build());

		assertThat(doc.get("type").stringValue()).isEqualTo("subsegment");
		assertThat(doc.get("namespace").stringValue()).isEqualTo("remote");
		assertThat(doc.get("name").stringValue()).isEqualTo("api.honeycomb.io");
		assertThat(doc.get("trace_id").stringValue()).isEqualTo(XRAY_TRACE_ID);
		assertThat(doc.get("parent_id").stringValue()).isEqualTo("1111222233334444");
		assertThat(doc.get("id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(doc.at("/http/request/method").stringValue()).isEqualTo("POST");
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo("https://api.honeycomb.io/v1/traces");
		assertThat(doc.has("aws")).as("resource data on segments only").isFalse();
		assertThat(doc.has("service")).isFalse();
	}

	@Test
	void internalSpanBecomesALocalSubsegmentWithASanitizedName() {
		JsonNode doc = document(span(SpanKind.INTERNAL).setName("activities_home <users> {x} \"q\" ünïcode!")
			.setParentSpanContext(LOCAL_PARENT)
			.build());
		assertThat(doc.get("type").stringValue()).isEqualTo("subsegment");
		assertThat(doc.get("namespace").stringValue()).isEqualTo("local");
		assertThat(doc.get("name").stringValue()).isEqualTo("activities_home users x q ünïcode");
	}

	@Test
	void consumerSpanWithAParentIsASubsegmentWithoutNamespace() {
		JsonNode doc = document(span(SpanKind.CONSUMER).setParentSpanContext(LOCAL_PARENT).build());
		assertThat(doc.get("type").stringValue()).isEqualTo("subsegment");
		assertThat(doc.has("namespace")).isFalse();
	}

	@Test
	void theEndUserOfASegmentIsItsUser() {
		Attributes endUser = Attributes.builder().put("enduser.id", "andrewbrown").build();
		JsonNode segment = document(span(SpanKind.SERVER).setAttributes(endUser).build());
		assertThat(segment.get("user").stringValue()).isEqualTo("andrewbrown");
		assertThat(segment.has("metadata")).isFalse();
		JsonNode subsegment = document(
				span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT).setAttributes(endUser).build());
		assertThat(subsegment.has("user")).as("a user is a segment's").isFalse();
	}

	@Test
	void serverSpanWithALocalParentIsStillASegment() {
		JsonNode doc = document(span(SpanKind.SERVER).setParentSpanContext(LOCAL_PARENT).build());
		assertThat(doc.has("type")).isFalse();
		assertThat(doc.get("parent_id").stringValue()).isEqualTo("1111222233334444");
	}

	@Test
	void aOneMebibyteAttributeIsTruncatedAndTheDatagramStaysUnder64KiB() {
		String huge = "x".repeat(1024 * 1024);
		byte[] datagram = DEFAULT.toDatagram(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder().put("app.payload", huge).put("url.full", "http://h/" + huge).build())
			.build());
		assertThat(datagram.length).isLessThanOrEqualTo(XraySegmentTranslator.MAX_DATAGRAM_BYTES).isLessThan(64 * 1024);
		JsonNode doc = parseDatagram(datagram);
		String value = doc.at("/metadata/default/app.payload").stringValue();
		assertThat(value).startsWith("xxxx").endsWith("...[truncated 1048576 chars]").hasSizeLessThan(10_000);
		assertThat(doc.get("trace_id").stringValue()).isEqualTo(XRAY_TRACE_ID);
		assertThat(doc.at("/metadata/default").has(MetadataBlock.TRUNCATED_MARKER_KEY))
			.as("cut values fit at the first level: no second pass")
			.isFalse();
	}

	@Test
	void manyLargeValuesAndAHugeStackTraceFallBackToACompactDocumentMarkedAsTruncated() {
		var attributes = Attributes.builder();
		for (int i = 0; i < 200; i++) {
			attributes.put("app.value" + i, "é".repeat(20_000));
		}
		StringBuilder stack = new StringBuilder("java.lang.RuntimeException: boom\n");
		for (int i = 0; i < 50_000; i++) {
			stack.append("\tat org.cruddur.Deep.call").append(i).append("(Deep.java:").append(i).append(")\n");
		}
		EventData event = EventData.create(END_NANOS, "exception",
				Attributes.of(AttributeKey.stringKey("exception.stacktrace"), stack.toString()));
		byte[] datagram = DEFAULT
			.toDatagram(span(SpanKind.SERVER).setAttributes(attributes.build()).setEvents(List.of(event)).build());

		assertThat(datagram.length).isLessThanOrEqualTo(XraySegmentTranslator.MAX_DATAGRAM_BYTES);
		JsonNode doc = parseDatagram(datagram);
		assertThat(doc.at("/metadata/default").get(MetadataBlock.TRUNCATED_MARKER_KEY).booleanValue()).isTrue();
		JsonNode exception = doc.at("/cause/exceptions/0");
		assertThat(exception.get("type").stringValue()).isEqualTo("java.lang.RuntimeException");
		assertThat(exception.get("truncated").intValue()).isGreaterThan(0);
	}

	@Test
	void aDatagramOfExactlyTheLimitIsKeptWholeAndOneByteMoreIsNot() {
		int empty = DEFAULT.toDatagram(filled(0)).length;
		int fill = XraySegmentTranslator.MAX_DATAGRAM_BYTES - empty;
		byte[] exact = DEFAULT.toDatagram(filled(fill));
		assertThat(exact.length).isEqualTo(XraySegmentTranslator.MAX_DATAGRAM_BYTES);
		assertThat(parseDatagram(exact).at("/metadata/default").has(MetadataBlock.TRUNCATED_MARKER_KEY)).isFalse();
		byte[] over = DEFAULT.toDatagram(filled(fill + 1));
		assertThat(over.length).isLessThan(XraySegmentTranslator.MAX_DATAGRAM_BYTES);
		assertThat(parseDatagram(over).at("/metadata/default").get(MetadataBlock.TRUNCATED_MARKER_KEY).booleanValue())
			.isTrue();
	}

	/** Seven values at the NORMAL value cap and one of {@code fill} characters. */
	private static io.opentelemetry.sdk.trace.data.SpanData filled(int fill) {
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 7; i++) {
			attributes.put("app.v" + i, "v".repeat(8192));
		}
		return span(SpanKind.SERVER).setAttributes(attributes.put("app.fill", "f".repeat(fill)).build()).build();
	}

	@Test
	void aDocumentTooLargeAtTheNormalLevelIsWrittenCompactAndSaysSo() {
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 300; i++) {
			attributes.put(String.format("app.v%03d", i), "v".repeat(300));
		}
		attributes.put("url.full", "u".repeat(3000));
		JsonNode doc = parseDatagram(DEFAULT.toDatagram(span(SpanKind.SERVER).setAttributes(attributes.build())
			.setEvents(List.of(EventData.create(END_NANOS, "exception",
					Attributes.of(AttributeKey.stringKey("exception.stacktrace"), stackText(7, 20, "m".repeat(600))))))
			.build()));

		JsonNode metadata = doc.at("/metadata/default");
		assertThat(metadata.size()).as("64 entries and the mark").isEqualTo(65);
		assertThat(metadata.get("app.v063").stringValue()).isEqualTo("v".repeat(300));
		assertThat(metadata.has("app.v064")).isFalse();
		assertThat(metadata.get(MetadataBlock.TRUNCATED_MARKER_KEY).isBoolean()).isTrue();
		assertThat(metadata.get(MetadataBlock.TRUNCATED_MARKER_KEY).booleanValue()).isTrue();
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo("u".repeat(2048) + "...[truncated 3000 chars]");
		JsonNode exceptions = doc.at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(5);
		assertThat(exceptions.get(4).has("cause")).isFalse();
		assertThat(exceptions.get(0).get("stack").size()).isEqualTo(16);
		assertThat(exceptions.get(0).get("truncated").intValue()).isEqualTo(4);
		assertThat(exceptions.get(0).get("message").stringValue())
			.isEqualTo("m".repeat(512) + "...[truncated 600 chars]");
	}

	@Test
	void aDocumentTooLargeEvenCompactIsWrittenMinimal() {
		List<String> indexed = new ArrayList<>();
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 60; i++) {
			indexed.add(String.format("app.a%02d", i));
			attributes.put(String.format("app.a%02d", i), "a".repeat(1000));
		}
		for (int i = 0; i < 300; i++) {
			attributes.put(String.format("app.v%03d", i), "v".repeat(600));
		}
		attributes.put("url.full", "u".repeat(3000)).put("enduser.id", "e".repeat(200));
		XraySegmentTranslator indexing = Translators.indexing(indexed);
		byte[] datagram = indexing.toDatagram(span(SpanKind.SERVER).setAttributes(attributes.build())
			.setEvents(List.of(EventData.create(END_NANOS, "exception",
					Attributes.of(AttributeKey.stringKey("exception.stacktrace"), stackText(7, 20, "m".repeat(600))))))
			.build());
		assertThat(datagram.length).isLessThanOrEqualTo(XraySegmentTranslator.MAX_DATAGRAM_BYTES);
		JsonNode doc = parseDatagram(datagram);

		JsonNode annotations = doc.get("annotations");
		assertThat(annotations.size()).isEqualTo(10);
		assertThat(annotations.get("app_a09").stringValue()).isEqualTo("a".repeat(128) + "...[truncated 1000 chars]");
		assertThat(doc.get("metadata").propertyNames()).containsExactly("default");
		assertThat(doc.at("/metadata/default").propertyNames()).containsExactly(MetadataBlock.TRUNCATED_MARKER_KEY);
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo("u".repeat(512) + "...[truncated 3000 chars]");
		assertThat(doc.get("user").stringValue()).isEqualTo("e".repeat(128) + "...[truncated 200 chars]");
		JsonNode exceptions = doc.at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(3);
		assertThat(exceptions.get(0).has("stack")).isFalse();
		assertThat(exceptions.get(0).get("truncated").intValue()).isEqualTo(20);
		assertThat(exceptions.get(0).get("message").stringValue())
			.isEqualTo("m".repeat(128) + "...[truncated 600 chars]");
	}

	@Test
	void theUserIsCutLikeAnyValue() {
		JsonNode doc = document(span(SpanKind.SERVER)
			.setAttributes(Attributes.of(AttributeKey.stringKey("enduser.id"), "u".repeat(8193)))
			.build());
		assertThat(doc.get("user").stringValue()).isEqualTo("u".repeat(8192) + "...[truncated 8193 chars]");
	}

	@Test
	void aSpanNotEndedIsInProgressAndAnEndBeforeTheStartIsTheStart() {
		String inProgress = DEFAULT.toJson(span(SpanKind.SERVER).setHasEnded(false).build());
		assertThat(inProgress).contains("\"start_time\":1795685334.982296,\"in_progress\":true");
		assertThat(parse(inProgress).has("end_time")).isFalse();
		assertThat(parse(inProgress).get("in_progress").isBoolean()).isTrue();

		JsonNode endedAtZero = document(span(SpanKind.SERVER).setEndEpochNanos(0).build());
		assertThat(endedAtZero.get("in_progress").booleanValue()).isTrue();
		assertThat(endedAtZero.has("end_time")).isFalse();

		String early = DEFAULT.toJson(span(SpanKind.SERVER).setEndEpochNanos(START_NANOS - 1_000_000).build());
		assertThat(early).contains("\"start_time\":1795685334.982296,\"end_time\":1795685334.982296");
		assertThat(parse(early).has("in_progress")).isFalse();

		String ended = DEFAULT.toJson(span(SpanKind.SERVER).build());
		assertThat(ended).contains("\"end_time\":1795685334.982752");
		assertThat(parse(ended).get("end_time").isDouble()).isTrue();
	}

	@Test
	void producerSubsegmentsAreRemote() {
		JsonNode doc = document(span(SpanKind.PRODUCER).setParentSpanContext(LOCAL_PARENT).build());
		assertThat(doc.get("type").stringValue()).isEqualTo("subsegment");
		assertThat(doc.get("namespace").stringValue()).isEqualTo("remote");
	}

	@Test
	void eachResourceNamesItsOwnSegments() {
		Resource other = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "other"));
		assertThat(document(span(SpanKind.SERVER).build()).get("name").stringValue()).isEqualTo("cruddur-backend");
		assertThat(document(span(SpanKind.SERVER).setResource(other).build()).get("name").stringValue())
			.isEqualTo("other");
		assertThat(document(span(SpanKind.SERVER).build()).get("name").stringValue()).isEqualTo("cruddur-backend");
	}

	private static String stackText(int exceptions, int framesEach, String message) {
		StringBuilder stack = new StringBuilder();
		for (int e = 0; e < exceptions; e++) {
			stack.append((e == 0) ? "" : "Caused by: ")
				.append("java.lang.RuntimeException: ")
				.append(message)
				.append('\n');
			for (int f = 0; f < framesEach; f++) {
				stack.append("\tat org.cruddur.Deep.call").append(f).append("(Deep.java:").append(f).append(")\n");
			}
		}
		return stack.toString();
	}

	@Test
	void oddInputNeverThrowsAndStillYieldsADocument() {
		List<EventData> events = new ArrayList<>();
		events.add(EventData.create(0, "exception", Attributes.empty()));
		events.add(EventData.create(0, "not an exception", Attributes.empty()));
		JsonNode doc = document(span(SpanKind.CONSUMER).setName("")
			.setSpanContext(SpanContext.getInvalid())
			.setParentSpanContext(SpanContext.create("zz", "yy", TraceFlags.getDefault(), TraceState.getDefault()))
			.setResource(Resource.empty())
			.setHasEnded(false)
			.setAttributes(Attributes.builder()
				.put("http.response.status_code", -5L)
				.put("server.port", "not a port")
				.put("weird", Double.NaN)
				.put("control", "a\u0000b\u001fc\"d\\e\n")
				.put("surrogate", "\uD83D\uDE00 and lone \uD800")
				.build())
			.setEvents(events)
			.build());
		assertThat(doc.get("name").stringValue()).isEqualTo("unknown_service");
		assertThat(doc.get("id").stringValue()).isEqualTo("0000000000000000");
		assertThat(doc.get("trace_id").stringValue()).isEqualTo("1-00000000-000000000000000000000000");
		assertThat(doc.get("in_progress").booleanValue()).isTrue();
		assertThat(doc.has("http")).as("a negative status is no status").isFalse();
		assertThat(doc.at("/metadata/default/control").stringValue()).isEqualTo("a\u0000b\u001fc\"d\\e\n");
		assertThat(doc.at("/metadata/default/surrogate").stringValue()).isEqualTo("\uD83D\uDE00 and lone \uFFFD");
		assertThat(doc.at("/metadata/default/weird").stringValue()).isEqualTo("NaN");
		assertThat(doc.at("/cause/exceptions").size()).isEqualTo(1);
	}

	@Test
	void aSpanThatCannotBeReadIsTheCallersFailureNotAnEmptyDocument() {
		IllegalStateException failure = new IllegalStateException("broken");
		assertThatThrownBy(
				() -> DEFAULT.toDatagram(XraySpans.withBrokenAttributes(span(SpanKind.SERVER).build(), failure)))
			.isSameAs(failure);
	}

	@Test
	void datagramStartsWithTheDaemonHeaderLine() {
		byte[] datagram = DEFAULT.toDatagram(span(SpanKind.SERVER).build());
		String text = new String(datagram, StandardCharsets.UTF_8);
		assertThat(text).startsWith("{\"format\": \"json\", \"version\": 1}\n{");
		assertThat(parse(text.substring(text.indexOf('\n') + 1)).get("id").stringValue()).isEqualTo(SPAN_ID);
	}

	static JsonNode parseDatagram(byte[] datagram) {
		String text = new String(datagram, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		assertThat(parse(text.substring(0, newline)).get("format").stringValue()).isEqualTo("json");
		return parse(text.substring(newline + 1));
	}

}
