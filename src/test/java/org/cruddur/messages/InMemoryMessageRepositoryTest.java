package org.cruddur.messages;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryMessageRepositoryTest {

	private static final long UNBOUNDED = Long.MAX_VALUE;

	private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

	@Test
	void oldestMessagesAreEvictedAtTheCap() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(3, UNBOUNDED);
		for (int i = 0; i < 5; i++) {
			repository.save((i % 2 == 0) ? "worf" : "garek", message("m" + i, i));
		}
		assertThat(repository.size()).isEqualTo(3);
		assertThat(repository.conversation("worf", 10)).extracting(Message::message).containsExactly("m2", "m4");
		assertThat(repository.conversation("garek", 10)).extracting(Message::message).containsExactly("m3");
	}

	@Test
	void groupsAreBoundedAndMostRecentFirst() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(2, UNBOUNDED);
		repository.save("a", message("to a", 1));
		repository.save("b", message("to b", 2));
		repository.save("c", message("to c", 3));
		assertThat(repository.groups(10)).extracting(MessageGroup::handle).containsExactly("c", "b");
		assertThat(repository.groups(10).get(0).message()).isEqualTo("to c");
	}

	@Test
	void answersHoldTheNewestUpToTheLimit() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(100, UNBOUNDED);
		for (int i = 0; i < 6; i++) {
			repository.save("worf", message("m" + i, i));
			repository.save("h" + i, message("to h" + i, 10 + i));
		}
		assertThat(repository.conversation("worf", 3)).extracting(Message::message).containsExactly("m3", "m4", "m5");
		assertThat(repository.groups(3)).extracting(MessageGroup::handle).containsExactly("h5", "worf", "h4");
	}

	@Test
	void messagesAndGroupsAreBoundedInBytes() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(1000, 100_000);
		String longest = "\uD83D\uDE00".repeat(1024);
		for (int i = 0; i < 100; i++) {
			String handle = String.format("%02d", i) + "h".repeat(62);
			repository.save(handle, message(longest, i));
			repository.save("worf", message(longest, i));
			// messages and groups: at most 100,000 bytes each
			assertThat(repository.byteCount()).isLessThanOrEqualTo(200_000);
		}
		// A message is 256 + 2 x (12 + 11 + 2048) bytes: 22 fit, the newest.
		assertThat(repository.size()).isEqualTo(22);
		assertThat(repository.conversation("worf", 100)).hasSize(11);
		// A group is 256 + 2 x (64 + 64 + 2048) bytes: 21 fit, the most recent.
		List<MessageGroup> groups = repository.groups(1000);
		assertThat(groups).hasSize(21);
		assertThat(groups.get(0).handle()).isEqualTo("worf");
		assertThat(groups.get(1).handle()).startsWith("99");
	}

	private Message message(String text, int secondsLater) {
		return new Message(UUID.randomUUID(), "Andrew Brown", "andrewbrown", text, now.plusSeconds(secondsLater));
	}

}
