package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.SPAN_ID;
import static org.cruddur.testing.XraySpans.TRACE_ID;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.cruddur.tracing.xray.segment.SpanFacts.Fact;

/** What the translator reads from a span: ids in any form, hosts, numbers. */
class SpanFactsTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "0123456789abcdef0123456789abcdef, 1-01234567-89abcdef0123456789abcdef",
			"0123456789ABCDEF0123456789abcdef, 1-00000000-000000000000000000000000",
			"0123456789abcdeg0123456789abcdef, 1-00000000-000000000000000000000000",
			"0123456789abcde`0123456789abcdef, 1-00000000-000000000000000000000000",
			"0123456789abcde/0123456789abcdef, 1-00000000-000000000000000000000000",
			"0123456789abcde:0123456789abcdef, 1-00000000-000000000000000000000000",
			"0123456789abcdef0123456789abcde, 1-00000000-000000000000000000000000",
			"0123456789abcdef0123456789abcdef0, 1-00000000-000000000000000000000000" })
	void onlyThirtyTwoLowerCaseHexDigitsAreATraceId(String traceId, String xrayTraceId) {
		JsonNode doc = document(span(SpanKind.SERVER).setSpanContext(new Context(traceId, SPAN_ID, false)).build());
		assertThat(doc.get("trace_id").stringValue()).isEqualTo(xrayTraceId);
	}

	@Test
	void spanIdsAreReadAsHexAndAnythingElseIsZero() {
		assertThat(facts(new Context(TRACE_ID, "C370976D58DE4972", false), null).spanId).isEqualTo(0xc370976d58de4972L);
		assertThat(facts(new Context(TRACE_ID, "c370976d58de49zz", false), null).spanId).isZero();
		assertThat(facts(new Context(TRACE_ID, "0000000000000001ff", false), null).spanId).as("16 digits at most")
			.isEqualTo(1L);
		assertThat(facts(new Context(TRACE_ID, "ff", false), null).spanId).isEqualTo(255L);
		assertThat(facts(new Context(TRACE_ID, null, false), null).spanId).isZero();
	}

	@Test
	void aParentCountsWhenItIsValid() {
		SpanFacts withParent = facts(new Context(TRACE_ID, SPAN_ID, false),
				new Context(TRACE_ID, "00000000000000ab", true));
		assertThat(withParent.hasParent).isTrue();
		assertThat(withParent.parentId).isEqualTo(0xabL);
		assertThat(withParent.segment).isFalse();

		SpanFacts invalidParent = facts(new Context(TRACE_ID, SPAN_ID, false), SpanContext.getInvalid());
		assertThat(invalidParent.hasParent).isFalse();
		assertThat(invalidParent.parentId).isZero();
		assertThat(invalidParent.segment).isTrue();

		SpanFacts noParent = SpanFacts.read(withoutKindAndParent());
		assertThat(noParent.hasParent).isFalse();
		assertThat(noParent.parentId).isZero();
		assertThat(noParent.segment).isTrue();
		assertThat(noParent.kind).as("no kind is INTERNAL").isEqualTo(SpanKind.INTERNAL);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(nullValues = "none", value = { "api.example:8443, api.example", "api.example, api.example",
			"'[::1]:8443', '[::1]'", "'[::1]', '[::1]'", ":8443, :8443", "none, none" })
	void theHostOfALegacyHostHeaderIsItWithoutItsPort(String httpHost, String host) {
		Attributes attributes = (httpHost != null) ? Attributes.of(AttributeKey.stringKey("http.host"), httpHost)
				: Attributes.empty();
		assertThat(SpanFacts.read(span(SpanKind.SERVER).setAttributes(attributes).build()).host()).isEqualTo(host);
	}

	@Test
	void serverAddressWinsOverTheHostHeader() {
		SpanFacts facts = SpanFacts.read(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder().put("http.host", "b:1").put("server.address", "a").build())
			.build());
		assertThat(facts.host()).isEqualTo("a");
	}

	@Test
	void numbersAreReadFromIntegersAndStringsOfDigitsAndAnythingElseIsAbsent() {
		assertThat(status(404L)).isEqualTo(404);
		assertThat(status("404")).isEqualTo(404);
		assertThat(status("4o4")).isEqualTo(-1);
		assertThat(status(-2L)).isEqualTo(-1);
		assertThat(status(0L)).isZero();
		SpanFacts absent = SpanFacts.read(span(SpanKind.SERVER).build());
		assertThat(absent.number(Fact.STATUS)).isEqualTo(-1);
		assertThat(absent.text(Fact.METHOD)).isNull();
	}

	@Test
	void aLegacyValueIsReadOnlyWhileTheCurrentOneIsAbsentAndAnyValueIsText() {
		SpanFacts legacyOnly = SpanFacts
			.read(span(SpanKind.SERVER).setAttributes(Attributes.of(AttributeKey.longKey("http.method"), 7L)).build());
		assertThat(legacyOnly.text(Fact.METHOD)).isEqualTo("7");
		SpanFacts legacyLast = SpanFacts.read(span(SpanKind.SERVER)
			.setAttributes(Attributes.builder().put("http.request.method", "GET").put("http.method", "POST").build())
			.build());
		assertThat(legacyLast.text(Fact.METHOD)).isEqualTo("GET");
		legacyLast.accept(AttributeKey.stringKey("http.request.method"), null);
		assertThat(legacyLast.text(Fact.METHOD)).as("a null value changes nothing").isEqualTo("GET");
	}

	@Test
	void kindsAndTheirRoles() {
		assertThat(SpanFacts.read(span(SpanKind.CLIENT).build()).isRemoteCall()).isTrue();
		assertThat(SpanFacts.read(span(SpanKind.PRODUCER).build()).isRemoteCall()).isTrue();
		assertThat(SpanFacts.read(span(SpanKind.SERVER).build()).isRemoteCall()).isFalse();
		assertThat(SpanFacts.read(span(SpanKind.CONSUMER).build()).isRemoteCall()).isFalse();
		assertThat(SpanFacts.read(span(SpanKind.INTERNAL).build()).isRemoteCall()).isFalse();
	}

	@Test
	void theAnnotationListAndTheMetadataConventionAreNoticed() {
		SpanFacts facts = SpanFacts.read(
				span(SpanKind.SERVER)
					.setAttributes(Attributes.builder()
						.put(AttributeKey.stringArrayKey("aws.xray.annotations"), java.util.List.of("a", "b"))
						.put("aws.xray.metadata.ns.k", "v")
						.build())
					.build());
		assertThat(facts.hasExtraAnnotations()).isTrue();
		assertThat(facts.isExtraAnnotation("b")).isTrue();
		assertThat(facts.isExtraAnnotation("c")).isFalse();
		assertThat(facts.hasNamespacedMetadata()).isTrue();

		SpanFacts plain = SpanFacts.read(span(SpanKind.SERVER)
			.setAttributes(Attributes.of(AttributeKey.stringKey("aws.xray.annotations"), "not a list"))
			.build());
		assertThat(plain.hasExtraAnnotations()).isFalse();
		assertThat(plain.isExtraAnnotation("not a list")).isFalse();
		assertThat(plain.hasNamespacedMetadata()).isFalse();
	}

	private static SpanFacts facts(SpanContext context, SpanContext parent) {
		return SpanFacts.read(span(SpanKind.INTERNAL).setSpanContext(context)
			.setParentSpanContext((parent != null) ? parent : SpanContext.getInvalid())
			.build());
	}

	private static long status(Object value) {
		Attributes attributes = (value instanceof Long number)
				? Attributes.of(AttributeKey.longKey("http.response.status_code"), number)
				: Attributes.of(AttributeKey.stringKey("http.response.status_code"), (String) value);
		return SpanFacts.read(span(SpanKind.SERVER).setAttributes(attributes).build()).number(Fact.STATUS);
	}

	/** A span whose kind and parent are null, as a broken SpanData may say. */
	private static SpanData withoutKindAndParent() {
		return new DelegatingSpanData(span(SpanKind.SERVER).build()) {

			@Override
			public SpanKind getKind() {
				return null;
			}

			@Override
			public SpanContext getParentSpanContext() {
				return null;
			}

		};
	}

	/** A context as any SpanData implementation may carry it, ids unchecked. */
	private record Context(String getTraceId, String getSpanId, boolean isRemote) implements SpanContext {

		@Override
		public TraceFlags getTraceFlags() {
			return TraceFlags.getSampled();
		}

		@Override
		public TraceState getTraceState() {
			return TraceState.getDefault();
		}

		@Override
		public boolean isValid() {
			return true;
		}

	}

}
