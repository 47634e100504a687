package org.cruddur.activities;

import java.time.Instant;
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

	private Timestamps() {
	}

	public static String format(Instant instant) {
		return FORMAT.format(instant);
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
			generator.writeString(format(value));
		}

	}

}
