package org.cruddur.messages;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The sizes that cut message answers bound what Jackson writes, tightly. */
class MessageJsonTest {

	private final JsonMapper mapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final Instant now = Instant.parse("2026-11-26T10:00:00.123456Z");

	@ParameterizedTest
	@ValueSource(strings = { "", "Qapla!", "\u0001", "\uD800", "\uD83D\uDE00", "\u4e00\"\\" })
	void sizesBoundWhatJacksonWritesTightly(String piece) {
		String text = piece.repeat(1024 / Math.max(1, piece.length()));
		Message message = new Message(UUID.randomUUID(), "Andrew Brown", "andrewbrown", text, this.now);
		int actual = this.mapper.writeValueAsBytes(message).length;
		assertThat(MessageJson.size(message)).isBetween(actual, actual + 40);
		MessageGroup group = new MessageGroup(UUID.randomUUID(), "h".repeat(64), "h".repeat(64), text, this.now);
		int groupActual = this.mapper.writeValueAsBytes(group).length;
		assertThat(MessageJson.size(group)).isBetween(groupActual, groupActual + 40);
		MessageGroup seed = new MessageGroup(UUID.randomUUID(), "Worf", "worf", null, this.now);
		int seedActual = this.mapper.writeValueAsBytes(seed).length;
		assertThat(MessageJson.size(seed)).isBetween(seedActual, seedActual + 40);
	}

}
