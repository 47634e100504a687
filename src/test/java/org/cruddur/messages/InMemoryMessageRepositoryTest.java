package org.cruddur.messages;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryMessageRepositoryTest {

	private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

	@Test
	void oldestMessagesAreEvictedAtTheCap() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(3);
		for (int i = 0; i < 5; i++) {
			repository.save((i % 2 == 0) ? "worf" : "garek", message("m" + i, i));
		}
		assertThat(repository.size()).isEqualTo(3);
		assertThat(repository.conversation("worf", 10)).extracting(Message::message).containsExactly("m2", "m4");
		assertThat(repository.conversation("garek", 10)).extracting(Message::message).containsExactly("m3");
	}

	@Test
	void groupsAreBoundedAndMostRecentFirst() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(2);
		repository.save("a", message("to a", 1));
		repository.save("b", message("to b", 2));
		repository.save("c", message("to c", 3));
		assertThat(repository.groups(10)).extracting(MessageGroup::handle).containsExactly("c", "b");
		assertThat(repository.groups(10).get(0).message()).isEqualTo("to c");
	}

	@Test
	void answersHoldTheNewestUpToTheLimit() {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(100);
		for (int i = 0; i < 6; i++) {
			repository.save("worf", message("m" + i, i));
			repository.save("h" + i, message("to h" + i, 10 + i));
		}
		assertThat(repository.conversation("worf", 3)).extracting(Message::message).containsExactly("m3", "m4", "m5");
		assertThat(repository.groups(3)).extracting(MessageGroup::handle).containsExactly("h5", "worf", "h4");
	}

	private Message message(String text, int secondsLater) {
		return new Message(UUID.randomUUID(), "Andrew Brown", "andrewbrown", text, now.plusSeconds(secondsLater));
	}

}
