package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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
	void withoutIndexedKeysOrAnAnnotationListThereAreNoAnnotations() {
		JsonNode doc = document(
				span(SpanKind.SERVER).setAttributes(Attributes.of(AttributeKey.stringKey("a"), "b")).build());
		assertThat(doc.has("annotations")).isFalse();
		assertThat(doc.at("/metadata/default/a").stringValue()).isEqualTo("b");
	}

	@Test
	void annotationKeysKeepOnlyLettersDigitsAndUnderscores() {
		assertThat(AnnotationBlock.sanitizeKey("http.response.status_code")).isEqualTo("http_response_status_code");
		assertThat(AnnotationBlock.sanitizeKey("ä-ö")).isEqualTo("___");
		assertThat(AnnotationBlock.sanitizeKey("k".repeat(600))).hasSize(500);
	}

}
