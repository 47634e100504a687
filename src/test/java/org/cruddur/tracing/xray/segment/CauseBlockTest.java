package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.END_NANOS;
import static org.cruddur.testing.XraySpans.SPAN_ID;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class CauseBlockTest {

	private static final long SPAN_ID_BITS = Long.parseUnsignedLong(SPAN_ID, 16);

	@ParameterizedTest(name = "status {0} / span status {1}")
	@CsvSource({ "200, UNSET, false, false, false", "200, ERROR, false, false, true", "404, UNSET, true,  false, false",
			"404, ERROR, true,  false, false", "429, UNSET, true,  true,  false", "500, UNSET, false, false, true",
			"503, OK,    false, false, true", "-1,  ERROR, false, false, true", "399, UNSET, false, false, false",
			"400, UNSET, true,  false, false", "428, UNSET, true,  false, false", "430, UNSET, true,  false, false",
			"499, UNSET, true,  false, false", "499, ERROR, true,  false, false", "599, UNSET, false, false, true",
			"600, UNSET, false, false, false", "600, ERROR, false, false, true", "0,   UNSET, false, false, false" })
	void errorThrottleAndFaultFlags(long status, StatusCode spanStatus, boolean error, boolean throttle,
			boolean fault) {
		Attributes attributes = (status < 0) ? Attributes.empty()
				: Attributes.of(AttributeKey.longKey("http.response.status_code"), status);
		JsonNode doc = document(
				span(SpanKind.SERVER).setAttributes(attributes).setStatus(StatusData.create(spanStatus, "")).build());
		assertThat(flag(doc, "error")).as("error").isEqualTo(error);
		assertThat(flag(doc, "throttle")).as("throttle").isEqualTo(throttle);
		assertThat(flag(doc, "fault")).as("fault").isEqualTo(fault);
	}

	@Test
	void errorStatusWithoutExceptionsKeepsTheDescriptionAsCause() {
		JsonNode doc = document(
				span(SpanKind.SERVER).setStatus(StatusData.create(StatusCode.ERROR, "upstream timed out")).build());
		assertThat(doc.get("fault").booleanValue()).isTrue();
		assertThat(doc.at("/cause/exceptions").size()).isEqualTo(1);
		assertThat(doc.at("/cause/exceptions/0/id").stringValue()).matches("[0-9a-f]{16}");
		assertThat(doc.at("/cause/exceptions/0/message").stringValue()).isEqualTo("upstream timed out");
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
		JsonNode doc = document(span(SpanKind.SERVER).setEvents(List.of(event)).setStatus(StatusData.error()).build());

		assertThat(doc.get("fault").booleanValue()).isTrue();
		JsonNode exceptions = doc.at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(2);
		JsonNode top = exceptions.get(0);
		JsonNode cause = exceptions.get(1);
		assertThat(top.get("id").stringValue()).matches("[0-9a-f]{16}");
		assertThat(cause.get("id").stringValue()).matches("[0-9a-f]{16}").isNotEqualTo(top.get("id").stringValue());
		assertThat(top.get("type").stringValue()).isEqualTo("java.lang.IllegalStateException");
		assertThat(top.get("message").stringValue()).isEqualTo("feed failed");
		assertThat(top.get("cause").stringValue()).isEqualTo(cause.get("id").stringValue());
		assertThat(top.has("remote")).isFalse();
		assertThat(top.get("stack").size()).as("suppressed frames are ignored").isEqualTo(3);
		assertThat(top.at("/stack/0/path").stringValue()).isEqualTo("HomeActivities.java");
		assertThat(top.at("/stack/0/line").intValue()).isEqualTo(42);
		assertThat(top.at("/stack/0/label").stringValue()).isEqualTo("org.cruddur.activities.HomeActivities.run");
		assertThat(top.at("/stack/1/label").stringValue()).isEqualTo("java.util.ArrayList.forEach");
		assertThat(top.at("/stack/2/path").stringValue()).isEqualTo("Native Method");
		assertThat(top.at("/stack/2/line").isMissingNode()).isTrue();
		assertThat(cause.get("type").stringValue()).isEqualTo("java.io.IOException");
		assertThat(cause.get("message").stringValue()).isEqualTo("disk: full");
		assertThat(cause.get("stack").size()).isEqualTo(1);
		assertThat(cause.get("skipped").intValue()).isEqualTo(3);
		assertThat(cause.has("cause")).isFalse();
	}

	@Test
	void hiddenClassFramesKeepTheirNameAndClassLoaderPrefixesAreDropped() {
		String stack = String.join("\n", "java.lang.RuntimeException",
				"\tat app//org.cruddur.X$$Lambda/0x0001.call(Unknown Source)", "\tat app//org.cruddur.Y.run(Y.java:3)");
		JsonNode doc = document(span(SpanKind.SERVER).setEvents(List.of(EventData.create(END_NANOS, "exception",
				Attributes.of(AttributeKey.stringKey("exception.stacktrace"), stack))))
			.build());
		JsonNode exception = doc.at("/cause/exceptions/0");
		assertThat(exception.get("type").stringValue()).isEqualTo("java.lang.RuntimeException");
		assertThat(exception.has("message")).isFalse();
		assertThat(exception.at("/stack/0/label").stringValue()).isEqualTo("org.cruddur.X$$Lambda/0x0001.call");
		assertThat(exception.at("/stack/0/path").stringValue()).isEqualTo("Unknown Source");
		assertThat(exception.at("/stack/1/label").stringValue()).isEqualTo("org.cruddur.Y.run");
	}

	@Test
	void recordedThrowableIsUsedDirectlyAndClientExceptionsAreRemote() {
		Exception root = new UncheckedIOException("connect failed", new IOException("refused"));
		EventData event = ExceptionEventData.create(END_NANOS, root, Attributes.empty(), 0);
		JsonNode doc = document(span(SpanKind.CLIENT).setParentSpanContext(context("1111222233334444"))
			.setEvents(List.of(event))
			.setStatus(StatusData.error())
			.build());

		JsonNode exceptions = doc.at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(2);
		assertThat(exceptions.get(0).get("type").stringValue()).isEqualTo("java.io.UncheckedIOException");
		assertThat(exceptions.get(0).get("message").stringValue()).isEqualTo("connect failed");
		assertThat(exceptions.get(0).get("remote").booleanValue()).isTrue();
		assertThat(exceptions.get(0).get("cause").stringValue()).isEqualTo(exceptions.get(1).get("id").stringValue());
		assertThat(exceptions.get(0).at("/stack/0/label").stringValue())
			.isEqualTo(getClass().getName() + ".recordedThrowableIsUsedDirectlyAndClientExceptionsAreRemote");
		assertThat(exceptions.get(0).at("/stack/0/path").stringValue()).isEqualTo(getClass().getSimpleName() + ".java");
		assertThat(exceptions.get(0).at("/stack/0/line").isInt()).isTrue();
		assertThat(exceptions.get(1).get("type").stringValue()).isEqualTo("java.io.IOException");
		assertThat(exceptions.get(1).get("message").stringValue()).isEqualTo("refused");
		assertThat(exceptions.get(1).has("remote")).as("only the first of a chain is remote").isFalse();
	}

	@Test
	void aChainLongerThanTenIsCutAtTenAndTheLastKeptNamesNoCause() {
		Exception chain = withFrames(new IllegalStateException("level 11"), 2);
		for (int level = 10; level >= 0; level--) {
			chain = withFrames(new IllegalStateException("level " + level, chain), 2);
		}
		JsonNode exceptions = document(span(SpanKind.SERVER)
			.setEvents(List.of(ExceptionEventData.create(END_NANOS, chain, Attributes.empty(), 0)))
			.build()).at("/cause/exceptions");

		assertThat(exceptions.size()).isEqualTo(10);
		for (int i = 0; i < 10; i++) {
			assertThat(exceptions.get(i).get("message").stringValue()).isEqualTo("level " + i);
			assertThat(exceptions.get(i).get("id").stringValue())
				.isEqualTo(hex(CauseBlock.exceptionId(SPAN_ID_BITS, i)));
		}
		for (int i = 0; i < 9; i++) {
			assertThat(exceptions.get(i).get("cause").stringValue())
				.isEqualTo(exceptions.get(i + 1).get("id").stringValue());
		}
		assertThat(exceptions.get(9).has("cause")).isFalse();
	}

	@Test
	void theCapCountsTheExceptionsOfAllEventsAndOnlyTheFirstOfEachChainIsRemote() {
		EventData first = ExceptionEventData.create(END_NANOS, chainOf(6), Attributes.empty(), 0);
		EventData second = ExceptionEventData.create(END_NANOS, chainOf(6), Attributes.empty(), 0);
		EventData third = ExceptionEventData.create(END_NANOS,
				withFrames(new IllegalStateException("never written"), 2), Attributes.empty(), 0);
		JsonNode exceptions = document(span(SpanKind.PRODUCER).setParentSpanContext(context("1111222233334444"))
			.setEvents(List.of(first, second, third))
			.build()).at("/cause/exceptions");

		assertThat(exceptions.size()).isEqualTo(10);
		for (int i = 0; i < 10; i++) {
			assertThat(exceptions.get(i).has("remote")).as("exception %d", i).isEqualTo(i == 0 || i == 6);
		}
		assertThat(exceptions.get(6).get("remote").isBoolean()).isTrue();
		assertThat(exceptions.get(5).has("cause")).as("the end of the first chain").isFalse();
		assertThat(exceptions.get(8).get("cause").stringValue()).isEqualTo(exceptions.get(9).get("id").stringValue());
		assertThat(exceptions.get(9).has("cause")).isFalse();
		assertThat(exceptions.get(9).get("message").stringValue()).isEqualTo("chain 3");
	}

	@Test
	void framesBeyondFiftyAreCountedAsTruncatedExactly() {
		JsonNode sixty = document(span(SpanKind.SERVER)
			.setEvents(List.of(ExceptionEventData.create(END_NANOS, withFrames(60), Attributes.empty(), 0)))
			.build()).at("/cause/exceptions/0");
		assertThat(sixty.get("stack").size()).isEqualTo(50);
		assertThat(sixty.get("truncated").isInt()).isTrue();
		assertThat(sixty.get("truncated").intValue()).isEqualTo(10);
		assertThat(sixty.at("/stack/49/label").stringValue()).isEqualTo("org.cruddur.Deep.call49");
		assertThat(sixty.at("/stack/49/line").intValue()).isEqualTo(49);

		JsonNode fifty = document(span(SpanKind.SERVER)
			.setEvents(List.of(ExceptionEventData.create(END_NANOS, withFrames(50), Attributes.empty(), 0)))
			.build()).at("/cause/exceptions/0");
		assertThat(fifty.get("stack").size()).isEqualTo(50);
		assertThat(fifty.has("truncated")).isFalse();

		JsonNode none = document(span(SpanKind.SERVER)
			.setEvents(List.of(ExceptionEventData.create(END_NANOS, withFrames(0), Attributes.empty(), 0)))
			.build()).at("/cause/exceptions/0");
		assertThat(none.has("stack")).isFalse();
		assertThat(none.has("truncated")).isFalse();
		assertThat(none.has("skipped")).isFalse();
		assertThat(none.get("type").stringValue()).isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void aStackTraceTextHasItsFramesCutAndItsSkippedFramesCountedExactly() {
		StringBuilder stack = new StringBuilder("java.lang.RuntimeException: deep\r\n");
		for (int i = 0; i < 55; i++) {
			stack.append("\tat org.cruddur.Deep.call").append(i).append("(Deep.java:").append(i).append(")\r\n");
		}
		stack.append("\t... 12 more\r\n");
		JsonNode exception = document(span(SpanKind.SERVER).setEvents(List.of(EventData.create(END_NANOS, "exception",
				Attributes.of(AttributeKey.stringKey("exception.stacktrace"), stack.toString()))))
			.build()).at("/cause/exceptions/0");
		assertThat(exception.get("message").stringValue()).isEqualTo("deep");
		assertThat(exception.get("stack").size()).isEqualTo(50);
		assertThat(exception.at("/stack/0/path").stringValue()).as("no \\r left").isEqualTo("Deep.java");
		assertThat(exception.get("truncated").intValue()).isEqualTo(5);
		assertThat(exception.get("skipped").isInt()).isTrue();
		assertThat(exception.get("skipped").intValue()).isEqualTo(12);
	}

	@Test
	void aTextChainLongerThanTenKeepsItsFirstTen() {
		StringBuilder stack = new StringBuilder("java.lang.RuntimeException: level 0");
		for (int level = 1; level <= 11; level++) {
			stack.append("\nCaused by: java.lang.RuntimeException: level ").append(level);
		}
		JsonNode exceptions = document(span(SpanKind.SERVER).setEvents(List.of(EventData.create(END_NANOS, "exception",
				Attributes.of(AttributeKey.stringKey("exception.stacktrace"), stack.toString()))))
			.build()).at("/cause/exceptions");
		assertThat(exceptions.size()).isEqualTo(10);
		assertThat(exceptions.get(9).get("message").stringValue()).isEqualTo("level 9");
		assertThat(exceptions.get(9).has("cause")).isFalse();
	}

	@Test
	void anErrorDescriptionIsTheCauseOnlyWhenThereIsNoExceptionAndItSaysSomething() {
		JsonNode empty = document(span(SpanKind.SERVER).setStatus(StatusData.create(StatusCode.ERROR, "")).build());
		assertThat(empty.has("cause")).isFalse();
		JsonNode unset = document(span(SpanKind.SERVER).setStatus(StatusData.create(StatusCode.OK, "fine")).build());
		assertThat(unset.has("cause")).isFalse();
		JsonNode withException = document(
				span(SpanKind.SERVER).setStatus(StatusData.create(StatusCode.ERROR, "the description"))
					.setEvents(List.of(ExceptionEventData.create(END_NANOS, new IllegalStateException("the exception"),
							Attributes.empty(), 0)))
					.build());
		assertThat(withException.at("/cause/exceptions").size()).isEqualTo(1);
		assertThat(withException.at("/cause/exceptions/0/message").stringValue()).isEqualTo("the exception");
		JsonNode described = document(
				span(SpanKind.SERVER).setStatus(StatusData.create(StatusCode.ERROR, "timed out")).build());
		assertThat(described.at("/cause/exceptions/0/id").stringValue())
			.isEqualTo(hex(CauseBlock.exceptionId(SPAN_ID_BITS, 0)));
		assertThat(described.at("/cause/exceptions/0").size()).isEqualTo(2);
	}

	@Test
	void lineZeroIsALineAndABrokenMessageOrACyclicChainStillYieldsACause() {
		JsonNode zero = document(span(SpanKind.SERVER)
			.setEvents(List.of(EventData.create(END_NANOS, "exception",
					Attributes.of(AttributeKey.stringKey("exception.stacktrace"), "E\n\tat a.B.c(B.java:0)"))))
			.build());
		assertThat(zero.at("/cause/exceptions/0/stack/0/line").isInt()).isTrue();
		assertThat(zero.at("/cause/exceptions/0/stack/0/line").intValue()).isZero();

		Exception broken = withFrames(new IllegalStateException() {

			@Override
			public String getMessage() {
				throw new IllegalStateException("no message today");
			}

		}, 1);
		JsonNode brokenDoc = document(span(SpanKind.SERVER)
			.setEvents(List.of(ExceptionEventData.create(END_NANOS, broken, Attributes.empty(), 0)))
			.build());
		assertThat(brokenDoc.at("/cause/exceptions/0").has("message")).isFalse();
		assertThat(brokenDoc.at("/cause/exceptions/0/stack").size()).isEqualTo(1);

		Exception first = withFrames(new IllegalStateException("first"), 1);
		Exception second = withFrames(new IllegalStateException("second"), 1);
		first.initCause(second);
		second.initCause(first);
		JsonNode cyclic = document(span(SpanKind.SERVER)
			.setEvents(List.of(ExceptionEventData.create(END_NANOS, first, Attributes.empty(), 0)))
			.build()).at("/cause/exceptions");
		assertThat(cyclic.size()).isEqualTo(2);
		assertThat(cyclic.get(1).get("message").stringValue()).isEqualTo("second");
		assertThat(cyclic.get(1).has("cause")).isFalse();
	}

	@Test
	void exceptionIdsDeriveFromTheSpanIdAndAreNeverZero() {
		long golden = 0x9E3779B97F4A7C15L;
		assertThat(CauseBlock.exceptionId(0L, 0)).isEqualTo(golden);
		assertThat(CauseBlock.exceptionId(0L, 1)).isEqualTo(2 * golden);
		assertThat(CauseBlock.exceptionId(1L, 0)).isEqualTo(golden ^ 1L);
		assertThat(CauseBlock.exceptionId(golden, 0)).as("never the invalid id 0").isEqualTo(1L);
	}

	/**
	 * A chain of exceptions with two frames each: a document far under the size limit.
	 */
	private static Exception chainOf(int length) {
		Exception chain = withFrames(new IllegalStateException("chain " + (length - 1)), 2);
		for (int i = length - 2; i >= 0; i--) {
			chain = withFrames(new IllegalStateException("chain " + i, chain), 2);
		}
		return chain;
	}

	private static Exception withFrames(int count) {
		return withFrames(new IllegalStateException("deep"), count);
	}

	private static Exception withFrames(Exception exception, int count) {
		StackTraceElement[] frames = new StackTraceElement[count];
		for (int i = 0; i < count; i++) {
			frames[i] = new StackTraceElement("org.cruddur.Deep", "call" + i, "Deep.java", i);
		}
		exception.setStackTrace(frames);
		return exception;
	}

	private static String hex(long id) {
		return String.format("%016x", id);
	}

	/** X-Ray's flags are written only when true. */
	private static boolean flag(JsonNode doc, String name) {
		if (!doc.has(name)) {
			return false;
		}
		assertThat(doc.get(name).booleanValue()).as(name + " is written only when true").isTrue();
		return true;
	}

}
