package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import java.util.List;
import java.util.stream.IntStream;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AnnotationBlockTest {

	@Test
	void indexedKeysBecomeSanitizedAnnotationsAndEverythingElseMetadata() {
		XraySegmentTranslator indexing = Translators
			.indexing(List.of("app.user-handle", "app.cached", "app.results", "app.tags"));
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
		assertThat(annotations.get("app_user_handle").stringValue()).isEqualTo("andrewbrown");
		assertThat(annotations.get("app_cached").booleanValue()).isTrue();
		assertThat(annotations.get("app_results").isInt()).isTrue();
		assertThat(annotations.get("app_results").longValue()).isEqualTo(3);
		assertThat(annotations.get("app_dynamic").stringValue()).isEqualTo("by span");
		assertThat(annotations.has("app_tags")).as("arrays cannot be annotations").isFalse();
		assertThat(annotations.size()).isEqualTo(4);

		JsonNode metadata = doc.at("/metadata/default");
		assertThat(metadata.get("app.note").stringValue()).isEqualTo("not indexed");
		assertThat(metadata.get("app.ratio").doubleValue()).isEqualTo(0.5);
		assertThat(metadata.get("app.tags").isArray()).isTrue();
		assertThat(metadata.get("app.tags").get(1).stringValue()).isEqualTo("b");
		assertThat(metadata.has("app.user-handle")).isFalse();
		assertThat(metadata.has("app.dynamic")).isFalse();
		assertThat(metadata.has("http.request.method")).isFalse();
		assertThat(metadata.has("aws.xray.annotations")).isFalse();
		assertThat(metadata.size()).isEqualTo(3);
	}

	@Test
	void indexedKeysTheSpanDoesNotCarryWriteNoAnnotations() {
		JsonNode doc = parse(Translators.indexing(List.of("app.absent"))
			.toJson(span(SpanKind.SERVER).setAttributes(Attributes.of(AttributeKey.stringKey("a"), "b")).build()));
		assertThat(doc.has("annotations")).isFalse();
		assertThat(doc.at("/metadata/default/a").stringValue()).isEqualTo("b");
	}

	@Test
	void withoutIndexedKeysOrAnAnnotationListThereAreNoAnnotations() {
		JsonNode doc = document(
				span(SpanKind.SERVER).setAttributes(Attributes.of(AttributeKey.stringKey("a"), "b")).build());
		assertThat(doc.has("annotations")).isFalse();
		assertThat(doc.at("/metadata/default/a").stringValue()).isEqualTo("b");
	}

	@Test
	void aDocumentCarriesAtMostFiftyAnnotationsTheRestStayOutOfMetadataToo() {
		List<String> keys = IntStream.range(0, 60).mapToObj((i) -> String.format("app.k%02d", i)).toList();
		AttributesBuilder attributes = Attributes.builder();
		keys.forEach((key) -> attributes.put(key, key));
		attributes.put(AttributeKey.stringArrayKey("aws.xray.annotations"), keys);
		JsonNode doc = document(span(SpanKind.SERVER).setAttributes(attributes.build()).build());

		JsonNode annotations = doc.get("annotations");
		assertThat(annotations.size()).isEqualTo(50);
		assertThat(annotations.propertyNames())
			.containsExactlyElementsOf(IntStream.range(0, 50).mapToObj((i) -> String.format("app_k%02d", i)).toList());
		assertThat(annotations.get("app_k49").stringValue()).isEqualTo("app.k49");
		assertThat(doc.has("metadata")).as("listed scalars never go to metadata").isFalse();
	}

	@Test
	void exactlyFiftyAnnotationsAreAllWritten() {
		XraySegmentTranslator indexing = Translators
			.indexing(IntStream.range(0, 50).mapToObj((i) -> String.format("app.k%02d", i)).toList());
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 50; i++) {
			attributes.put(String.format("app.k%02d", i), (long) i);
		}
		JsonNode annotations = parse(indexing.toJson(span(SpanKind.SERVER).setAttributes(attributes.build()).build()))
			.get("annotations");
		assertThat(annotations.size()).isEqualTo(50);
		assertThat(annotations.get("app_k49").isInt()).isTrue();
		assertThat(annotations.get("app_k49").intValue()).isEqualTo(49);
	}

	@Test
	void annotationValuesKeepTheirJsonTypesAndAreCutAtAThousandCharacters() {
		XraySegmentTranslator indexing = Translators
			.indexing(List.of("app.flag", "app.count", "app.ratio", "app.whole", "app.long", "app.exact"));
		JsonNode annotations = parse(indexing.toJson(
				span(SpanKind.SERVER)
					.setAttributes(Attributes.builder()
						.put("app.flag", false)
						.put("app.count", 7L)
						.put("app.ratio", 0.25)
						.put("app.whole", 3.0)
						.put("app.long", "€".repeat(1001))
						.put("app.exact", "x".repeat(1000))
						.build())
					.build()))
			.get("annotations");
		assertThat(annotations.get("app_flag").isBoolean()).isTrue();
		assertThat(annotations.get("app_flag").booleanValue()).isFalse();
		assertThat(annotations.get("app_count").isInt()).isTrue();
		assertThat(annotations.get("app_ratio").isDouble()).isTrue();
		assertThat(annotations.get("app_ratio").doubleValue()).isEqualTo(0.25);
		assertThat(annotations.get("app_whole").isInt()).as("an integral double is written as an integer").isTrue();
		assertThat(annotations.get("app_long").stringValue()).isEqualTo("€".repeat(1000) + "...[truncated 1001 chars]");
		assertThat(annotations.get("app_exact").stringValue()).isEqualTo("x".repeat(1000));
	}

	@Test
	void aListedKeyWhoseValueIsAnArrayStaysInMetadata() {
		JsonNode doc = document(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder()
				.put("app.tags", new String[] { "a" })
				.put(AttributeKey.stringArrayKey("aws.xray.annotations"), List.of("app.tags", "app.absent"))
				.build())
			.build());
		assertThat(doc.has("annotations")).isFalse();
		assertThat(doc.at("/metadata/default/app.tags/0").stringValue()).isEqualTo("a");
		assertThat(doc.at("/metadata/default").size()).isEqualTo(1);
	}

	@Test
	void annotationKeysKeepOnlyLettersDigitsAndUnderscores() {
		assertThat(AnnotationBlock.sanitizeKey("http.response.status_code")).isEqualTo("http_response_status_code");
		assertThat(AnnotationBlock.sanitizeKey("ä-ö")).isEqualTo("___");
		assertThat(AnnotationBlock.sanitizeKey("k".repeat(600))).hasSize(500);
		assertThat(AnnotationBlock.sanitizeKey("k".repeat(500))).hasSize(500);
		assertThat(AnnotationBlock.sanitizeKey("azAZ09_")).isEqualTo("azAZ09_");
		assertThat(AnnotationBlock.sanitizeKey("`{@[/:^")).isEqualTo("_______");
	}

}
