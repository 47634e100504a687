package org.cruddur.web;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSizeTest {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "a/b", "\u0001\n\t\b\f\r\"\\", "\u007f\u0080\u07ff\u0800\uffff",
			"\u2028\u2029", "\uD83D\uDE00", "\uD800", "x\uDC00y", "\uDBFF", "\uDE00\uD83D", "<script>&'" })
	void stringSizeIsWhatJacksonWrites(String value) {
		assertThat(JsonSize.string(value)).isEqualTo(this.mapper.writeValueAsBytes(value).length);
	}

	@Test
	void stringSizeOfRandomUnicodeIsWhatJacksonWrites() {
		Random random = new Random(20261201L);
		for (int i = 0; i < 2000; i++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(64);
			for (int j = 0; j < length; j++) {
				value.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
			}
			String text = value.toString();
			assertThat(JsonSize.string(text)).as("%s", text.chars().mapToObj(Integer::toHexString).toList())
				.isEqualTo(this.mapper.writeValueAsBytes(text).length);
		}
		assertThat(JsonSize.string(null)).isEqualTo(4);
	}

	@Test
	void fittingPrefixAndSuffixKeepTheArrayWithinTheBudget() {
		List<String> items = List.of("aaaa", "bb", "cccccc");
		// ["aaaa","bb"] is 13 bytes with quotes, comma and brackets.
		assertThat(JsonSize.fittingPrefix(items, JsonSize::string, 13)).containsExactly("aaaa", "bb");
		assertThat(JsonSize.fittingPrefix(items, JsonSize::string, 12)).containsExactly("aaaa");
		assertThat(JsonSize.fittingPrefix(items, JsonSize::string, 7)).isEmpty();
		// ["bb","cccccc"] is 15 bytes.
		assertThat(JsonSize.fittingSuffix(items, JsonSize::string, 15)).containsExactly("bb", "cccccc");
		assertThat(JsonSize.fittingSuffix(items, JsonSize::string, 14)).containsExactly("cccccc");
		assertThat(JsonSize.fittingSuffix(items, JsonSize::string, 1000)).isEqualTo(items);
		assertThat(this.mapper.writeValueAsBytes(List.of("aaaa", "bb"))).hasSize(13);
		assertThat(this.mapper.writeValueAsBytes(List.of("bb", "cccccc"))).hasSize(15);
	}

}
