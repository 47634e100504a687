package org.cruddur.activities;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The lifetimes a crud can be posted with, spelled as the frontend sends them. */
public enum Ttl {

	THIRTY_DAYS("30-days", Duration.ofDays(30)), SEVEN_DAYS("7-days", Duration.ofDays(7)),
	THREE_DAYS("3-days", Duration.ofDays(3)), ONE_DAY("1-day", Duration.ofDays(1)),
	TWELVE_HOURS("12-hours", Duration.ofHours(12)), THREE_HOURS("3-hours", Duration.ofHours(3)),
	ONE_HOUR("1-hour", Duration.ofHours(1));

	private final String label;

	private final Duration duration;

	Ttl(String label, Duration duration) {
		this.label = label;
		this.duration = duration;
	}

	public Duration duration() {
		return this.duration;
	}

	public static Optional<Ttl> fromLabel(String label) {
		return Arrays.stream(values()).filter((ttl) -> ttl.label.equals(label)).findFirst();
	}

}
