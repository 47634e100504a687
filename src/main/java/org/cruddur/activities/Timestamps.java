package org.cruddur.activities;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The timestamp format of backend-flask: Python's {@code datetime.isoformat()} of an
 * aware UTC time, e.g. {@code 2026-11-24T09:28:54.972863+00:00}.
 */
public final class Timestamps {

	/**
	 * The format as a {@link DateTimeFormatter} pattern, for readers (tests); writers use
	 * {@link #format(Instant)}.
	 */
	public static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx";

	/**
	 * {@link #PATTERN}, with the fraction printed as six-digit microseconds: the
	 * pattern's fraction printer goes through a {@code BigDecimal} per value on Java 17,
	 * and a home feed prints up to 800 timestamps (docs/benchmarks.md).
	 */
	private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
		.append(DateTimeFormatter.ISO_LOCAL_DATE)
		.appendLiteral('T')
		.appendValue(ChronoField.HOUR_OF_DAY, 2)
		.appendLiteral(':')
		.appendValue(ChronoField.MINUTE_OF_HOUR, 2)
		.appendLiteral(':')
		.appendValue(ChronoField.SECOND_OF_MINUTE, 2)
		.appendLiteral('.')
		.appendValue(ChronoField.MICRO_OF_SECOND, 6)
		.appendOffset("+HH:MM", "+00:00")
		.toFormatter(Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/**
	 * Characters of a timestamp of a year 0000-9999, e.g.
	 * {@code 2026-11-24T09:28:54.972863+00:00}.
	 */
	static final int LENGTH = 32;

	/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years with four digits. */
	private static final long FIRST_SECOND = -62_167_219_200L;

	private static final long LAST_SECOND = 253_402_300_799L;

	private static final int SECONDS_PER_DAY = 86_400;

	private Timestamps() {
	}

	public static String format(Instant instant) {
		char[] chars = new char[LENGTH];
		return write(instant, chars) ? new String(chars) : FORMAT.format(instant);
	}

	/**
	 * Writes {@code instant} into {@code out[0..LENGTH)} digit by digit: through
	 * {@link #FORMAT}, each timestamp cost a zoned date-time, new zone rules, a string
	 * per field and a builder, and a home feed's timestamps were most of what a request
	 * allocated (docs/benchmarks.md).
	 * @return false, writing nothing, for a year outside 0000-9999 (which {@link #FORMAT}
	 * writes with a sign)
	 */
	static boolean write(Instant instant, char[] out) {
		long seconds = instant.getEpochSecond();
		if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
			return false;
		}
		LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
		int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
		digits(out, 0, date.getYear(), 4);
		out[4] = '-';
		digits(out, 5, date.getMonthValue(), 2);
		out[7] = '-';
		digits(out, 8, date.getDayOfMonth(), 2);
		out[10] = 'T';
		digits(out, 11, secondOfDay / 3600, 2);
		out[13] = ':';
		digits(out, 14, secondOfDay / 60 % 60, 2);
		out[16] = ':';
		digits(out, 17, secondOfDay % 60, 2);
		out[19] = '.';
		digits(out, 20, instant.getNano() / 1000, 6);
		"+00:00".getChars(0, 6, out, 26);
		return true;
	}

	/**
	 * {@code value} (not negative) as {@code width} digits, zero-padded, at {@code at}.
	 */
	private static void digits(char[] out, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			out[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

	/**
	 * Writes an {@link Instant} field in this format
	 * ({@code @JsonSerialize(using = Timestamps.Serializer.class)}).
	 */
	public static final class Serializer extends StdSerializer<Instant> {

		public Serializer() {
			super(Instant.class);
		}

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			char[] chars = new char[LENGTH];
			if (write(value, chars)) {
				generator.writeString(chars, 0, LENGTH);
			}
			else {
				generator.writeString(FORMAT.format(value));
			}
		}

	}

}
