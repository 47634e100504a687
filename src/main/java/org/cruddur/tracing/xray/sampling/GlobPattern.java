package org.cruddur.tracing.xray.sampling;

import java.util.Locale;

/**
 * An X-Ray style wildcard pattern: {@code *} matches any run of characters (also none),
 * {@code ?} exactly one; everything else matches itself, ignoring case (as the X-Ray SDKs
 * match sampling rules and dynamic segment names).
 *
 * <p>
 * Matched without regular expressions: patterns are tiny and matching sits on the
 * sampling and export hot paths.
 */
public final class GlobPattern {

	private static final GlobPattern ANY = new GlobPattern("*");

	private final String pattern;

	private final String lowerPattern;

	private final boolean matchesEverything;

	private final boolean literal;

	private GlobPattern(String pattern) {
		this.pattern = pattern;
		this.lowerPattern = pattern.toLowerCase(Locale.ROOT);
		this.matchesEverything = !pattern.isEmpty() && pattern.chars().allMatch((c) -> c == '*');
		this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
	}

	/** A pattern; {@code null} or blank means "*" (match anything). */
	public static GlobPattern of(String pattern) {
		if (pattern == null || pattern.isBlank() || "*".equals(pattern)) {
			return ANY;
		}
		return new GlobPattern(pattern.trim());
	}

	/**
	 * Whether the text matches; {@code null} text matches only a pattern made of stars.
	 */
	public boolean matches(String text) {
		if (this.matchesEverything) {
			return true;
		}
		if (text == null) {
			return false;
		}
		if (this.literal) {
			return this.pattern.equalsIgnoreCase(text);
		}
		return wildcardMatch(this.lowerPattern, text);
	}

	/**
	 * Iterative matcher with single-star backtracking: O(pattern x text) worst case, no
	 * allocation.
	 */
	private static boolean wildcardMatch(String p, String text) {
		int pi = 0;
		int ti = 0;
		int starPi = -1;
		int starTi = 0;
		int pn = p.length();
		int tn = text.length();
		while (ti < tn) {
			char tc = Character.toLowerCase(text.charAt(ti));
			if (pi < pn && (p.charAt(pi) == '?' || p.charAt(pi) == tc)) {
				pi++;
				ti++;
			}
			else if (pi < pn && p.charAt(pi) == '*') {
				starPi = pi++;
				starTi = ti;
			}
			else if (starPi >= 0) {
				pi = starPi + 1;
				ti = ++starTi;
			}
			else {
				return false;
			}
		}
		while (pi < pn && p.charAt(pi) == '*') {
			pi++;
		}
		return pi == pn;
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
