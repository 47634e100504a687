package org.cruddur.activities;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The timestamp format of backend-flask: Python's {@code datetime.isoformat()} of an
 * aware UTC time.
 */
public final class Timestamps {

	/** e.g. {@code 2026-11-24T09:28:54.972863+00:00}. */
	public static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx";

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(PATTERN).withZone(ZoneOffset.UTC);

	private Timestamps() {
	}

	public static String format(Instant instant) {
		return FORMAT.format(instant);
	}

}
