package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.SEED_METADATA;
import static org.cruddur.tracing.xray.segment.Translators.document;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MetadataBlockTest {

	private static final SpanContext LOCAL_PARENT = context("1111222233334444");

	@Test
	void mockDataSpanGetsTheSeedsMetadataNamespace() {
		JsonNode doc = document(span(SpanKind.INTERNAL).setName("mock-data")
			.setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("app.now", "2026-11-26T10:00:00.123456+00:00")
				.put("app.result_length", 3L)
				.build())
			.build());
		assertThat(doc.get("name").stringValue()).isEqualTo("mock-data");
		assertThat(doc.get("namespace").stringValue()).isEqualTo("local");
		JsonNode metadata = doc.get("metadata");
		assertThat(metadata.propertyNames()).containsExactly("namespace");
		assertThat(metadata.get("namespace").propertyNames()).containsExactly("key");
		assertThat(metadata.at("/namespace/key").propertyNames()).containsExactly("now", "results-size");
		assertThat(metadata.at("/namespace/key/now").stringValue()).isEqualTo("2026-11-26T10:00:00.123456+00:00");
		assertThat(metadata.at("/namespace/key/results-size").isInt()).isTrue();
		assertThat(metadata.at("/namespace/key/results-size").longValue()).isEqualTo(3);
	}

	@Test
	void metadataPrefixConventionRoutesToNamedNamespaces() {
		JsonNode doc = document(span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("aws.xray.metadata.feed.source", "mock")
				.put("aws.xray.metadata.feed.count", 2L)
				.put("aws.xray.metadata.default.merged", "into default")
				.put("aws.xray.metadata.incomplete", "no key")
				.put("plain", "x")
				.build())
			.build());
		assertThat(doc.get("metadata").propertyNames()).containsExactly("default", "feed");
		assertThat(doc.at("/metadata/feed/source").stringValue()).isEqualTo("mock");
		assertThat(doc.at("/metadata/feed/count").longValue()).isEqualTo(2);
		assertThat(doc.at("/metadata/default/plain").stringValue()).isEqualTo("x");
		assertThat(doc.at("/metadata/default").has("aws.xray.metadata.feed.source")).isFalse();
		assertThat(doc.at("/metadata/default/merged").stringValue()).isEqualTo("into default");
		assertThat(doc.at("/metadata/default/aws.xray.metadata.incomplete").stringValue()).isEqualTo("no key");
	}

	@Test
	void anAliasPathMayNestDeeperAndSharesItsObjectsWithItsNeighbours() {
		XraySegmentTranslator nested = new XraySegmentTranslator(new SegmentSettings(null, null, List.of(),
				List.of(new MetadataAlias("app.now", List.of("namespace", "mock-data", "now")),
						new MetadataAlias("app.result_length", List.of("namespace", "mock-data", "results-size")),
						new MetadataAlias("app.source", List.of("namespace", "source")),
						new MetadataAlias("app.owner", List.of("default", "team", "owner"))),
				null));
		JsonNode doc = parse(nested.toJson(span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("app.now", "2026-11-26T10:00:00Z")
				.put("app.result_length", 3L)
				.put("app.source", "mock")
				.put("app.owner", "cruddur")
				.put("plain", "x")
				.build())
			.build()));
		JsonNode metadata = doc.get("metadata");
		assertThat(metadata.propertyNames()).containsExactly("default", "namespace");
		assertThat(metadata.get("namespace").propertyNames()).containsExactly("mock-data", "source");
		assertThat(metadata.at("/namespace/mock-data/now").stringValue()).isEqualTo("2026-11-26T10:00:00Z");
		assertThat(metadata.at("/namespace/mock-data/results-size").intValue()).isEqualTo(3);
		assertThat(metadata.at("/namespace/source").stringValue()).isEqualTo("mock");
		assertThat(metadata.get("default").propertyNames()).containsExactly("plain", "team");
		assertThat(metadata.at("/default/team/owner").stringValue()).isEqualTo("cruddur");
	}

	@Test
	void aliasesThatWouldWriteOneKeyTwiceAreRejected() {
		MetadataAlias now = new MetadataAlias("app.now", List.of("namespace", "now"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(List.of(now, new MetadataAlias("app.now", List.of("namespace", "other")))));
		assertThatIllegalArgumentException().isThrownBy(
				() -> settings(List.of(now, new MetadataAlias("app.then", List.of("namespace", "now", "deeper")))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MetadataAlias("app.now", List.of("namespace-without-key")));
		assertThatIllegalArgumentException().isThrownBy(() -> new MetadataAlias("app.now", List.of("namespace", " ")));
		assertThat(settings(SEED_METADATA).metadataAliases()).isEqualTo(SEED_METADATA);
	}

	private static SegmentSettings settings(List<MetadataAlias> aliases) {
		return new SegmentSettings(null, null, List.of(), aliases, null);
	}

}
