package org.cruddur.tracing.xray.segment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal, allocation-light JSON writer that encodes straight to UTF-8 bytes.
 *
 * <p>
 * Why not Jackson: the translator needs the exact byte size of each document (the
 * daemon's UDP limit), per-value truncation while writing, and no intermediate object
 * tree. Writing bytes directly gives all three in one pass; the common case never
 * serializes twice.
 *
 * <p>
 * Not thread-safe; one instance per document.
 */
final class JsonOutput {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_DEPTH = 32;

	private byte[] buf;

	private int len;

	private final boolean[] needsComma = new boolean[MAX_DEPTH];

	private int depth;

	private boolean afterName;

	JsonOutput(int initialCapacity) {
		this.buf = new byte[Math.max(64, initialCapacity)];
	}

	int size() {
		return this.len;
	}

	byte[] toByteArray() {
		return Arrays.copyOf(this.buf, this.len);
	}

	/** The bytes written so far, without a copy; the output must not be written again. */
	ByteBuffer asByteBuffer() {
		return ByteBuffer.wrap(this.buf, 0, this.len);
	}

	String toUtf8String(int from) {
		return new String(this.buf, from, this.len - from, StandardCharsets.UTF_8);
	}

	/** Raw bytes outside of any JSON structure (the datagram header). */
	void raw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buf, this.len, bytes.length);
		this.len += bytes.length;
	}

	/**
	 * Pre-encoded {@code "a":1,"b":2} members (no braces) inserted into the current
	 * object.
	 */
	void rawMembers(byte[] members) {
		if (members.length == 0) {
			return;
		}
		if (this.needsComma[this.depth]) {
			put((byte) ',');
		}
		this.needsComma[this.depth] = true;
		raw(members);
	}

	JsonOutput beginObject() {
		beforeValue();
		put((byte) '{');
		push();
		return this;
	}

	JsonOutput endObject() {
		this.depth--;
		put((byte) '}');
		return this;
	}

	JsonOutput beginArray() {
		beforeValue();
		put((byte) '[');
		push();
		return this;
	}

	JsonOutput endArray() {
		this.depth--;
		put((byte) ']');
		return this;
	}

	JsonOutput name(String name) {
		if (this.needsComma[this.depth]) {
			put((byte) ',');
		}
		this.needsComma[this.depth] = true;
		quoted(name, Integer.MAX_VALUE);
		put((byte) ':');
		this.afterName = true;
		return this;
	}

	JsonOutput value(String value) {
		return value(value, Integer.MAX_VALUE);
	}

	/**
	 * A string value cut to at most {@code maxChars} characters (a marker is appended
	 * when cut).
	 */
	JsonOutput value(String value, int maxChars) {
		beforeValue();
		if (value == null) {
			putAscii("null");
		}
		else {
			quoted(value, maxChars);
		}
		return this;
	}

	JsonOutput value(long value) {
		beforeValue();
		if (value == Long.MIN_VALUE) {
			putAscii(Long.toString(value));
			return this;
		}
		if (value < 0) {
			put((byte) '-');
			value = -value;
		}
		putDigits(value, 0);
		return this;
	}

	JsonOutput value(double value) {
		beforeValue();
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			// JSON has no NaN/Infinity: keep the information as a string rather than emit
			// invalid JSON.
			quoted(Double.toString(value), Integer.MAX_VALUE);
		}
		else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			putDigitsSigned((long) value);
		}
		else {
			putAscii(Double.toString(value));
		}
		return this;
	}

	JsonOutput value(boolean value) {
		beforeValue();
		putAscii(value ? "true" : "false");
		return this;
	}

	/**
	 * Epoch nanoseconds as decimal seconds with microsecond precision, e.g.
	 * 1795685334.982296.
	 */
	JsonOutput epochSeconds(long epochNanos) {
		beforeValue();
		if (epochNanos < 0) {
			epochNanos = 0;
		}
		long micros = epochNanos / 1_000L;
		putDigits(micros / 1_000_000L, 0);
		put((byte) '.');
		putDigits(micros % 1_000_000L, 6);
		return this;
	}

	/** 16 lower-case hex digits of a long, quoted (X-Ray ids). */
	JsonOutput hex16(long value) {
		beforeValue();
		ensure(18);
		this.buf[this.len++] = '"';
		for (int shift = 60; shift >= 0; shift -= 4) {
			this.buf[this.len++] = HEX[(int) (value >>> shift) & 0xF];
		}
		this.buf[this.len++] = '"';
		return this;
	}

	/**
	 * The X-Ray trace id {@code 1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy} of a 32-hex OTel
	 * trace id.
	 */
	JsonOutput xrayTraceId(String otelTraceIdHex) {
		beforeValue();
		ensure(40);
		this.buf[this.len++] = '"';
		this.buf[this.len++] = '1';
		this.buf[this.len++] = '-';
		for (int i = 0; i < 8; i++) {
			this.buf[this.len++] = (byte) otelTraceIdHex.charAt(i);
		}
		this.buf[this.len++] = '-';
		for (int i = 8; i < 32; i++) {
			this.buf[this.len++] = (byte) otelTraceIdHex.charAt(i);
		}
		this.buf[this.len++] = '"';
		return this;
	}

	private void beforeValue() {
		if (this.afterName) {
			this.afterName = false;
			return;
		}
		if (this.needsComma[this.depth]) {
			put((byte) ',');
		}
		this.needsComma[this.depth] = true;
	}

	private void push() {
		this.depth++;
		if (this.depth >= MAX_DEPTH) {
			throw new IllegalStateException("JSON nesting too deep");
		}
		this.needsComma[this.depth] = false;
	}

	private void putDigitsSigned(long v) {
		if (v < 0) {
			put((byte) '-');
			v = -v;
		}
		putDigits(v, 0);
	}

	/** Non-negative decimal digits, left-padded with zeros to {@code minDigits}. */
	private void putDigits(long v, int minDigits) {
		ensure(20);
		int start = this.len;
		do {
			this.buf[this.len++] = (byte) ('0' + (v % 10));
			v /= 10;
		}
		while (v != 0);
		while (this.len - start < minDigits) {
			this.buf[this.len++] = '0';
		}
		// digits were written backwards
		for (int i = start, j = this.len - 1; i < j; i++, j--) {
			byte t = this.buf[i];
			this.buf[i] = this.buf[j];
			this.buf[j] = t;
		}
	}

	private void putAscii(String s) {
		int n = s.length();
		ensure(n);
		for (int i = 0; i < n; i++) {
			this.buf[this.len++] = (byte) s.charAt(i);
		}
	}

	private void quoted(String s, int maxChars) {
		int n = s.length();
		int end = n;
		if (n > maxChars) {
			end = Math.max(0, maxChars);
			// never split a surrogate pair
			if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
				end--;
			}
		}
		ensure(end + 2);
		this.buf[this.len++] = '"';
		for (int i = 0; i < end; i++) {
			char c = s.charAt(i);
			if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
				if (this.len == this.buf.length) {
					ensure(1 + (end - i));
				}
				this.buf[this.len++] = (byte) c;
			}
			else {
				i = escapedOrMultiByte(s, i, c, end);
			}
		}
		if (end < n) {
			putAscii("...[truncated " + n + " chars]");
		}
		put((byte) '"');
	}

	private int escapedOrMultiByte(String s, int i, char c, int end) {
		ensure(8 + (end - i));
		char escape = switch (c) {
			case '"' -> '"';
			case '\\' -> '\\';
			case '\n' -> 'n';
			case '\r' -> 'r';
			case '\t' -> 't';
			default -> 0;
		};
		if (escape != 0) {
			this.buf[this.len++] = '\\';
			this.buf[this.len++] = (byte) escape;
			return i;
		}
		if (c < 0x20) {
			this.buf[this.len++] = '\\';
			this.buf[this.len++] = 'u';
			this.buf[this.len++] = '0';
			this.buf[this.len++] = '0';
			this.buf[this.len++] = HEX[c >> 4];
			this.buf[this.len++] = HEX[c & 0xF];
		}
		else if (c < 0x800) {
			this.buf[this.len++] = (byte) (0xC0 | (c >> 6));
			this.buf[this.len++] = (byte) (0x80 | (c & 0x3F));
		}
		else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
			int cp = Character.toCodePoint(c, s.charAt(i + 1));
			this.buf[this.len++] = (byte) (0xF0 | (cp >> 18));
			this.buf[this.len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
			this.buf[this.len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
			this.buf[this.len++] = (byte) (0x80 | (cp & 0x3F));
			return i + 1;
		}
		else if (Character.isSurrogate(c)) {
			// lone surrogate: not encodable, replace
			this.buf[this.len++] = (byte) 0xEF;
			this.buf[this.len++] = (byte) 0xBF;
			this.buf[this.len++] = (byte) 0xBD;
		}
		else {
			this.buf[this.len++] = (byte) (0xE0 | (c >> 12));
			this.buf[this.len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
			this.buf[this.len++] = (byte) (0x80 | (c & 0x3F));
		}
		return i;
	}

	private void put(byte b) {
		if (this.len == this.buf.length) {
			ensure(1);
		}
		this.buf[this.len++] = b;
	}

	private void ensure(int extra) {
		int needed = this.len + extra;
		if (needed > this.buf.length) {
			this.buf = Arrays.copyOf(this.buf, Math.max(needed, this.buf.length * 2));
		}
	}

}
