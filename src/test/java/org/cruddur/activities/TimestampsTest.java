package org.cruddur.activities;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's timestamps are backend-flask's {@code isoformat()}: what the documented
 * pattern prints, to the microsecond, in UTC.
 */
class TimestampsTest {

	private static final DateTimeFormatter BY_PATTERN = DateTimeFormatter.ofPattern(Timestamps.PATTERN)
		.withZone(ZoneOffset.UTC);

	@Test
	void printsWhatThePatternPrintsToTheMicrosecond() {
		assertThat(Timestamps.format(Instant.parse("2026-11-24T09:28:54.972863Z")))
			.isEqualTo("2026-11-24T09:28:54.972863+00:00");
		assertThat(Timestamps.format(Instant.parse("2026-01-02T03:04:05Z")))
			.isEqualTo("2026-01-02T03:04:05.000000+00:00");
		// Nanoseconds are cut, not rounded, as Python's datetime has microseconds only.
		assertThat(Timestamps.format(Instant.parse("2026-12-31T23:59:59.999999999Z")))
			.isEqualTo("2026-12-31T23:59:59.999999+00:00");
		assertThat(Timestamps.format(Instant.parse("2026-06-01T00:00:00.000005Z")))
			.isEqualTo("2026-06-01T00:00:00.000005+00:00");
		Random random = new Random(20261202L);
		assertRandomInstantsAreWrittenAsThePatternWritesThem(2_000, random, () -> random.nextInt(Integer.MAX_VALUE));
	}

	@Test
	void everyFourDigitYearAndTheEdgesOfTheRangeAreWrittenAsThePatternWritesThem() {
		Random random = new Random(7L);
		// From year 1: the pattern's "yyyy" is the year of the era, which calls year 0
		// "0001" (BC).
		long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
		long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		assertRandomInstantsAreWrittenAsThePatternWritesThem(5_000, random,
				() -> first + (long) (random.nextDouble() * (last - first)));
		for (String edge : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z",
				"1970-01-01T00:00:00Z", "2000-02-29T12:00:00Z", "1900-03-01T00:00:00.000001Z")) {
			Instant instant = Instant.parse(edge);
			assertThat(Timestamps.format(instant)).as(edge).isEqualTo(BY_PATTERN.format(instant));
		}
		assertThat(Timestamps.format(Instant.parse("0000-01-01T00:00:00Z")))
			.as("year 0 as ISO 8601 writes it, as before")
			.isEqualTo("0000-01-01T00:00:00.000000+00:00");
	}

	@Test
	void yearsOutsideFourDigitsAreWrittenWithTheirSignAsTheIsoFormatDoes() {
		assertThat(Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z")))
			.isEqualTo("+10000-01-01T00:00:00.000000+00:00");
		assertThat(Timestamps.format(Instant.parse("-0001-12-31T23:59:59.999999Z")))
			.isEqualTo("-0001-12-31T23:59:59.999999+00:00");
		JsonMapper mapper = JsonMapper.builder().build();
		assertThat(mapper.writeValueAsString(new Stamp(Instant.parse("+10000-01-01T00:00:00Z"))))
			.isEqualTo("{\"at\":\"+10000-01-01T00:00:00.000000+00:00\"}");
		assertThat(mapper.writeValueAsString(new Stamp(Instant.parse("2026-11-24T09:28:54.972863Z"))))
			.isEqualTo("{\"at\":\"2026-11-24T09:28:54.972863+00:00\"}");
	}

	/** {@code count} instants: a second from {@code epochSecond}, a random nanosecond. */
	private static void assertRandomInstantsAreWrittenAsThePatternWritesThem(int count, Random random,
			LongSupplier epochSecond) {
		for (int i = 0; i < count; i++) {
			Instant instant = Instant.ofEpochSecond(epochSecond.getAsLong(), random.nextInt(1_000_000_000));
			assertThat(Timestamps.format(instant)).isEqualTo(BY_PATTERN.format(instant));
		}
	}

	record Stamp(@JsonSerialize(using = Timestamps.Serializer.class) Instant at) {
	}

	@Test
	void everyTimestampFieldOfAnAnswerIsWrittenInTheFormat() {
		JsonMapper mapper = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		Instant created = Instant.parse("2026-11-24T09:28:54.000001Z");
		Instant expires = Instant.parse("2026-12-24T09:28:54.123456789Z");
		UUID uuid = UUID.fromString("68f126b0-1ceb-4a33-88be-d90fa7109eee");
		Reply reply = new Reply(UUID.fromString("26e12864-1c26-5c3a-9658-97a10f8fea67"), uuid, "Worf", "worf", "Yes.",
				0, 0, 0, created);
		String json = mapper.writeValueAsString(new Activity(uuid, "Andrew Brown", "andrewbrown", "Cloud is fun!",
				created, expires, 0, 1, 0, List.of(reply)));
		assertThat(json).contains("\"created_at\":\"2026-11-24T09:28:54.000001+00:00\"")
			.contains("\"expires_at\":\"2026-12-24T09:28:54.123456+00:00\"")
			.doesNotContain("\"created_at\":\"2026-11-24T09:28:54.000001Z\"");
		assertThat(json.split("\"created_at\":\"2026-11-24T09:28:54.000001\\+00:00\"", -1)).hasSize(3);
	}

}
