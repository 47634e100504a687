package org.cruddur.config;

import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * Checks for the {@code @ConfigurationProperties} records, called from their compact
 * constructors: a value out of range stops the start with Spring Boot's "Failed to bind
 * properties" report, which names the property and quotes the message. Plain checks
 * instead of Jakarta Bean Validation, which would load about 850 classes (Hibernate
 * Validator and what it needs) at every start for these few bounds (docs/benchmarks.md).
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/** {@code value} if it lies in {@code [min, max]}. */
	public static int between(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
		}
		return value;
	}

	/** {@code value} if it lies in {@code [min, max]}. */
	public static double between(String property, double value, double min, double max) {
		if (!(value >= min && value <= max)) {
			throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
		}
		return value;
	}

	/** {@code value} if it is set and at least {@code min}. */
	public static DataSize atLeast(String property, DataSize value, DataSize min) {
		if (value == null || value.compareTo(min) < 0) {
			throw new IllegalArgumentException(property + " must be at least " + readable(min) + ", was "
					+ ((value != null) ? readable(value) : null));
		}
		return value;
	}

	/** In the largest unit that divides it, as a user writes it: 1MB, not 1048576B. */
	static String readable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes != 0 && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes != 0 && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

	/** {@code value} if it is set and longer than zero. */
	public static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(property + " must be positive, was " + value);
		}
		return value;
	}

	/** {@code value} if it is set and not negative. */
	public static Duration notNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(property + " must be zero or more, was " + value);
		}
		return value;
	}

	/** {@code value} if it has a character other than white space. */
	public static String notBlank(String property, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(property + " must not be empty");
		}
		return value;
	}

	/** {@code value} if it has at least one element. */
	public static <T> List<T> notEmpty(String property, List<T> value) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException(property + " must not be empty");
		}
		return value;
	}

}
