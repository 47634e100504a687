package org.cruddur.web;

import java.util.List;

/**
 * Input that breaks a rule of the API: answered with 422 and the error codes as a JSON
 * array, as backend-flask does.
 */
public class ValidationFailedException extends RuntimeException {

	private final List<String> codes;

	public ValidationFailedException(List<String> codes) {
		super("validation failed: " + codes, null, false, false);
		this.codes = List.copyOf(codes);
	}

	public List<String> codes() {
		return this.codes;
	}

}
