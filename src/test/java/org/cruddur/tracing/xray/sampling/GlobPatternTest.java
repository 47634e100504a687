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

}
