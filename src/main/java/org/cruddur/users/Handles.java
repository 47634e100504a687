package org.cruddur.users;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a handle may be: after Unicode NFKC normalisation and lower-casing (so that
 * look-alikes such as {@code ｗｏｒｆ} or {@code Worf} are the one handle {@code worf}), 1 to
 * {@value #MAX_LENGTH} of {@code a-z}, {@code 0-9}, {@code _} and {@code -}.
 */
public final class Handles {

	public static final int MAX_LENGTH = 64;

	private static final Pattern VALID = Pattern.compile("[a-z0-9_-]{1," + MAX_LENGTH + "}");

	private Handles() {
	}

	/**
	 * The canonical form of {@code raw} (surrounding white space ignored), or empty when
	 * it is not a valid handle.
	 */
	public static Optional<String> canonical(String raw) {
		if (raw == null) {
			return Optional.empty();
		}
		String stripped = raw.strip();
		if (stripped.length() > 2 * MAX_LENGTH) {
			// Each character of a valid handle comes from one code point (at most two
			// UTF-16 units): longer input cannot be valid, so it is not normalised.
			return Optional.empty();
		}
		String handle = Normalizer.normalize(stripped, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		return VALID.matcher(handle).matches() ? Optional.of(handle) : Optional.empty();
	}

}
