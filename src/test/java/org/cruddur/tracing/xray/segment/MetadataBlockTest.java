package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.SEED_METADATA;
import static org.cruddur.tracing.xray.segment.Translators.document;

import java.util.List;
import java.util.stream.LongStream;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
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
		assertThat(doc.at("/metadata/default").propertyNames()).as("in the attributes' order")
			.containsExactly("merged", "aws.xray.metadata.incomplete", "plain");
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

	@Test
	void aConventionKeyNeedsANamespaceAndAKey() {
		JsonNode metadata = document(span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.builder()
				.put("aws.xray.metadata..k", "no namespace")
				.put("aws.xray.metadata.ns.", "no key")
				.put("aws.xray.metadata.ns.k", "both")
				.build())
			.build()).get("metadata");
		assertThat(metadata.propertyNames()).containsExactly("default", "ns");
		assertThat(metadata.at("/default/aws.xray.metadata..k").stringValue()).isEqualTo("no namespace");
		assertThat(metadata.at("/default/aws.xray.metadata.ns.").stringValue()).isEqualTo("no key");
		assertThat(metadata.at("/ns/k").stringValue()).isEqualTo("both");
	}

	@Test
	void anAliasDeeperInDefaultOpensItAlone() {
		XraySegmentTranslator translator = new XraySegmentTranslator(new SegmentSettings(null, null, List.of(),
				List.of(new MetadataAlias("app.owner", List.of("default", "team", "owner"))), null));
		JsonNode doc = parse(translator.toJson(span(SpanKind.INTERNAL).setParentSpanContext(LOCAL_PARENT)
			.setAttributes(Attributes.of(AttributeKey.stringKey("app.owner"), "cruddur"))
			.build()));
		assertThat(doc.get("metadata").propertyNames()).containsExactly("default");
		assertThat(doc.at("/metadata/default/team/owner").stringValue()).isEqualTo("cruddur");
	}

	@Test
	void aliasesNeedAKeyAndADistinctPath() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetadataAlias(null, List.of("ns", "k")))
			.withMessage("A metadata alias needs an attribute key");
		assertThatIllegalArgumentException().isThrownBy(() -> new MetadataAlias(" ", List.of("ns", "k")));
		assertThatIllegalArgumentException().isThrownBy(() -> settings(
				List.of(new MetadataAlias("a", List.of("ns", "k")), new MetadataAlias("b", List.of("ns", "k")))));
		assertThat(settings(
				List.of(new MetadataAlias("a", List.of("ns", "k")), new MetadataAlias("b", List.of("ns", "k2"))))
			.metadataAliases()).hasSize(2);
		assertThat(settings(null).metadataAliases()).isEmpty();
	}

	@Test
	void theDefaultNamespaceKeepsItsFirst256Entries() {
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 300; i++) {
			attributes.put(String.format("m%03d", i), (long) i);
		}
		JsonNode metadata = document(span(SpanKind.SERVER).setAttributes(attributes.build()).build())
			.at("/metadata/default");
		assertThat(metadata.size()).isEqualTo(256);
		assertThat(metadata.get("m255").intValue()).isEqualTo(255);
		assertThat(metadata.has("m256")).isFalse();

		AttributesBuilder exactly = Attributes.builder();
		for (int i = 0; i < 256; i++) {
			exactly.put(String.format("m%03d", i), (long) i);
		}
		assertThat(
				document(span(SpanKind.SERVER).setAttributes(exactly.build()).build()).at("/metadata/default").size())
			.isEqualTo(256);
	}

	@Test
	void theOtherNamespacesTogetherKeepTheirFirst256EntriesApartFromDefault() {
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < 300; i++) {
			attributes.put(String.format("aws.xray.metadata.feed.k%03d", i), "v" + i);
			attributes.put(String.format("plain%03d", i), true);
		}
		JsonNode metadata = document(span(SpanKind.SERVER).setAttributes(attributes.build()).build()).get("metadata");
		assertThat(metadata.get("feed").size()).isEqualTo(256);
		assertThat(metadata.at("/feed/k255").stringValue()).isEqualTo("v255");
		assertThat(metadata.get("default").size()).isEqualTo(256);
		assertThat(metadata.at("/default/plain000").isBoolean()).isTrue();
	}

	@Test
	void arraysKeepTheirFirstHundredElementsWithTheirTypes() {
		List<Long> numbers = LongStream.range(0, 150).boxed().toList();
		JsonNode metadata = document(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder()
				.put(AttributeKey.longArrayKey("app.many"), numbers)
				.put(AttributeKey.longArrayKey("app.hundred"), numbers.subList(0, 100))
				.put(AttributeKey.longArrayKey("app.hundred-and-one"), numbers.subList(0, 101))
				.put(AttributeKey.doubleArrayKey("app.ratios"), List.of(0.5, 2.0))
				.put(AttributeKey.booleanArrayKey("app.flags"), List.of(true, false))
				.put(AttributeKey.stringArrayKey("app.words"), List.of("€", "x".repeat(9000)))
				.build())
			.build()).at("/metadata/default");
		assertThat(metadata.get("app.many").size()).isEqualTo(100);
		assertThat(metadata.get("app.many").get(99).isInt()).isTrue();
		assertThat(metadata.get("app.many").get(99).intValue()).isEqualTo(99);
		assertThat(metadata.get("app.hundred").size()).isEqualTo(100);
		assertThat(metadata.get("app.hundred-and-one").size()).isEqualTo(100);
		assertThat(metadata.get("app.ratios").get(0).isDouble()).isTrue();
		assertThat(metadata.get("app.ratios").get(0).doubleValue()).isEqualTo(0.5);
		assertThat(metadata.get("app.ratios").get(1).isInt()).isTrue();
		assertThat(metadata.get("app.flags").get(0).isBoolean()).isTrue();
		assertThat(metadata.get("app.flags").get(1).booleanValue()).isFalse();
		assertThat(metadata.get("app.words").get(0).stringValue()).isEqualTo("€");
		assertThat(metadata.get("app.words").get(1).stringValue())
			.isEqualTo("x".repeat(8192) + "...[truncated 9000 chars]");
	}

	@Test
	void scalarsOfEveryTypeKeepTheirJsonType() {
		JsonNode metadata = document(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder()
				.put("app.text", "8")
				.put("app.count", 8L)
				.put("app.ratio", 0.125)
				.put("app.flag", true)
				.put("app.infinite", Double.POSITIVE_INFINITY)
				.build())
			.build()).at("/metadata/default");
		assertThat(metadata.get("app.text").isString()).isTrue();
		assertThat(metadata.get("app.count").isInt()).isTrue();
		assertThat(metadata.get("app.count").intValue()).isEqualTo(8);
		assertThat(metadata.get("app.ratio").isDouble()).isTrue();
		assertThat(metadata.get("app.ratio").doubleValue()).isEqualTo(0.125);
		assertThat(metadata.get("app.flag").isBoolean()).isTrue();
		assertThat(metadata.get("app.flag").booleanValue()).isTrue();
		assertThat(metadata.get("app.infinite").isString()).isTrue();
		assertThat(metadata.get("app.infinite").stringValue()).isEqualTo("Infinity");
	}

	@Test
	void valuesOtherThanAttributeTypesAreWrittenByTheirNature() {
		JsonOutput out = new JsonOutput(64);
		out.beginArray();
		AttributeValues.write(out, List.of(1, 2.5f, 'c', "ab"), 1);
		AttributeValues.writeScalar(out, null, 5);
		AttributeValues.writeScalar(out, Integer.valueOf(-4), 5);
		out.endArray();
		assertThat(out.toUtf8String(0)).isEqualTo("[[1,2.5,\"c\",\"a...[truncated 2 chars]\"],null,-4]");
	}

	@Test
	void numbersAreReadFromStringsOfDigitsOnly() {
		assertThat(AttributeValues.toLong(42L)).isEqualTo(42);
		assertThat(AttributeValues.toLong(2.9)).isEqualTo(2);
		assertThat(AttributeValues.toLong(" 0507 ")).isEqualTo(507);
		assertThat(AttributeValues.toLong("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
		assertThat(AttributeValues.toLong("1".repeat(19))).isEqualTo(-1);
		assertThat(AttributeValues.toLong("")).isEqualTo(-1);
		assertThat(AttributeValues.toLong("  ")).isEqualTo(-1);
		assertThat(AttributeValues.toLong("-1")).isEqualTo(-1);
		assertThat(AttributeValues.toLong("1/")).isEqualTo(-1);
		assertThat(AttributeValues.toLong("1:")).isEqualTo(-1);
		assertThat(AttributeValues.toLong("09")).isEqualTo(9);
		assertThat(AttributeValues.toLong(true)).isEqualTo(-1);
		assertThat(AttributeValues.toLong(null)).isEqualTo(-1);
	}

	private static SegmentSettings settings(List<MetadataAlias> aliases) {
		return new SegmentSettings(null, null, List.of(), aliases, null);
	}

}
