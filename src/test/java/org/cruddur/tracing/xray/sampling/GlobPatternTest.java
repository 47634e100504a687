package org.cruddur.tracing.xray.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GlobPatternTest {

	@Test
	void starsMatchAnyRunAndQuestionMarksOneCharacterIgnoringCase() {
		assertThat(GlobPattern.of("a*b?c").matches("AxxxbYc")).isTrue();
		assertThat(GlobPattern.of("a*b?c").matches("abc")).isFalse();
		assertThat(GlobPattern.of("a*b?c").matches("abYc")).isTrue();
		assertThat(GlobPattern.of("*.cruddur.*").matches("api.cruddur.example")).isTrue();
		assertThat(GlobPattern.of("*.cruddur.*").matches("api.cruddur")).isFalse();
		assertThat(GlobPattern.of("/api/*/home").matches("/api/activities/x/home")).isTrue();
		assertThat(GlobPattern.of("/api/*/home").matches("/api/activities/home/x")).isFalse();
	}

	@Test
	void aPatternWithoutWildcardsMatchesItselfIgnoringCaseOnly() {
		assertThat(GlobPattern.of("POST").matches("post")).isTrue();
		assertThat(GlobPattern.of("POST").matches("POSTS")).isFalse();
		assertThat(GlobPattern.of(" POST ").matches("POST")).as("trimmed").isTrue();
	}

	@Test
	void nothingOnlyMatchesAPatternOfStars() {
		assertThat(GlobPattern.of("*").matches(null)).isTrue();
		assertThat(GlobPattern.of("**").matches(null)).isTrue();
		assertThat(GlobPattern.of(null).matches(null)).isTrue();
		assertThat(GlobPattern.of(" ").matches("anything")).isTrue();
		assertThat(GlobPattern.of("/api/*").matches(null)).isFalse();
		assertThat(GlobPattern.of("?").matches("")).isFalse();
		assertThat(GlobPattern.of("*?").matches("")).isFalse();
	}

	@Test
	void aStarBacktracksAsFarAsItMust() {
		assertThat(GlobPattern.of("*ab").matches("aab")).isTrue();
		assertThat(GlobPattern.of("*ab").matches("abab")).isTrue();
		assertThat(GlobPattern.of("*ab").matches("aba")).isFalse();
		assertThat(GlobPattern.of("a*").matches("a")).isTrue();
		assertThat(GlobPattern.of("a**").matches("a")).isTrue();
		assertThat(GlobPattern.of("a*?").matches("a")).isFalse();
		assertThat(GlobPattern.of("a?").matches("ab")).isTrue();
		assertThat(GlobPattern.of("a?").matches("abc")).isFalse();
		assertThat(GlobPattern.of("?*").matches("x")).isTrue();
		assertThat(GlobPattern.of("A*Z").matches("abcz")).as("pattern case ignored too").isTrue();
		assertThat(GlobPattern.of("*x*").matches("X")).isTrue();
		assertThat(GlobPattern.of("*x*").matches("")).isFalse();
	}

	@Test
	void aPatternShowsAsWritten() {
		assertThat(GlobPattern.of(" /api/* ")).hasToString("/api/*");
		assertThat(GlobPattern.of(null)).hasToString("*");
		assertThat(GlobPattern.of("***").matches(null)).isTrue();
	}

}
