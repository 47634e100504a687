package org.cruddur.tracing.xray.segment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One exception of a {@code cause.exceptions[]} chain: type, message and the first
 * frames.
 *
 * <p>
 * Built from the recorded {@link Throwable} when the SDK kept it (exact, no parsing),
 * else parsed from the {@code exception.stacktrace} attribute: {@code at ...} lines
 * become frames, {@code Caused
 * by:} lines start the next exception, {@code ... N more} counts as skipped frames and
 * {@code
 * Suppressed:} blocks are ignored.
 */
final class ExceptionInfo {

	final String type;

	final String message;

	private final String[] labels;

	private final String[] paths;

	private final int[] lines;

	private int kept;

	private int total;

	int skipped;

	private ExceptionInfo(String type, String message, int maxFrames) {
		this.type = type;
		this.message = message;
		int capacity = Math.max(0, Math.min(maxFrames, 64));
		this.labels = new String[capacity];
		this.paths = new String[capacity];
		this.lines = new int[capacity];
	}

	int frameCount() {
		return total;
	}

	String label(int i) {
		return labels[i];
	}

	String path(int i) {
		return paths[i];
	}

	int line(int i) {
		return lines[i];
	}

	private void addFrame(String label, String path, int line) {
		if (kept < labels.length) {
			labels[kept] = label;
			paths[kept] = path;
			lines[kept] = line;
			kept++;
		}
		total++;
	}

	static List<ExceptionInfo> fromThrowable(Throwable t, int maxExceptions, int maxFrames) {
		List<ExceptionInfo> chain = new ArrayList<>(2);
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		while (t != null && chain.size() < maxExceptions && seen.add(t)) {
			String message;
			try {
				message = t.getMessage();
			}
			catch (RuntimeException e) {
				message = null; // a broken getMessage() must not lose the document
			}
			ExceptionInfo info = new ExceptionInfo(t.getClass().getName(), message, maxFrames);
			StackTraceElement[] frames = t.getStackTrace();
			for (StackTraceElement f : frames) {
				if (info.kept >= info.labels.length) {
					info.total += frames.length - info.total;
					break;
				}
				info.addFrame(f.getClassName() + "." + f.getMethodName(), f.getFileName(), f.getLineNumber());
			}
			chain.add(info);
			t = t.getCause();
		}
		return chain;
	}

	static List<ExceptionInfo> fromStackTrace(String type, String message, String stack, int maxExceptions,
			int maxFrames) {
		List<ExceptionInfo> chain = new ArrayList<>(2);
		if (stack == null || stack.isEmpty()) {
			chain.add(new ExceptionInfo(type, message, 0));
			return chain;
		}
		int n = stack.length();
		int lineStart = 0;
		ExceptionInfo current = null;
		boolean inSuppressed = false;
		while (lineStart < n) {
			int lineEnd = stack.indexOf('\n', lineStart);
			if (lineEnd < 0) {
				lineEnd = n;
			}
			int contentEnd = lineEnd > lineStart && stack.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
			String line = stack.substring(lineStart, contentEnd);
			lineStart = lineEnd + 1;

			if (current == null) {
				// First line: "type: message" (attributes win when present)
				String[] tm = splitTypeAndMessage(line);
				current = new ExceptionInfo(type != null ? type : tm[0], message != null ? message : tm[1], maxFrames);
				chain.add(current);
				continue;
			}
			if (line.startsWith("Caused by: ")) {
				if (chain.size() >= maxExceptions) {
					break;
				}
				inSuppressed = false;
				String[] tm = splitTypeAndMessage(line.substring("Caused by: ".length()));
				current = new ExceptionInfo(tm[0], tm[1], maxFrames);
				chain.add(current);
				continue;
			}
			String trimmed = line.trim();
			if (trimmed.startsWith("Suppressed: ")) {
				inSuppressed = true;
				continue;
			}
			if (inSuppressed) {
				continue;
			}
			if (trimmed.startsWith("at ")) {
				addParsedFrame(current, trimmed.substring(3));
			}
			else if (trimmed.startsWith("... ") && trimmed.endsWith(" more")) {
				long more = XraySegmentTranslator.toLong(trimmed.substring(4, trimmed.length() - 5));
				if (more > 0) {
					current.skipped = (int) Math.min(Integer.MAX_VALUE, more);
				}
			}
			// anything else: continuation of a multi-line message; ignored
		}
		return chain;
	}

	private static void addParsedFrame(ExceptionInfo info, String frame) {
		// "org.x.Foo.bar(Foo.java:10)",
		// "java.base/java.lang.Thread.run(Thread.java:840)",
		// "org.x.Foo.baz(Native Method)", "app//org.x.Foo.qux(Unknown Source)"
		int open = frame.indexOf('(');
		int close = frame.lastIndexOf(')');
		String label = open > 0 ? frame.substring(0, open) : frame;
		label = stripModulePrefix(label);
		String path = null;
		int line = -1;
		if (open > 0 && close > open) {
			String location = frame.substring(open + 1, close);
			int colon = location.lastIndexOf(':');
			if (colon > 0) {
				long parsed = XraySegmentTranslator.toLong(location.substring(colon + 1));
				if (parsed >= 0 && parsed <= Integer.MAX_VALUE) {
					line = (int) parsed;
					location = location.substring(0, colon);
				}
			}
			path = location;
		}
		info.addFrame(label, path, line);
	}

	/**
	 * Drops "module@version/" or "classloader//" prefixes, keeping hidden-class names
	 * like "Foo$$Lambda/0x...".
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

	private static String[] splitTypeAndMessage(String line) {
		int sep = line.indexOf(": ");
		if (sep < 0) {
			String t = line.trim();
			return new String[] { t.isEmpty() ? null : t, null };
		}
		return new String[] { line.substring(0, sep).trim(), line.substring(sep + 2) };
	}

}
