package org.cruddur.messages;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The mock messages of backend-flask: two groups, each opening onto the same two
 * messages.
 */
final class SeedMessages {

	private SeedMessages() {
	}

	static void seed(InMemoryMessageRepository repository, Instant now) {
		// Oldest first: the repository keeps groups in the order they were last active.
		repository.addGroup(new MessageGroup(UUID.fromString("417c360e-c4e6-4fce-873b-d2d71469b4ac"), "Worf", "worf",
				null, now.minus(Duration.ofDays(2))));
		repository.addGroup(new MessageGroup(UUID.fromString("24b95582-9e7b-4e0a-9ad1-639773ab7552"), "Andrew Brown",
				"andrewbrown", null, now.minus(Duration.ofDays(1))));
		// backend-flask answered these two messages for any handle: every seeded group
		// opens onto them.
		for (String conversation : List.of("andrewbrown", "worf")) {
			repository.save(conversation, new Message(UUID.fromString("4e81c06a-db0f-4281-b4cc-98208537772a"),
					"Andrew Brown", "andrewbrown", "Cloud is fun!", now.minus(Duration.ofDays(2))));
			repository.save(conversation, new Message(UUID.fromString("66e12864-8c26-4c3a-9658-95a10f8fea67"),
					"Andrew Brown", "andrewbrown", "This platform is great!", now.minus(Duration.ofDays(1))));
		}
	}

}
