package org.cruddur.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryActivityRepositoryTest {

	private static final long UNBOUNDED = Long.MAX_VALUE;

	private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

	@Test
	void itemsPastTheirExpiryDisappearFromEveryRead() {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(10, UNBOUNDED);
		Activity shortLived = activity("short", now, Duration.ofHours(1));
		repository.save(shortLived);
		assertThat(repository.findNewest(now, 10)).containsExactly(shortLived);
		Instant later = now.plus(Duration.ofHours(1));
		assertThat(repository.findNewest(later, 10)).isEmpty();
		assertThat(repository.findByHandle("andrewbrown", later, 10)).isEmpty();
		assertThat(repository.search("short", later, 10)).isEmpty();
		assertThat(repository.findById(shortLived.uuid(), later)).isEmpty();
		assertThat(repository.addReply(shortLived.uuid(), reply(shortLived.uuid(), later), later)).isEmpty();
	}

	@Test
	void oldestActivitiesAreEvictedAtTheCapCountingReplies() {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(3, UNBOUNDED);
		Activity first = activity("first", now, Duration.ofDays(1));
		Activity second = activity("second", now.plusSeconds(1), Duration.ofDays(1));
		repository.save(first);
		repository.save(second);
		repository.addReply(second.uuid(), reply(second.uuid(), now), now);
		assertThat(repository.itemCount()).isEqualTo(3);
		Activity third = activity("third", now.plusSeconds(2), Duration.ofDays(1));
		repository.save(third);
		assertThat(repository.itemCount()).isEqualTo(3);
		assertThat(repository.findNewest(now, 10)).extracting(Activity::message).containsExactly("third", "second");
		assertThat(repository.findById(second.uuid(), now)).get()
			.satisfies((kept) -> assertThat(kept.replies()).hasSize(1));
	}

	@Test
	void manyRepliesToOneActivityStayWithinTheCap() {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(5, UNBOUNDED);
		Activity only = activity("only", now, Duration.ofDays(1));
		repository.save(only);
		for (int i = 0; i < 20; i++) {
			assertThat(repository.addReply(only.uuid(), reply(only.uuid(), now.plusSeconds(i)), now)).isPresent();
		}
		assertThat(repository.itemCount()).isEqualTo(5);
		Activity kept = repository.findById(only.uuid(), now).orElseThrow();
		assertThat(kept.replies()).hasSize(4);
		assertThat(kept.repliesCount()).isEqualTo(4);
		assertThat(kept.replies().get(3).createdAt()).isEqualTo(now.plusSeconds(19));
	}

	@Test
	void feedsAreNewestFirstAndLimited() {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(100, UNBOUNDED);
		for (int i = 0; i < 10; i++) {
			repository.save(activity("crud " + i, now.plusSeconds(i), Duration.ofDays(1)));
		}
		assertThat(repository.findNewest(now, 3)).extracting(Activity::message)
			.containsExactly("crud 9", "crud 8", "crud 7");
		assertThat(repository.search("CRUD 1", now, 10)).extracting(Activity::message).containsExactly("crud 1");
	}

	@Test
	void bytesAreBoundedToo() {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(1000, 50_000);
		String longest = "\uD83D\uDE00".repeat(280);
		Activity first = activity(longest, now, Duration.ofDays(1));
		repository.save(first);
		for (int i = 1; i < 100; i++) {
			repository.save(activity(longest, now.plusSeconds(i), Duration.ofDays(1)));
			assertThat(repository.byteCount()).isLessThanOrEqualTo(50_000);
		}
		// 256 + 2 x (12 + 11 + 560) bytes each: 35 fit.
		assertThat(repository.itemCount()).isEqualTo(35);
		assertThat(repository.byteCount()).isEqualTo(35 * (256 + 2 * (12 + 11 + 560)));
		assertThat(repository.findById(first.uuid(), now)).isEmpty();
	}

	@Test
	void bigRepliesToOneActivityStayWithinTheBytes() {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(1000, 50_000);
		Activity only = activity("only", now, Duration.ofDays(1));
		repository.save(only);
		List<UUID> replies = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Reply reply = new Reply(UUID.randomUUID(), only.uuid(), "Worf", "worf", "\uD83D\uDE00".repeat(1024), 0, 0,
					0, now);
			replies.add(reply.uuid());
			assertThat(repository.addReply(only.uuid(), reply, now)).isPresent();
			assertThat(repository.byteCount()).isLessThanOrEqualTo(50_000);
		}
		Activity kept = repository.findById(only.uuid(), now).orElseThrow();
		// The newest replies stay: 256 + 2 x (4 + 4 + 2048) bytes each.
		assertThat(kept.replies()).extracting(Reply::uuid).isEqualTo(replies.subList(40 - 11, 40));
		assertThat(kept.repliesCount()).isEqualTo(11);
	}

	@Test
	void capMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryActivityRepository(0, UNBOUNDED));
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryActivityRepository(1, 0));
	}

	private static Activity activity(String message, Instant createdAt, Duration ttl) {
		return new Activity(UUID.randomUUID(), "Andrew Brown", "andrewbrown", message, createdAt, createdAt.plus(ttl),
				0, 0, 0, List.of());
	}

	private static Reply reply(UUID activity, Instant createdAt) {
		return new Reply(UUID.randomUUID(), activity, "Worf", "worf", "reply", 0, 0, 0, createdAt);
	}

}
