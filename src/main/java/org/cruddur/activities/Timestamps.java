package org.cruddur.activities;

/**
 * The timestamp format of backend-flask: Python's {@code datetime.isoformat()} of an
 * aware UTC time.
 */
public final class Timestamps {

	/** e.g. {@code 2026-11-24T09:28:54.972863+00:00}. */
	public static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx";

	private Timestamps() {
	}

}
