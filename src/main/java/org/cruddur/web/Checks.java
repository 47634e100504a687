package org.cruddur.web;

import java.util.List;

/**
 * Collects failed checks the way backend-flask reports them: each failed check replaces
 * the previous one, so only the last failure is answered.
 */
public final class Checks {

	private String lastFailure;

	public Checks fail(String code) {
		this.lastFailure = code;
		return this;
	}

	/** Fails with {@code code} when {@code value} is null or only white space. */
	public Checks requireText(String value, String code) {
		return (value == null || value.isBlank()) ? fail(code) : this;
	}

	/**
	 * Fails with {@code blankCode} or {@code tooLongCode}; length counts code points, as
	 * Python's {@code len} does.
	 */
	public Checks requireText(String value, int maxLength, String blankCode, String tooLongCode) {
		if (value == null || value.isBlank()) {
			return fail(blankCode);
		}
		return (value.codePointCount(0, value.length()) > maxLength) ? fail(tooLongCode) : this;
	}

	/** Throws {@link ValidationFailedException} when a check failed. */
	public void orThrow() {
		if (this.lastFailure != null) {
			throw new ValidationFailedException(List.of(this.lastFailure));
		}
	}

}
