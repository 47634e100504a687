package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.cruddur.tracing.xray.segment.ExceptionInfo.Frame;

/**
 * Exception chains read back from {@code exception.stacktrace} text: frames in their
 * every form, {@code Caused by}, {@code ... N more}, the limits.
 */
class StackTraceTextTest {

	@ParameterizedTest(name = "at {0}")
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			org.x.Foo.bar(Foo.java:10)                       | org.x.Foo.bar          | Foo.java            | 10
			org.x.Foo.bar(Foo.java:0)                        | org.x.Foo.bar          | Foo.java            | 0
			org.x.Foo.bar(Foo.java:2147483647)               | org.x.Foo.bar          | Foo.java            | 2147483647
			org.x.Foo.bar(Foo.java:2147483648)               | org.x.Foo.bar          | Foo.java:2147483648 | -1
			org.x.Foo.bar(Foo.java:)                         | org.x.Foo.bar          | Foo.java:           | -1
			org.x.Foo.bar(:10)                               | org.x.Foo.bar          | :10                 | -1
			org.x.Foo.bar(Foo.java)                          | org.x.Foo.bar          | Foo.java            | -1
			org.x.Foo.bar()                                  | org.x.Foo.bar          | ''                  | -1
			org.x.Foo.bar                                    | org.x.Foo.bar          | none                | -1
			org.x.Foo.bar(Foo.java:10                        | org.x.Foo.bar          | none                | -1
			(Foo.java:10)                                    | (Foo.java:10)          | none                | -1
			java.base@17.0.2/java.lang.Thread.run(Thread.java:840) | java.lang.Thread.run | Thread.java     | 840
			app//org.x.Foo.qux(Unknown Source)               | org.x.Foo.qux          | Unknown Source      | -1
			org.x.Foo$$Lambda/0x0001.call(Unknown Source)    | org.x.Foo$$Lambda/0x0001.call | Unknown Source | -1
			$Proxy12/org.x.Y.z(Unknown Source)               | $Proxy12/org.x.Y.z     | Unknown Source      | -1
			org.x.Hidden/0x0001.call(Unknown Source)         | org.x.Hidden/0x0001.call | Unknown Source    | -1
			""")
	void framesInEveryForm(String text, String label, String path, int line) {
		List<ExceptionInfo> chain = StackTraceText.parse(null, null, "E\n\tat " + text, 10, 50);
		assertThat(chain.get(0).frames()).containsExactly(new Frame(label, path, line));
	}

	@Test
	void nothingToReadIsOneExceptionOfTheEventsTypeAndMessage() {
		assertThat(StackTraceText.parse("T", "m", null, 10, 50))
			.containsExactly(new ExceptionInfo("T", "m", List.of(), 0, 0));
		assertThat(StackTraceText.parse(null, null, "", 10, 50))
			.containsExactly(new ExceptionInfo(null, null, List.of(), 0, 0));
	}

	@Test
	void theFirstLineIsTypeAndMessageUnlessTheEventSaysThem() {
		assertThat(StackTraceText.parse(null, null, "java.lang.X: a: b\r\n", 10, 50))
			.containsExactly(new ExceptionInfo("java.lang.X", "a: b", List.of(), 0, 0));
		assertThat(StackTraceText.parse("T", "m", "java.lang.X: a", 10, 50))
			.containsExactly(new ExceptionInfo("T", "m", List.of(), 0, 0));
		assertThat(StackTraceText.parse(null, null, " java.lang.X ", 10, 50))
			.containsExactly(new ExceptionInfo("java.lang.X", null, List.of(), 0, 0));
		List<ExceptionInfo> blankFirst = StackTraceText.parse(null, null, "\n\tat a.B.c(B.java:1)", 10, 50);
		assertThat(blankFirst)
			.containsExactly(new ExceptionInfo(null, null, List.of(new Frame("a.B.c", "B.java", 1)), 1, 0));
	}

	@Test
	void framesBeyondTheCapacityAreCountedNotKept() {
		String stack = "E\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n\tat a.B.e(B.java:3)\n";
		ExceptionInfo two = StackTraceText.parse(null, null, stack, 10, 2).get(0);
		assertThat(two.frames()).extracting(Frame::label).containsExactly("a.B.c", "a.B.d");
		assertThat(two.frameCount()).isEqualTo(3);
		assertThat(StackTraceText.parse(null, null, stack, 10, 3).get(0).frames()).hasSize(3);
		assertThat(StackTraceText.parse(null, null, stack, 10, -1).get(0).frames()).isEmpty();
		assertThat(StackTraceText.parse(null, null, stack, 10, 1000).get(0).frames()).hasSize(3);
	}

	@Test
	void aChainStopsAtTheLimitAndCausedByStartsTheNextException() {
		String stack = String.join("\n", "A: 0", "\tat a.B.c(B.java:1)", "Caused by: B: 1", "\tat a.B.d(B.java:2)",
				"\t... 1 more", "Caused by: C: 2", "Caused by: D: 3", "Caused by: E: 4");
		List<ExceptionInfo> three = StackTraceText.parse(null, null, stack, 3, 50);
		assertThat(three).extracting(ExceptionInfo::type).containsExactly("A", "B", "C");
		assertThat(three.get(1)).isEqualTo(new ExceptionInfo("B", "1", List.of(new Frame("a.B.d", "B.java", 2)), 1, 1));
		assertThat(StackTraceText.parse(null, null, stack, 5, 50)).extracting(ExceptionInfo::type)
			.containsExactly("A", "B", "C", "D", "E");
		assertThat(StackTraceText.parse("Top", "given", stack, 1, 50)).extracting(ExceptionInfo::type)
			.containsExactly("Top");
	}

	@Test
	void moreLinesCountSkippedFramesAndOtherLinesAreIgnored() {
		assertThat(skipped("\t... 12 more")).isEqualTo(12);
		assertThat(skipped("\t... 0 more")).isZero();
		assertThat(skipped("\t... many more")).isZero();
		assertThat(skipped("\t... 99999999999 more")).isEqualTo(Integer.MAX_VALUE);
		assertThat(skipped("\t...12 more")).isZero();
		assertThat(skipped("\t... 12 mor")).isZero();
		ExceptionInfo continued = StackTraceText
			.parse(null, null, "E: line one\nline two\n\tat a.B.c(B.java:1)", 10, 50)
			.get(0);
		assertThat(continued.message()).isEqualTo("line one");
		assertThat(continued.frameCount()).isEqualTo(1);
	}

	@Test
	void suppressedBlocksAreSkippedUntilTheNextCause() {
		String stack = String.join("\n", "A: top", "\tat a.B.c(B.java:1)", "\tSuppressed: S: hidden",
				"\t\tat s.S.s(S.java:9)", "\t\tCaused by: SC: nested", "\t\t\tat s.S.t(S.java:8)",
				"Caused by: B: cause", "\tat a.B.d(B.java:2)");
		List<ExceptionInfo> chain = StackTraceText.parse(null, null, stack, 10, 50);
		assertThat(chain).extracting(ExceptionInfo::type).containsExactly("A", "B");
		assertThat(chain.get(0).frames()).extracting(Frame::label).containsExactly("a.B.c");
		assertThat(chain.get(1).frames()).extracting(Frame::label).containsExactly("a.B.d");
	}

	@Test
	void aRecordedChainAndItsFramesStopAtTheirLimits() {
		Exception chain = new IllegalStateException("0",
				new IllegalStateException("1", new IllegalStateException("2")));
		assertThat(ExceptionInfo.fromThrowable(chain, 2, 50)).extracting(ExceptionInfo::message)
			.containsExactly("0", "1");
		Exception deep = new IllegalStateException("deep");
		deep.setStackTrace(new StackTraceElement[] { new StackTraceElement("a.B", "c", "B.java", 1),
				new StackTraceElement("a.B", "d", null, -2), new StackTraceElement("a.B", "e", "B.java", 3) });
		ExceptionInfo two = ExceptionInfo.fromThrowable(deep, 1, 2).get(0);
		assertThat(two.frames()).containsExactly(new Frame("a.B.c", "B.java", 1), new Frame("a.B.d", null, -2));
		assertThat(two.frameCount()).isEqualTo(3);
		assertThat(ExceptionInfo.fromThrowable(deep, 1, 100).get(0).frames()).hasSize(3);
	}

	private static int skipped(String moreLine) {
		return StackTraceText.parse(null, null, "E\n\tat a.B.c(B.java:1)\n" + moreLine, 10, 50).get(0).skipped();
	}

}
