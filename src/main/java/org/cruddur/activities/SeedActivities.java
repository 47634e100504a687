package org.cruddur.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The mock data of backend-flask, with times relative to the moment the service starts.
 */
final class SeedActivities {

	static final UUID CLOUD_IS_FUN = UUID.fromString("68f126b0-1ceb-4a33-88be-d90fa7109eee");

	private SeedActivities() {
	}

	/**
	 * The home feed's seed, oldest first (the order the repository expects them saved
	 * in).
	 */
	static List<Activity> home(Instant now) {
		Instant twoDaysAgo = now.minus(Duration.ofDays(2));
		return List.of(
				new Activity(UUID.fromString("66e12864-8c26-4c3a-9658-95a10f8fea67"), "Worf", "worf",
						"I am out of prune juice", now.minus(Duration.ofDays(7)), now.plus(Duration.ofDays(9)), 0, 0, 0,
						List.of()),
				new Activity(CLOUD_IS_FUN, "Andrew Brown", "andrewbrown", "Cloud is fun!", twoDaysAgo,
						now.plus(Duration.ofDays(5)), 5, 1, 0, List.of(worfsReply(twoDaysAgo))),
				new Activity(UUID.fromString("248959df-3079-4947-b847-9e0892d1bab4"), "Garek", "garek",
						"My dear doctor, I am just simple tailor", now.minus(Duration.ofHours(1)),
						now.plus(Duration.ofHours(12)), 0, 0, 0, List.of()));
	}

	static List<Activity> notifications(Instant now) {
		Instant twoDaysAgo = now.minus(Duration.ofDays(2));
		return List.of(new Activity(CLOUD_IS_FUN, "Coco", "coco", "I am a white unicorn", twoDaysAgo,
				now.plus(Duration.ofDays(5)), 5, 1, 0, List.of(worfsReply(twoDaysAgo))));
	}

	private static Reply worfsReply(Instant createdAt) {
		return new Reply(UUID.fromString("26e12864-1c26-5c3a-9658-97a10f8fea67"), CLOUD_IS_FUN, "Worf", "worf",
				"This post has no honor!", 0, 0, 0, createdAt);
	}

}
