package org.cruddur.tracing.xray.segment;

import java.util.List;

import io.opentelemetry.api.common.AttributeType;

/**
 * Attribute values as X-Ray wants them: JSON scalars, lists as arrays, numbers read
 * leniently.
 */
final class AttributeValues {

	/** Elements of an array attribute written at most. */
	private static final int MAX_ARRAY_ELEMENTS = 100;

	private AttributeValues() {
	}

	/**
	 * Whether an attribute of this type can be an annotation (X-Ray: string, number,
	 * boolean).
	 */
	static boolean isScalar(AttributeType type) {
		return type == AttributeType.STRING || type == AttributeType.LONG || type == AttributeType.DOUBLE
				|| type == AttributeType.BOOLEAN;
	}

	/**
	 * A scalar, or a list of scalars as an array (its first 100 elements); strings cut to
	 * {@code maxChars}.
	 */
	static void write(JsonOutput out, Object value, int maxChars) {
		if (value instanceof List<?> list) {
			out.beginArray();
			int n = 0;
			for (Object element : list) {
				if (n++ >= MAX_ARRAY_ELEMENTS) {
					break;
				}
				writeScalar(out, element, maxChars);
			}
			out.endArray();
		}
		else {
			writeScalar(out, value, maxChars);
		}
	}

	static void writeScalar(JsonOutput out, Object value, int maxChars) {
		if (value instanceof String text) {
			out.value(text, maxChars);
		}
		else if (value instanceof Long || value instanceof Integer) {
			out.value(((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			out.value(((Number) value).doubleValue());
		}
		else if (value instanceof Boolean flag) {
			out.value(flag.booleanValue());
		}
		else {
			out.value((value != null) ? String.valueOf(value) : null, maxChars);
		}
	}

	/**
	 * A number's value, or the value of a string of digits (some instrumentation sends
	 * status codes as strings); -1 for anything else.
	 */
	static long toLong(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof String text) {
			String digits = text.trim();
			int n = digits.length();
			if (n == 0 || n > 18) {
				return -1;
			}
			long result = 0;
			for (int i = 0; i < n; i++) {
				char c = digits.charAt(i);
				if (c < '0' || c > '9') {
					return -1;
				}
				result = result * 10 + (c - '0');
			}
			return result;
		}
		return -1;
	}

}
