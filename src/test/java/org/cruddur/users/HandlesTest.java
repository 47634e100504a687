package org.cruddur.users;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HandlesTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			worf                 | worf
			'  worf  '           | worf
			Worf                 | worf
			\uFF37\uFF4F\uFF52\uFF46     | worf
			\uD835\uDC30orf        | worf
			andrew_brown-2       | andrew_brown-2
			\u212Aira             | kira
			""")
	void lookAlikesAreOneCanonicalHandle(String raw, String canonical) {
		assertThat(Handles.canonical(raw)).contains(canonical);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "wo rf", "worf!", "w\u00f6rf", "\u0432\u043e\u0440\u0444", "w\u200Borf", "../etc",
			"a.b", "@worf", "\u0130stanbul", "\uD800" })
	void otherCharactersAreNotAHandle(String raw) {
		assertThat(Handles.canonical(raw)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 64 })
	void oneTo64CharactersAreAHandle(int length) {
		assertThat(Handles.canonical("x".repeat(length))).contains("x".repeat(length));
	}

	@ParameterizedTest
	@ValueSource(ints = { 65, 129, 60_000 })
	void longerIsNotAHandle(int length) {
		assertThat(Handles.canonical("x".repeat(length))).isEmpty();
		// Fullwidth letters normalise to one ASCII letter each: still too long.
		assertThat(Handles.canonical("\uFF58".repeat(length))).isEmpty();
	}

	@org.junit.jupiter.api.Test
	void nullIsNotAHandle() {
		assertThat(Handles.canonical(null)).isEmpty();
	}

}
