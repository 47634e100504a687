package org.cruddur.tracing.xray.segment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One exception of a {@code cause.exceptions[]} chain: type, message and its first
 * frames.
 *
 * @param type the exception class, or null
 * @param message the message, or null
 * @param frames the first frames (at most the limit the chain was read with)
 * @param frameCount how many frames the exception had
 * @param skipped frames a stack trace text left out ({@code ... N more})
 */
record ExceptionInfo(String type, String message, List<Frame> frames, int frameCount, int skipped) {

	/** Frames kept per exception at most, whatever the limits say. */
	static final int MAX_FRAMES = 64;

	/**
	 * One stack frame.
	 *
	 * @param label class and method
	 * @param path the source file or a note such as {@code Native Method}, or null
	 * @param line the line number, or -1
	 */
	record Frame(String label, String path, int line) {
	}

	/** The chain of a recorded {@link Throwable} (exact, no parsing). */
	static List<ExceptionInfo> fromThrowable(Throwable throwable, int maxExceptions, int maxFrames) {
		List<ExceptionInfo> chain = new ArrayList<>(2);
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		int capacity = Math.max(0, Math.min(maxFrames, MAX_FRAMES));
		for (Throwable t = throwable; t != null && chain.size() < maxExceptions && seen.add(t); t = t.getCause()) {
			StackTraceElement[] elements = t.getStackTrace();
			List<Frame> frames = new ArrayList<>(Math.min(capacity, elements.length));
			for (int i = 0; i < elements.length && frames.size() < capacity; i++) {
				StackTraceElement element = elements[i];
				frames.add(new Frame(element.getClassName() + "." + element.getMethodName(), element.getFileName(),
						element.getLineNumber()));
			}
			chain.add(new ExceptionInfo(t.getClass().getName(), messageOf(t), frames, elements.length, 0));
		}
		return chain;
	}

	/** A broken {@code getMessage()} must not lose the document. */
	private static String messageOf(Throwable t) {
		try {
			return t.getMessage();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
