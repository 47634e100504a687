package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.DEFAULT;
import static org.cruddur.tracing.xray.segment.Translators.SEED_METADATA;

import java.util.List;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.cruddur.tracing.xray.sampling.GlobPattern;

class SegmentNamingTest {

	@Test
	void segmentNamesFollowTheSeedsDynamicNaming() {
		// What the application passes for AWS_XRAY_URL: an X-Ray glob's matcher.
		XraySegmentTranslator dynamic = named("backend-flask", GlobPattern.of("*.cruddur.example")::matches);
		assertThat(name(dynamic, server("server.address", "api.Cruddur.example"))).isEqualTo("api.Cruddur.example");
		assertThat(name(dynamic, server("server.address", "localhost"))).isEqualTo("backend-flask");
		assertThat(name(DEFAULT, server("server.address", "api.Cruddur.example")))
			.as("no pattern configured: service.name")
			.isEqualTo("cruddur-backend");

		XraySegmentTranslator singleChar = named(null, GlobPattern.of("api?.local")::matches);
		assertThat(name(singleChar, server("server.address", "api1.local"))).isEqualTo("api1.local");
		assertThat(name(singleChar, server("server.address", "api12.local"))).isEqualTo("cruddur-backend");
	}

	@Test
	void aLegacyHostHeaderNamesTheSegmentWithoutItsPort() {
		XraySegmentTranslator dynamic = named(null, "api.cruddur.example"::equals);
		assertThat(name(dynamic, server("http.host", "api.cruddur.example:8443"))).isEqualTo("api.cruddur.example");
	}

	@Test
	void segmentNamesAreSanitizedToo() {
		assertThat(name(named("backend <flask>!", null), span(SpanKind.SERVER).build())).isEqualTo("backend flask");
	}

	@Test
	void longNamesAreCutTo200Characters() {
		SpanData internal = span(SpanKind.INTERNAL).setParentSpanContext(context("1111222233334444"))
			.setName("n".repeat(1000))
			.build();
		assertThat(name(DEFAULT, internal)).hasSize(200);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "aws.remote.service, peer.service", "peer.service, db.namespace", "db.namespace, db.name",
			"db.name, rpc.service", "rpc.service, server.address", "server.address, http.host",
			"http.host, net.peer.name" })
	void remoteSubsegmentsAreNamedByTheServiceTheyCallFirstAttributeFirst(String first, String second) {
		SpanData client = span(SpanKind.CLIENT).setParentSpanContext(context("1111222233334444"))
			.setAttributes(Attributes.builder().put(second, "second").put(first, "first").build())
			.build();
		assertThat(name(DEFAULT, client)).isEqualTo("first");
	}

	@Test
	void remoteSubsegmentsWithoutAServiceAttributeKeepTheSpanName() {
		SpanData producer = span(SpanKind.PRODUCER).setName("publish")
			.setParentSpanContext(context("1111222233334444"))
			.setAttributes(Attributes.of(AttributeKey.stringKey("peer.service"), " "))
			.build();
		assertThat(name(DEFAULT, producer)).isEqualTo("publish");
	}

	@Test
	void sanitizingKeepsLettersDigitsAndTheAllowedPunctuation() {
		assertThat(SegmentNaming.sanitize("a-Z_0.9:/%&#=+@ é")).isEqualTo("a-Z_0.9:/%&#=+@ é");
		assertThat(SegmentNaming.sanitize("<{[\"'!?*]}>")).isEqualTo("unknown");
		assertThat(SegmentNaming.sanitize("")).isEqualTo("unknown");
		assertThat(SegmentNaming.sanitize("𝔘nicode! ok")).isEqualTo("𝔘nicode ok");
	}

	@Test
	void producerSpansAreNamedByTheServiceTheySendTo() {
		SpanData producer = span(SpanKind.PRODUCER).setName("publish")
			.setParentSpanContext(context("1111222233334444"))
			.setAttributes(Attributes.of(AttributeKey.stringKey("server.address"), "queue.example"))
			.build();
		assertThat(name(DEFAULT, producer)).isEqualTo("queue.example");
	}

	@Test
	void clientSpansWithoutRemoteAttributesKeepTheirName() {
		SpanData client = span(SpanKind.CLIENT).setName("call")
			.setParentSpanContext(context("1111222233334444"))
			.setAttributes(Attributes.of(AttributeKey.stringKey("app.other"), "x"))
			.build();
		assertThat(name(DEFAULT, client)).isEqualTo("call");
		SpanData blank = span(SpanKind.CLIENT).setName("call")
			.setParentSpanContext(context("1111222233334444"))
			.setAttributes(Attributes.builder().put("peer.service", "").put("db.namespace", "orders").build())
			.build();
		assertThat(name(DEFAULT, blank)).as("a blank attribute is skipped").isEqualTo("orders");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "INTERNAL", "CONSUMER" })
	void otherSubsegmentsKeepTheirSpanNameWhateverRemoteAttributesTheyCarry(SpanKind kind) {
		SpanData span = span(kind).setName("work")
			.setParentSpanContext(context("1111222233334444"))
			.setAttributes(Attributes.builder().put("server.address", "api.example").put("peer.service", "p").build())
			.build();
		assertThat(name(DEFAULT, span)).isEqualTo("work");
	}

	@Test
	void aSegmentIsNamedByAMatchingHostOnlyWhenItHasOne() {
		XraySegmentTranslator dynamic = named("fixed", (host) -> true);
		assertThat(name(dynamic, server("server.address", ""))).isEqualTo("fixed");
		assertThat(name(dynamic, span(SpanKind.SERVER).build())).isEqualTo("fixed");
		assertThat(name(named(null, (host) -> false), server("server.address", "h"))).isEqualTo("cruddur-backend");
		assertThat(name(named(" ", null), span(SpanKind.SERVER).build())).as("a blank name is no name")
			.isEqualTo("cruddur-backend");
	}

	@Test
	void exactlyTwoHundredCleanCharactersAreKept() {
		String twoHundred = "n".repeat(200);
		assertThat(SegmentNaming.sanitize(twoHundred)).isSameAs(twoHundred);
		assertThat(SegmentNaming.sanitize("n".repeat(201))).isEqualTo(twoHundred);
		assertThat(SegmentNaming.sanitize(null)).isEqualTo("unknown");
	}

	@Test
	void theCutAtTwoHundredNeverSplitsALetterOutsideTheBasicPlane() {
		String name = "a".repeat(199) + "𝔘" + "!";
		assertThat(SegmentNaming.sanitize(name)).isEqualTo("a".repeat(199));
		assertThat(SegmentNaming.sanitize("a".repeat(198) + "𝔘!")).isEqualTo("a".repeat(198) + "𝔘");
	}

	@Test
	void theAllowedCharactersAreExactlyThese() {
		String allowed = " _.:/%&#=+-@azAZ09é中";
		assertThat(SegmentNaming.sanitize(allowed)).as("clean: the name itself").isSameAs(allowed);
		for (char c : "!\"$'()*,;<>?[\\]^`{|}~\u007f\u0000`".toCharArray()) {
			assertThat(SegmentNaming.sanitize("a" + c + "b")).as("U+%04X", (int) c).isEqualTo("ab");
		}
		for (char c : "/:@[`{".toCharArray()) {
			// neighbours of the ranges 0-9, A-Z and a-z
			assertThat(SegmentNaming.sanitize(String.valueOf(c))).as("U+%04X", (int) c)
				.isEqualTo(("/:@".indexOf(c) >= 0) ? String.valueOf(c) : "unknown");
		}
		assertThat(SegmentNaming.sanitize("a\u00a0b\u2028c")).as("non-letters above ASCII").isEqualTo("abc");
	}

	private static XraySegmentTranslator named(String segmentName, Predicate<String> dynamicNamingHosts) {
		return new XraySegmentTranslator(
				new SegmentSettings(segmentName, dynamicNamingHosts, List.of(), SEED_METADATA, null));
	}

	private static SpanData server(String attribute, String host) {
		return span(SpanKind.SERVER).setAttributes(Attributes.of(AttributeKey.stringKey(attribute), host)).build();
	}

	private static String name(XraySegmentTranslator translator, SpanData span) {
		return parse(translator.toJson(span)).get("name").stringValue();
	}

}
