package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
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

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class XraySegmentTranslatorTest {

	private final XraySegmentTranslator translator = XraySegmentTranslator.builder().sdkVersion("0.1.0").build();

	private static final SpanContext LOCAL_PARENT = context("1111222233334444");

	@Test
	void serverSpanContinuingAnUpstreamTraceBecomesASegmentWithTheSeedsShape() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.SERVER).setName("http get /api/activities/@{handle}")
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
			.build()));

		assertThat(doc.get("name").asString()).isEqualTo("cruddur-backend");
		assertThat(doc.get("id").asString()).isEqualTo(SPAN_ID);
		assertThat(doc.get("trace_id").asString()).isEqualTo(XRAY_TRACE_ID);
		assertThat(doc.get("parent_id").asString()).isEqualTo(UPSTREAM_PARENT_ID);
		assertThat(doc.has("type")).as("segments carry no type").isFalse();
		assertThat(doc.has("namespace")).isFalse();
		assertThat(doc.get("start_time").isNumber()).isTrue();
		assertThat(doc.get("start_time").asDouble()).isCloseTo(START_NANOS / 1e9, within(1e-6));
		assertThat(doc.get("end_time").asDouble()).isCloseTo(END_NANOS / 1e9, within(1e-6));
		assertThat(doc.has("in_progress")).isFalse();

		JsonNode request = doc.get("http").get("request");
		assertThat(request.get("method").asString()).isEqualTo("GET");
		assertThat(request.get("url").asString()).isEqualTo("http://localhost:4599/api/activities/@andrewbrown");
		assertThat(request.get("user_agent").asString()).isEqualTo("curl/7.88.1");
		assertThat(request.get("client_ip").asString()).isEqualTo("127.0.0.1");
		assertThat(request.has("x_forwarded_for")).isFalse();
		JsonNode response = doc.get("http").get("response");
		assertThat(response.get("status").isIntegralNumber()).isTrue();
		assertThat(response.get("status").asInt()).isEqualTo(200);
		assertThat(response.get("content_length").asLong()).isEqualTo(184);

		assertThat(doc.get("aws").get("xray").get("sdk").asString()).isEqualTo(XraySegmentTranslator.DEFAULT_SDK_NAME);
		assertThat(doc.get("aws").get("xray").get("sdk_version").asString()).isEqualTo("0.1.0");
		assertThat(doc.get("service").get("version").asString()).isEqualTo("0.1.0");
		assertThat(doc.has("error") || doc.has("fault") || doc.has("throttle")).isFalse();
		assertThat(doc.has("origin")).as("not on Kubernetes").isFalse();
		assertThat(doc.has("metadata")).as("http attributes are not repeated in metadata").isFalse();
	}

	@Test
	void rootSpanWithoutParentIsASegmentWithoutParentId() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.INTERNAL).build()));
		assertThat(doc.has("parent_id")).isFalse();
		assertThat(doc.has("type")).isFalse();
		assertThat(doc.get("name").asString()).isEqualTo("cruddur-backend");
	}

	@Test
	void urlFullWinsAndBuiltUrlsOmitDefaultPortsButKeepTheQuery() {
		JsonNode full = parse(translator.toJson(
				span(SpanKind.SERVER)
					.setAttributes(Attributes.builder()
						.put("url.full", "https://api.example.com/x?y=1")
						.put("server.address", "ignored")
						.build())
					.build()));
		assertThat(full.at("/http/request/url").asString()).isEqualTo("https://api.example.com/x?y=1");

		JsonNode built = parse(translator.toJson(
				span(SpanKind.SERVER)
					.setAttributes(Attributes.builder()
						.put("url.scheme", "https")
						.put("server.address", "cruddur.example")
						.put("server.port", 443L)
						.put("url.path", "/api/activities/search")
						.put("url.query", "term=cloud")
						.build())
					.build()));
		assertThat(built.at("/http/request/url").asString())
			.isEqualTo("https://cruddur.example/api/activities/search?term=cloud");
	}

	@Test
	void forwardedClientAddressIsFlagged() {
		JsonNode doc = parse(translator.toJson(
				span(SpanKind.SERVER)
					.setAttributes(Attributes.builder()
						.put("client.address", "203.0.113.9")
						.put("network.peer.address", "10.0.0.7")
						.build())
					.build()));
		assertThat(doc.at("/http/request/client_ip").asString()).isEqualTo("203.0.113.9");
		assertThat(doc.at("/http/request/x_forwarded_for").asBoolean()).isTrue();
	}

	@Test
	void clientSpanBecomesARemoteSubsegmentNamedByItsServer() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.CLIENT).setName("http post")
			.setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("http.request.method", "POST")
				.put("url.full", "https://api.honeycomb.io/v1/traces")
				.put("server.address", "api.honeycomb.io")
				.put("http.response.status_code", 200L)
				.build())
			.build()));

		assertThat(doc.get("type").asString()).isEqualTo("subsegment");
		assertThat(doc.get("namespace").asString()).isEqualTo("remote");
		assertThat(doc.get("name").asString()).isEqualTo("api.honeycomb.io");
		assertThat(doc.get("trace_id").asString()).isEqualTo(XRAY_TRACE_ID);
		assertThat(doc.get("parent_id").asString()).isEqualTo("1111222233334444");
		assertThat(doc.get("id").asString()).isEqualTo(SPAN_ID);
		assertThat(doc.at("/http/request/method").asString()).isEqualTo("POST");
		assertThat(doc.at("/http/request/url").asString()).isEqualTo("https://api.honeycomb.io/v1/traces");
		assertThat(doc.has("aws")).as("resource data on segments only").isFalse();
		assertThat(doc.has("service")).isFalse();
	}

	@Test
	void internalSpanBecomesALocalSubsegmentWithASanitizedName() {
		JsonNode doc = parse(
				translator.toJson(span(SpanKind.INTERNAL).setName("activities_home <users> {x} \"q\" ünïcode!")
					.setParentSpanContext(LOCAL_PARENT)
					.build()));
		assertThat(doc.get("type").asString()).isEqualTo("subsegment");
		assertThat(doc.get("namespace").asString()).isEqualTo("local");
		assertThat(doc.get("name").asString()).isEqualTo("activities_home users x q ünïcode");
	}

	@Test
	void serverSpanWithALocalParentIsStillASegment() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.SERVER).setParentSpanContext(LOCAL_PARENT).build()));
		assertThat(doc.has("type")).isFalse();
		assertThat(doc.get("parent_id").asString()).isEqualTo("1111222233334444");
	}

	@Test
	void longNamesAreCutTo200Characters() {
		JsonNode doc = parse(translator
			.toJson(span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT).setName("n".repeat(1000)).build()));
		assertThat(doc.get("name").asString()).hasSize(200);
	}

	@ParameterizedTest(name = "status {0} / span status {1}")
	@CsvSource({ "200, UNSET, false, false, false", "200, ERROR, false, false, true", "404, UNSET, true,  false, false",
			"404, ERROR, true,  false, false", "429, UNSET, true,  true,  false", "500, UNSET, false, false, true",
			"503, OK,    false, false, true", "-1,  ERROR, false, false, true", })
	void errorThrottleAndFaultFlags(long status, StatusCode spanStatus, boolean error, boolean throttle,
			boolean fault) {
		Attributes attributes = status < 0 ? Attributes.empty()
				: Attributes.of(AttributeKey.longKey("http.response.status_code"), status);
		JsonNode doc = parse(translator.toJson(
				span(SpanKind.SERVER).setAttributes(attributes).setStatus(StatusData.create(spanStatus, "")).build()));
		assertThat(doc.path("error").asBoolean(false)).as("error").isEqualTo(error);
		assertThat(doc.path("throttle").asBoolean(false)).as("throttle").isEqualTo(throttle);
		assertThat(doc.path("fault").asBoolean(false)).as("fault").isEqualTo(fault);
	}

	@Test
	void statusCodeGivenAsAStringIsAcceptedWhenItParses() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.SERVER)
			.setAttributes(Attributes.of(AttributeKey.stringKey("http.response.status_code"), "502"))
			.build()));
		assertThat(doc.at("/http/response/status").isIntegralNumber()).isTrue();
		assertThat(doc.at("/http/response/status").asInt()).isEqualTo(502);
		assertThat(doc.get("fault").asBoolean()).isTrue();

		JsonNode garbage = parse(translator.toJson(span(SpanKind.SERVER)
			.setAttributes(Attributes.of(AttributeKey.stringKey("http.response.status_code"), "OK"))
			.build()));
		assertThat(garbage.has("http")).isFalse();
		assertThat(garbage.has("fault")).isFalse();
	}

	@Test
	void errorStatusWithoutExceptionsKeepsTheDescriptionAsCause() {
		JsonNode doc = parse(translator.toJson(
				span(SpanKind.SERVER).setStatus(StatusData.create(StatusCode.ERROR, "upstream timed out")).build()));
		assertThat(doc.get("fault").asBoolean()).isTrue();
		assertThat(doc.at("/cause/exceptions/0/message").asString()).isEqualTo("upstream timed out");
	}

	@Test
	void exceptionEventWithCausedByChainIsParsedFromTheStackTrace() {
		String stack = String.join("\n", "java.lang.IllegalStateException: feed failed",
				"\tat org.cruddur.activities.HomeActivities.run(HomeActivities.java:42)",
				"\tat java.base/java.util.ArrayList.forEach(ArrayList.java:1596)",
				"\tat org.cruddur.Native.call(Native Method)", "\tSuppressed: java.lang.RuntimeException: ignored",
				"\t\tat org.cruddur.Suppressed.x(Suppressed.java:1)", "Caused by: java.io.IOException: disk: full",
				"\tat org.cruddur.Store.write(Store.java:7)", "\t... 3 more");
		EventData event = EventData.create(END_NANOS, "exception",
				Attributes.builder()
					.put("exception.type", "java.lang.IllegalStateException")
					.put("exception.message", "feed failed")
					.put("exception.stacktrace", stack)
					.build());
		JsonNode doc = parse(translator
			.toJson(span(SpanKind.SERVER).setEvents(List.of(event)).setStatus(StatusData.error()).build()));

		assertThat(doc.get("fault").asBoolean()).isTrue();
		JsonNode exceptions = doc.at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(2);
		JsonNode top = exceptions.get(0);
		JsonNode cause = exceptions.get(1);
		assertThat(top.get("id").asString()).matches("[0-9a-f]{16}");
		assertThat(cause.get("id").asString()).matches("[0-9a-f]{16}").isNotEqualTo(top.get("id").asString());
		assertThat(top.get("type").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(top.get("message").asString()).isEqualTo("feed failed");
		assertThat(top.get("cause").asString()).isEqualTo(cause.get("id").asString());
		assertThat(top.has("remote")).isFalse();
		assertThat(top.get("stack").size()).as("suppressed frames are ignored").isEqualTo(3);
		assertThat(top.at("/stack/0/path").asString()).isEqualTo("HomeActivities.java");
		assertThat(top.at("/stack/0/line").asInt()).isEqualTo(42);
		assertThat(top.at("/stack/0/label").asString()).isEqualTo("org.cruddur.activities.HomeActivities.run");
		assertThat(top.at("/stack/1/label").asString()).isEqualTo("java.util.ArrayList.forEach");
		assertThat(top.at("/stack/2/path").asString()).isEqualTo("Native Method");
		assertThat(top.at("/stack/2/line").isMissingNode()).isTrue();
		assertThat(cause.get("type").asString()).isEqualTo("java.io.IOException");
		assertThat(cause.get("message").asString()).isEqualTo("disk: full");
		assertThat(cause.get("stack").size()).isEqualTo(1);
		assertThat(cause.get("skipped").asInt()).isEqualTo(3);
		assertThat(cause.has("cause")).isFalse();
	}

	@Test
	void recordedThrowableIsUsedDirectlyAndClientExceptionsAreRemote() {
		Exception root = new UncheckedIOException("connect failed", new IOException("refused"));
		EventData event = ExceptionEventData.create(END_NANOS, root, Attributes.empty(), 0);
		JsonNode doc = parse(translator.toJson(span(SpanKind.CLIENT).setParentSpanContext(LOCAL_PARENT)
			.setEvents(List.of(event))
			.setStatus(StatusData.error())
			.build()));

		JsonNode exceptions = doc.at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(2);
		assertThat(exceptions.get(0).get("type").asString()).isEqualTo("java.io.UncheckedIOException");
		assertThat(exceptions.get(0).get("message").asString()).isEqualTo("connect failed");
		assertThat(exceptions.get(0).get("remote").asBoolean()).isTrue();
		assertThat(exceptions.get(0).get("cause").asString()).isEqualTo(exceptions.get(1).get("id").asString());
		assertThat(exceptions.get(0).at("/stack/0/label").asString())
			.isEqualTo(getClass().getName() + ".recordedThrowableIsUsedDirectlyAndClientExceptionsAreRemote");
		assertThat(exceptions.get(0).at("/stack/0/path").asString()).isEqualTo(getClass().getSimpleName() + ".java");
		assertThat(exceptions.get(1).get("type").asString()).isEqualTo("java.io.IOException");
		assertThat(exceptions.get(1).get("message").asString()).isEqualTo("refused");
	}

	@Test
	void indexedKeysBecomeSanitizedAnnotationsAndEverythingElseMetadata() {
		XraySegmentTranslator indexing = XraySegmentTranslator.builder()
			.indexedAttributes(Set.of("app.user-handle", "app.cached", "app.results", "app.tags"))
			.build();
		JsonNode doc = parse(indexing.toJson(
				span(SpanKind.SERVER)
					.setAttributes(Attributes.builder()
						.put("app.user-handle", "andrewbrown")
						.put("app.cached", true)
						.put("app.results", 3L)
						.put("app.tags", new String[] { "a", "b" })
						.put("app.ratio", 0.5)
						.put("app.note", "not indexed")
						.put("app.dynamic", "by span")
						.put(AttributeKey.stringArrayKey("aws.xray.annotations"), List.of("app.dynamic"))
						.put("http.request.method", "GET")
						.build())
					.build()));

		JsonNode annotations = doc.get("annotations");
		assertThat(annotations.get("app_user_handle").asString()).isEqualTo("andrewbrown");
		assertThat(annotations.get("app_cached").asBoolean()).isTrue();
		assertThat(annotations.get("app_results").asLong()).isEqualTo(3);
		assertThat(annotations.get("app_dynamic").asString()).isEqualTo("by span");
		assertThat(annotations.has("app_tags")).as("arrays cannot be annotations").isFalse();
		assertThat(annotations.size()).isEqualTo(4);

		JsonNode metadata = doc.at("/metadata/default");
		assertThat(metadata.get("app.note").asString()).isEqualTo("not indexed");
		assertThat(metadata.get("app.ratio").asDouble()).isEqualTo(0.5);
		assertThat(metadata.get("app.tags").isArray()).isTrue();
		assertThat(metadata.get("app.tags").get(1).asString()).isEqualTo("b");
		assertThat(metadata.has("app.user-handle")).isFalse();
		assertThat(metadata.has("http.request.method")).isFalse();
		assertThat(metadata.has("aws.xray.annotations")).isFalse();
	}

	@Test
	void onKubernetesTheSegmentCarriesTheEksBlockAndOrigin() {
		Resource eks = Resource.create(Attributes.builder()
			.put("service.name", "cruddur-backend")
			.put("k8s.cluster.name", "cruddur")
			.put("k8s.pod.name", "cruddur-backend-7d9f-abcde")
			.put("container.id", "0123456789ab")
			.build());
		JsonNode segment = parse(translator.toJson(span(SpanKind.SERVER).setResource(eks).build()));
		assertThat(segment.get("origin").asString()).isEqualTo("AWS::EKS::Container");
		assertThat(segment.at("/aws/eks/cluster_name").asString()).isEqualTo("cruddur");
		assertThat(segment.at("/aws/eks/pod").asString()).isEqualTo("cruddur-backend-7d9f-abcde");
		assertThat(segment.at("/aws/eks/container_id").asString()).isEqualTo("0123456789ab");
		assertThat(segment.at("/aws/xray/sdk").asString()).isEqualTo(XraySegmentTranslator.DEFAULT_SDK_NAME);
		assertThat(segment.has("service")).as("no service.version on this resource").isFalse();

		JsonNode subsegment = parse(
				translator.toJson(span(SpanKind.INTERNAL).setResource(eks).setParentSpanContext(LOCAL_PARENT).build()));
		assertThat(subsegment.has("aws")).isFalse();
		assertThat(subsegment.has("origin")).isFalse();
	}

	@Test
	void segmentNamesFollowTheSeedsDynamicNaming() {
		XraySegmentTranslator dynamic = XraySegmentTranslator.builder()
			.segmentName("backend-flask")
			.dynamicNamingHostPattern("*.cruddur.example")
			.build();
		Attributes matching = Attributes.of(AttributeKey.stringKey("server.address"), "api.Cruddur.example");
		Attributes other = Attributes.of(AttributeKey.stringKey("server.address"), "localhost");

		assertThat(parse(dynamic.toJson(span(SpanKind.SERVER).setAttributes(matching).build())).get("name").asString())
			.isEqualTo("api.Cruddur.example");
		assertThat(parse(dynamic.toJson(span(SpanKind.SERVER).setAttributes(other).build())).get("name").asString())
			.isEqualTo("backend-flask");
		assertThat(
				parse(translator.toJson(span(SpanKind.SERVER).setAttributes(matching).build())).get("name").asString())
			.as("no pattern configured: service.name")
			.isEqualTo("cruddur-backend");

		XraySegmentTranslator singleChar = XraySegmentTranslator.builder()
			.dynamicNamingHostPattern("api?.local")
			.build();
		assertThat(parse(singleChar.toJson(span(SpanKind.SERVER)
			.setAttributes(Attributes.of(AttributeKey.stringKey("server.address"), "api1.local"))
			.build())).get("name").asString()).isEqualTo("api1.local");
		assertThat(parse(singleChar.toJson(span(SpanKind.SERVER)
			.setAttributes(Attributes.of(AttributeKey.stringKey("server.address"), "api12.local"))
			.build())).get("name").asString()).isEqualTo("cruddur-backend");
	}

	@Test
	void segmentNamesAreSanitizedToo() {
		XraySegmentTranslator fixed = XraySegmentTranslator.builder().segmentName("backend <flask>!").build();
		assertThat(parse(fixed.toJson(span(SpanKind.SERVER).build())).get("name").asString())
			.isEqualTo("backend flask");
	}

	@Test
	void mockDataSpanGetsTheSeedsMetadataNamespace() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.INTERNAL).setName("mock-data")
			.setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("app.now", "2026-11-26T10:00:00.123456+00:00")
				.put("app.result_length", 3L)
				.build())
			.build()));
		assertThat(doc.get("name").asString()).isEqualTo("mock-data");
		assertThat(doc.get("namespace").asString()).isEqualTo("local");
		JsonNode metadata = doc.get("metadata");
		assertThat(metadata.propertyNames()).containsExactly("namespace");
		assertThat(metadata.at("/namespace/now").asString()).isEqualTo("2026-11-26T10:00:00.123456+00:00");
		assertThat(metadata.at("/namespace/results-size").isIntegralNumber()).isTrue();
		assertThat(metadata.at("/namespace/results-size").asLong()).isEqualTo(3);
	}

	@Test
	void metadataPrefixConventionRoutesToNamedNamespaces() {
		JsonNode doc = parse(translator.toJson(span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("aws.xray.metadata.feed.source", "mock")
				.put("aws.xray.metadata.feed.count", 2L)
				.put("aws.xray.metadata.default.merged", "into default")
				.put("aws.xray.metadata.incomplete", "no key")
				.put("plain", "x")
				.build())
			.build()));
		assertThat(doc.at("/metadata/feed/source").asString()).isEqualTo("mock");
		assertThat(doc.at("/metadata/feed/count").asLong()).isEqualTo(2);
		assertThat(doc.at("/metadata/default/plain").asString()).isEqualTo("x");
		assertThat(doc.at("/metadata/default").has("aws.xray.metadata.feed.source")).isFalse();
		assertThat(doc.at("/metadata/default/merged").asString()).isEqualTo("into default");
		assertThat(doc.at("/metadata/default/aws.xray.metadata.incomplete").asString()).isEqualTo("no key");
	}

	@Test
	void aOneMebibyteAttributeIsTruncatedAndTheDatagramStaysUnder64KiB() {
		String huge = "x".repeat(1024 * 1024);
		byte[] datagram = translator.toDatagram(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder().put("app.payload", huge).put("url.full", "http://h/" + huge).build())
			.build());
		assertThat(datagram.length).isLessThanOrEqualTo(XraySegmentTranslator.DEFAULT_MAX_DATAGRAM_BYTES)
			.isLessThan(64 * 1024);
		JsonNode doc = parseDatagram(datagram);
		String value = doc.at("/metadata/default/app.payload").asString();
		assertThat(value).startsWith("xxxx").endsWith("...[truncated 1048576 chars]").hasSizeLessThan(10_000);
		assertThat(doc.get("trace_id").asString()).isEqualTo(XRAY_TRACE_ID);
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
		byte[] datagram = translator
			.toDatagram(span(SpanKind.SERVER).setAttributes(attributes.build()).setEvents(List.of(event)).build());

		assertThat(datagram.length).isLessThanOrEqualTo(XraySegmentTranslator.DEFAULT_MAX_DATAGRAM_BYTES);
		JsonNode doc = parseDatagram(datagram);
		assertThat(doc.at("/metadata/default/" + XraySegmentTranslator.TRUNCATED_MARKER_KEY.replace("/", "~1"))
			.asBoolean()).isTrue();
		JsonNode exception = doc.at("/cause/exceptions/0");
		assertThat(exception.get("type").asString()).isEqualTo("java.lang.RuntimeException");
		assertThat(exception.get("truncated").asInt()).isGreaterThan(0);
	}

	@Test
	void oddInputNeverThrowsAndStillYieldsADocument() {
		List<EventData> events = new ArrayList<>();
		events.add(EventData.create(0, "exception", Attributes.empty()));
		events.add(EventData.create(0, "not an exception", Attributes.empty()));
		JsonNode doc = parse(translator.toJson(span(SpanKind.CONSUMER).setName("")
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
			.build()));
		assertThat(doc.get("name").asString()).isNotBlank();
		assertThat(doc.get("in_progress").asBoolean()).isTrue();
		assertThat(doc.at("/metadata/default/control").asString()).isEqualTo("a\u0000b\u001fc\"d\\e\n");
		assertThat(doc.at("/metadata/default/surrogate").asString()).startsWith("\uD83D\uDE00 and lone ");
		assertThat(doc.at("/metadata/default/weird").asString()).isEqualTo("NaN");
		assertThat(doc.at("/cause/exceptions").size()).isEqualTo(1);
	}

	@Test
	void datagramStartsWithTheDaemonHeaderLine() {
		byte[] datagram = translator.toDatagram(span(SpanKind.SERVER).build());
		String text = new String(datagram, StandardCharsets.UTF_8);
		assertThat(text).startsWith("{\"format\": \"json\", \"version\": 1}\n{");
		assertThat(parse(text.substring(text.indexOf('\n') + 1)).get("id").asString()).isEqualTo(SPAN_ID);
	}

	static JsonNode parseDatagram(byte[] datagram) {
		String text = new String(datagram, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		assertThat(parse(text.substring(0, newline)).get("format").asString()).isEqualTo("json");
		return parse(text.substring(newline + 1));
	}

}
