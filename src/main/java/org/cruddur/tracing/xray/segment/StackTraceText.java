package org.cruddur.tracing.xray.segment;

import java.util.ArrayList;
import java.util.List;

import org.cruddur.tracing.xray.segment.ExceptionInfo.Frame;

/**
 * Reads an exception chain from the {@code exception.stacktrace} attribute, for spans
 * whose recorded {@link Throwable} is gone (e.g. exported from another process): the
 * first line is {@code type: message}, {@code at ...} lines become frames,
 * {@code Caused by:} starts the next exception, {@code ... N more} counts as skipped
 * frames, and {@code Suppressed:} blocks are ignored.
 */
final class StackTraceText {

	private static final String CAUSED_BY = "Caused by: ";

	private StackTraceText() {
	}

	/**
	 * The chain; {@code type} and {@code message} (the event's attributes) win over the
	 * first line.
	 */
	static List<ExceptionInfo> parse(String type, String message, String stack, int maxExceptions, int maxFrames) {
		List<ExceptionInfo> chain = new ArrayList<>(2);
		if (stack == null || stack.isEmpty()) {
			chain.add(new ExceptionInfo(type, message, List.of(), 0, 0));
			return chain;
		}
		int capacity = Math.max(0, Math.min(maxFrames, ExceptionInfo.MAX_FRAMES));
		Draft current = null;
		boolean inSuppressed = false;
		int lineStart = 0;
		while (lineStart < stack.length()) {
			int lineEnd = stack.indexOf('\n', lineStart);
			if (lineEnd < 0) {
				lineEnd = stack.length();
			}
			int contentEnd = (lineEnd > lineStart && stack.charAt(lineEnd - 1) == '\r') ? lineEnd - 1 : lineEnd;
			String line = stack.substring(lineStart, contentEnd);
			lineStart = lineEnd + 1;
			if (current == null) {
				String[] typeAndMessage = splitTypeAndMessage(line);
				current = new Draft((type != null) ? type : typeAndMessage[0],
						(message != null) ? message : typeAndMessage[1], capacity);
				continue;
			}
			if (line.startsWith(CAUSED_BY)) {
				if (chain.size() + 1 >= maxExceptions) {
					break;
				}
				chain.add(current.toInfo());
				String[] typeAndMessage = splitTypeAndMessage(line.substring(CAUSED_BY.length()));
				current = new Draft(typeAndMessage[0], typeAndMessage[1], capacity);
				inSuppressed = false;
				continue;
			}
			String trimmed = line.trim();
			if (trimmed.startsWith("Suppressed: ")) {
				inSuppressed = true;
			}
			else if (!inSuppressed) {
				current.read(trimmed);
			}
		}
		chain.add(current.toInfo());
		return chain;
	}

	private static String[] splitTypeAndMessage(String line) {
		int separator = line.indexOf(": ");
		if (separator < 0) {
			String type = line.trim();
			return new String[] { type.isEmpty() ? null : type, null };
		}
		return new String[] { line.substring(0, separator).trim(), line.substring(separator + 2) };
	}

	/** The exception being read. */
	private static final class Draft {

		private final String type;

		private final String message;

		private final int capacity;

		private final List<Frame> frames = new ArrayList<>();

		private int frameCount;

		private int skipped;

		Draft(String type, String message, int capacity) {
			this.type = type;
			this.message = message;
			this.capacity = capacity;
		}

		/** A frame, a {@code ... N more} line, or a message's continuation (ignored). */
		void read(String line) {
			if (line.startsWith("at ")) {
				if (this.frames.size() < this.capacity) {
					this.frames.add(frame(line.substring(3)));
				}
				this.frameCount++;
			}
			else if (line.startsWith("... ") && line.endsWith(" more")) {
				long more = AttributeValues.toLong(line.substring(4, line.length() - 5));
				if (more > 0) {
					this.skipped = (int) Math.min(Integer.MAX_VALUE, more);
				}
			}
		}

		ExceptionInfo toInfo() {
			return new ExceptionInfo(this.type, this.message, this.frames, this.frameCount, this.skipped);
		}

	}

	/**
	 * {@code org.x.Foo.bar(Foo.java:10)},
	 * {@code java.base/java.lang.Thread.run(Thread.java:840)},
	 * {@code org.x.Foo.baz(Native Method)}, {@code app//org.x.Foo.qux(Unknown Source)}.
	 */
	private static Frame frame(String text) {
		int open = text.indexOf('(');
		int close = text.lastIndexOf(')');
		String label = stripModulePrefix((open > 0) ? text.substring(0, open) : text);
		if (open <= 0 || close <= open) {
			return new Frame(label, null, -1);
		}
		String location = text.substring(open + 1, close);
		int colon = location.lastIndexOf(':');
		if (colon > 0) {
			long line = AttributeValues.toLong(location.substring(colon + 1));
			if (line >= 0 && line <= Integer.MAX_VALUE) {
				return new Frame(label, location.substring(0, colon), (int) line);
			}
		}
		return new Frame(label, location, -1);
	}

	/**
	 * Drops {@code module@version/} and {@code classloader//} prefixes, keeping
	 * hidden-class names such as {@code Foo$$Lambda/0x...}.
	 */
	private static String stripModulePrefix(String label) {
		int slash = label.indexOf('/');
		while (slash >= 0) {
			String before = label.substring(0, slash);
			String after = label.substring(slash + 1);
			if (before.indexOf('$') >= 0 || after.startsWith("0x")) {
				break;
			}
			label = after;
			slash = label.indexOf('/');
		}
		return label;
	}

}
