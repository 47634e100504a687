package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.cruddur.testing.XraySpans.parse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The byte writer behind every document: exact UTF-8 (one to four bytes per character,
 * lone surrogates replaced), escapes, cuts that never split a surrogate pair, and JSON
 * types that a strict reader sees as written.
 */
class JsonOutputTest {

	@ParameterizedTest(name = "U+{0}")
	@CsvSource({ "0041, 41", "007F, 7f", "0080, c2 80", "00E9, c3 a9", "07FF, df bf", "0800, e0 a0 80",
			"20AC, e2 82 ac", "4E2D, e4 b8 ad", "FFFF, ef bf bf", "1F600, f0 9f 98 80", "10FFFF, f4 8f bf bf" })
	void everyCharacterIsEncodedAsUtf8(String codePoint, String utf8) {
		String text = Character.toString(Integer.parseInt(codePoint, 16));
		assertThat(hex(bytes((out) -> out.value(text)))).isEqualTo("22 " + utf8 + " 22");
	}

	@Test
	void theBufferForTheSocketHoldsExactlyTheBytesWritten() {
		JsonOutput out = new JsonOutput(4); // grown while writing
		out.beginObject().name("name").value("home-activities-mock-data").endObject();
		java.nio.ByteBuffer buffer = out.asByteBuffer();
		byte[] sent = new byte[buffer.remaining()];
		buffer.get(sent);
		assertThat(sent).isEqualTo(out.toByteArray());
		assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"home-activities-mock-data\"}");
	}

	@Test
	void euroCjkAndEmojiSurviveARoundTrip() {
		String text = "€ 中文 😀 é";
		JsonNode value = parse(json((out) -> out.beginObject().name("k").value(text).endObject())).get("k");
		assertThat(value.isString()).isTrue();
		assertThat(value.stringValue()).isEqualTo(text);
		assertThat(bytes((out) -> out.value(text))).isEqualTo(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void loneSurrogatesBecomeTheReplacementCharacter() {
		assertThat(json((out) -> out.value("a\uD800"))).isEqualTo("\"a\uFFFD\"");
		assertThat(json((out) -> out.value("\uD800b"))).isEqualTo("\"\uFFFDb\"");
		assertThat(json((out) -> out.value("\uDC00b"))).isEqualTo("\"\uFFFDb\"");
		assertThat(json((out) -> out.value("\uDE00\uD83D"))).as("a pair in the wrong order")
			.isEqualTo("\"\uFFFD\uFFFD\"");
		assertThat(hex(bytes((out) -> out.value("\uD800")))).isEqualTo("22 ef bf bd 22");
	}

	@Test
	void quotesBackslashesAndControlCharactersAreEscaped() {
		assertThat(json((out) -> out.value("q\"b\\n\nr\rt\t"))).isEqualTo("\"q\\\"b\\\\n\\nr\\rt\\t\"");
		assertThat(json((out) -> out.value("\u0000\u0008\u000c\u001f\u0020")))
			.isEqualTo("\"\\u0000\\u0008\\u000c\\u001f \"");
		assertThat(parse(json((out) -> out.value("\u0000\u001f\"\\"))).stringValue()).isEqualTo("\u0000\u001f\"\\");
	}

	@Test
	void aValueOfExactlyTheLimitIsNotCutAndOneMoreIs() {
		assertThat(json((out) -> out.value("abcde", 5))).isEqualTo("\"abcde\"");
		assertThat(json((out) -> out.value("abcdef", 5))).isEqualTo("\"abcde...[truncated 6 chars]\"");
		assertThat(json((out) -> out.value("abc", 0))).isEqualTo("\"...[truncated 3 chars]\"");
		assertThat(json((out) -> out.value("abc", -1))).isEqualTo("\"...[truncated 3 chars]\"");
		assertThat(json((out) -> out.value(null, 5))).isEqualTo("null");
		assertThat(json((out) -> out.value("ab\uD800", 3))).as("exactly the limit, ending in a lone surrogate")
			.isEqualTo("\"ab\uFFFD\"");
	}

	@Test
	void aCutNeverSplitsASurrogatePair() {
		// "ab😀c": the emoji is chars 2 and 3
		assertThat(json((out) -> out.value("ab😀c", 3))).isEqualTo("\"ab...[truncated 5 chars]\"");
		assertThat(json((out) -> out.value("ab😀c", 4))).isEqualTo("\"ab😀...[truncated 5 chars]\"");
		assertThat(json((out) -> out.value("😀c", 1))).isEqualTo("\"...[truncated 3 chars]\"");
		assertThat(json((out) -> out.value("€€€", 2))).isEqualTo("\"€€...[truncated 3 chars]\"");
	}

	@Test
	void integersAreWrittenAsIntegers() {
		JsonNode values = parse(json((out) -> out.beginArray()
			.value(0L)
			.value(-1L)
			.value(1234567890123L)
			.value(Long.MAX_VALUE)
			.value(Long.MIN_VALUE)
			.endArray()));
		assertThat(values.get(0).isInt()).isTrue();
		assertThat(values.get(0).intValue()).isZero();
		assertThat(values.get(1).isInt()).isTrue();
		assertThat(values.get(1).intValue()).isEqualTo(-1);
		assertThat(values.get(2).isLong()).isTrue();
		assertThat(values.get(2).longValue()).isEqualTo(1234567890123L);
		assertThat(values.get(3).longValue()).isEqualTo(Long.MAX_VALUE);
		assertThat(values.get(4).longValue()).isEqualTo(Long.MIN_VALUE);
		assertThat(json((out) -> out.value(-907L))).isEqualTo("-907");
		assertThat(json((out) -> out.value(0L))).isEqualTo("0");
	}

	@Test
	void doublesAreNumbersIntegralOnesWithoutAFractionAndNonFiniteOnesStrings() {
		assertThat(json((out) -> out.value(0.5))).isEqualTo("0.5");
		assertThat(json((out) -> out.value(-2.25))).isEqualTo("-2.25");
		assertThat(json((out) -> out.value(2.0))).isEqualTo("2");
		assertThat(json((out) -> out.value(-3.0))).isEqualTo("-3");
		assertThat(json((out) -> out.value(-0.0))).isEqualTo("0");
		assertThat(json((out) -> out.value(999_999_999_999_999.0))).isEqualTo("999999999999999");
		assertThat(json((out) -> out.value(1e15))).as("integral, but too large for the digit writer")
			.isEqualTo("1.0E15");
		assertThat(json((out) -> out.value(-1e15))).isEqualTo("-1.0E15");
		assertThat(json((out) -> out.value(1e-7))).isEqualTo("1.0E-7");
		assertThat(json((out) -> out.value(Double.NaN))).isEqualTo("\"NaN\"");
		assertThat(json((out) -> out.value(Double.POSITIVE_INFINITY))).isEqualTo("\"Infinity\"");
		assertThat(json((out) -> out.value(Double.NEGATIVE_INFINITY))).isEqualTo("\"-Infinity\"");

		JsonNode values = parse(json((out) -> out.beginArray()
			.value(0.5)
			.value(1e300)
			.value(Double.POSITIVE_INFINITY)
			.value(true)
			.value(false)
			.endArray()));
		assertThat(values.get(0).isDouble()).isTrue();
		assertThat(values.get(0).doubleValue()).isEqualTo(0.5);
		assertThat(values.get(1).isDouble()).isTrue();
		assertThat(values.get(1).doubleValue()).isEqualTo(1e300);
		assertThat(values.get(2).isString()).isTrue();
		assertThat(values.get(3).isBoolean()).isTrue();
		assertThat(values.get(3).booleanValue()).isTrue();
		assertThat(values.get(4).isBoolean()).isTrue();
		assertThat(values.get(4).booleanValue()).isFalse();
	}

	@Test
	void membersAndElementsAreSeparatedByCommasAtEveryDepth() {
		assertThat(json((out) -> out.beginObject()
			.name("a")
			.value(1L)
			.name("b")
			.beginArray()
			.value("x")
			.beginObject()
			.endObject()
			.beginArray()
			.endArray()
			.value(true)
			.endArray()
			.name("c")
			.beginObject()
			.name("d")
			.value((String) null)
			.endObject()
			.endObject())).isEqualTo("{\"a\":1,\"b\":[\"x\",{},[],true],\"c\":{\"d\":null}}");
	}

	@Test
	void rawMembersJoinTheOpenObject() {
		byte[] members = "\"m\":1,\"n\":2".getBytes(StandardCharsets.UTF_8);
		assertThat(json((out) -> {
			out.beginObject();
			out.rawMembers(members);
			out.name("z").value(3L);
			out.endObject();
		})).isEqualTo("{\"m\":1,\"n\":2,\"z\":3}");
		assertThat(json((out) -> {
			out.beginObject().name("a").value(0L);
			out.rawMembers(members);
			out.rawMembers(new byte[0]);
			out.endObject();
		})).isEqualTo("{\"a\":0,\"m\":1,\"n\":2}");
		assertThat(json((out) -> {
			out.beginObject();
			out.rawMembers(new byte[0]);
			out.name("a").value(0L);
			out.endObject();
		})).as("nothing inserted, so no comma").isEqualTo("{\"a\":0}");
	}

	@Test
	void epochNanosBecomeSecondsWithSixDigitsOfMicroseconds() {
		assertThat(json((out) -> out.epochSeconds(1_795_685_334_982_296_500L))).isEqualTo("1795685334.982296");
		assertThat(json((out) -> out.epochSeconds(1_000_000_005_999L))).isEqualTo("1000.000005");
		assertThat(json((out) -> out.epochSeconds(999L))).isEqualTo("0.000000");
		assertThat(json((out) -> out.epochSeconds(-5_000_000_000L))).as("before the epoch: 0").isEqualTo("0.000000");
		assertThat(parse(json((out) -> out.epochSeconds(1_500_000_000_000L))).isDouble()).isTrue();
	}

	@Test
	void idsAreLowerCaseHexInQuotes() {
		assertThat(json((out) -> out.hex16(0L))).isEqualTo("\"0000000000000000\"");
		assertThat(json((out) -> out.hex16(-1L))).isEqualTo("\"ffffffffffffffff\"");
		assertThat(json((out) -> out.hex16(0x0123456789abcdefL))).isEqualTo("\"0123456789abcdef\"");
		assertThat(json((out) -> out.xrayTraceId("5759e988bd862e3fe1be46a994272793")))
			.isEqualTo("\"1-5759e988-bd862e3fe1be46a994272793\"");
	}

	@Test
	void idsTimesAndZerosTakeTheirPlaceAmongOtherValues() {
		assertThat(json((out) -> out.beginArray()
			.hex16(1L)
			.epochSeconds(1_000_000L)
			.xrayTraceId("5759e988bd862e3fe1be46a994272793")
			.value(0L)
			.value("s")
			.value(0.5)
			.endArray()))
			.isEqualTo("[\"0000000000000001\",0.001000,\"1-5759e988-bd862e3fe1be46a994272793\",0,\"s\",0.5]");
	}

	@Test
	void everyWriterMakesRoomInAFullBuffer() {
		List<Consumer<JsonOutput>> writers = List.of((out) -> out.value("x"), (out) -> out.value(12L),
				(out) -> out.value(-12L), (out) -> out.value(Long.MIN_VALUE), (out) -> out.value(2.5),
				(out) -> out.value(Double.NaN), (out) -> out.value(false), (out) -> out.epochSeconds(1_000_000_000L),
				(out) -> out.hex16(255L), (out) -> out.xrayTraceId("5759e988bd862e3fe1be46a994272793"),
				(out) -> out.raw(new byte[] { 'r' }), (out) -> out.value("\u00e9"));
		List<String> expected = List.of("\"x\"", "12", "-12", "-9223372036854775808", "2.5", "\"NaN\"", "false",
				"1.000000", "\"00000000000000ff\"", "\"1-5759e988-bd862e3fe1be46a994272793\"", "r", "\"\u00e9\"");
		for (int i = 0; i < writers.size(); i++) {
			JsonOutput out = new JsonOutput(64);
			out.raw(new byte[64]);
			writers.get(i).accept(out);
			assertThat(out.toUtf8String(64)).isEqualTo(expected.get(i));
		}
		JsonOutput large = new JsonOutput(64);
		large.raw(new byte[100]);
		assertThat(large.size()).isEqualTo(100);
		assertThat(large.toByteArray()).hasSize(100);
	}

	@Test
	void theBufferGrowsFromExactlyFull() {
		JsonOutput out = new JsonOutput(0);
		out.raw(new byte[64]);
		out.beginObject().name("k").value("€".repeat(100)).endObject();
		assertThat(out.size()).isEqualTo(64 + 2 + 4 + 302);
		assertThat(out.toUtf8String(64)).isEqualTo("{\"k\":\"" + "€".repeat(100) + "\"}");

		JsonOutput full = new JsonOutput(64);
		full.raw(new byte[64]);
		full.beginArray().endArray();
		assertThat(full.toUtf8String(64)).isEqualTo("[]");
		JsonOutput digits = new JsonOutput(64);
		digits.raw(new byte[60]);
		digits.value(Long.MAX_VALUE).value(-Long.MAX_VALUE);
		assertThat(digits.toUtf8String(60)).isEqualTo(Long.MAX_VALUE + "," + -Long.MAX_VALUE);
	}

	@Test
	void nestingDeeperThan31LevelsIsRefused() {
		JsonOutput out = new JsonOutput(64);
		for (int i = 0; i < 31; i++) {
			out.beginArray();
		}
		assertThatIllegalStateException().isThrownBy(out::beginArray).withMessage("JSON nesting too deep");
		JsonOutput objects = new JsonOutput(64);
		for (int i = 0; i < 31; i++) {
			objects.beginObject().name("k");
		}
		assertThatIllegalStateException().isThrownBy(objects::beginObject);
	}

	private static String json(Consumer<JsonOutput> writer) {
		return new String(bytes(writer), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(Consumer<JsonOutput> writer) {
		JsonOutput out = new JsonOutput(0);
		writer.accept(out);
		return out.toByteArray();
	}

	private static String hex(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		for (byte b : bytes) {
			text.append((text.length() > 0) ? " " : "").append(String.format("%02x", b & 0xFF));
		}
		return text.toString();
	}

}
