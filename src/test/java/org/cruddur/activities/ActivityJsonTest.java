package org.cruddur.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sizes that cut feeds and reply pages are never below what Jackson writes (so an
 * answer never exceeds its limit) and only a few bytes above (so answers are not cut
 * needlessly).
 */
class ActivityJsonTest {

	private static final String[] WORST = { "\u0001", "\uD800", "\"", "\u00e9", "\u4e00", "\uD83D\uDE00", "a" };

	private final JsonMapper mapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	@Test
	void sizesBoundWhatJacksonWritesTightly() {
		Random random = new Random(20261201L);
		Instant now = Instant.parse("2026-11-26T10:00:00.123456Z");
		for (int i = 0; i < 300; i++) {
			UUID uuid = UUID.randomUUID();
			List<Reply> replies = new ArrayList<>();
			for (int r = random.nextInt(4); r > 0; r--) {
				replies.add(new Reply(UUID.randomUUID(), uuid, text(random, 20), text(random, 20), text(random, 1024),
						random.nextInt(), Integer.MIN_VALUE, 0, now));
			}
			Activity activity = new Activity(uuid, text(random, 20), text(random, 64), text(random, 280), now,
					now.plus(Duration.ofDays(30)), random.nextInt(), 7, 0, replies);
			int actual = this.mapper.writeValueAsBytes(activity).length;
			assertThat(ActivityJson.size(activity)).isBetween(actual, actual + 64);
			int withoutReplies = this.mapper.writeValueAsBytes(activity.withReplies(List.of())).length;
			assertThat(ActivityJson.withoutReplies(activity)).isBetween(withoutReplies, withoutReplies + 40);
			for (Reply reply : replies) {
				int replyActual = this.mapper.writeValueAsBytes(reply).length;
				assertThat(ActivityJson.size(reply)).isBetween(replyActual, replyActual + 40);
			}
		}
	}

	private static String text(Random random, int maxCodePoints) {
		StringBuilder text = new StringBuilder();
		String piece = WORST[random.nextInt(WORST.length)];
		for (int i = random.nextInt(maxCodePoints + 1); i > 0; i--) {
			text.append(random.nextInt(4) == 0 ? WORST[random.nextInt(WORST.length)] : piece);
		}
		return text.toString();
	}

}
