package org.cruddur.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * How many bytes values take in the API's JSON (UTF-8, as Jackson writes them), computed
 * without serializing, so that answers can be cut to a size before they are written. The
 * counts are exact for strings and upper bounds for numbers and timestamps.
 */
public final class JsonSize {

	/** Widest JSON of an {@code int}: {@code -2147483648}. */
	public static final int INT = 11;

	/** A quoted UUID. */
	public static final int UUID = 38;

	/** A quoted timestamp of {@code Timestamps.PATTERN}. */
	public static final int TIMESTAMP = 34;

	private JsonSize() {
	}

	/**
	 * A string with its quotes: control characters, quotes and backslashes are escaped,
	 * lone surrogates are written as {@code \\uXXXX}, the rest is UTF-8.
	 */
	public static int string(String value) {
		if (value == null) {
			return 4;
		}
		int bytes = 2;
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c < 0x20) {
				bytes += (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') ? 2 : 6;
			}
			else if (c == '"' || c == '\\') {
				bytes += 2;
			}
			else if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += Character.isSurrogate(c) ? 6 : 3;
			}
		}
		return bytes;
	}

	/**
	 * The longest prefix of {@code items} whose JSON array takes at most
	 * {@code maxBytes}.
	 */
	public static <T> List<T> fittingPrefix(List<T> items, ToIntFunction<T> size, int maxBytes) {
		List<T> fitting = new ArrayList<>(items.size());
		long bytes = 2; // []
		for (T item : items) {
			bytes += size.applyAsInt(item) + (fitting.isEmpty() ? 0 : 1);
			if (bytes > maxBytes) {
				break;
			}
			fitting.add(item);
		}
		return fitting;
	}

	/**
	 * The longest suffix of {@code items} whose JSON array takes at most
	 * {@code maxBytes}.
	 */
	public static <T> List<T> fittingSuffix(List<T> items, ToIntFunction<T> size, int maxBytes) {
		long bytes = 2;
		int start = items.size();
		while (start > 0) {
			bytes += size.applyAsInt(items.get(start - 1)) + ((start == items.size()) ? 0 : 1);
			if (bytes > maxBytes) {
				break;
			}
			start--;
		}
		return items.subList(start, items.size());
	}

}
