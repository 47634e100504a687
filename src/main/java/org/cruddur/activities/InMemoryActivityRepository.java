package org.cruddur.activities;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Activities in memory, bounded: activities plus their replies never exceed
 * {@code maxItems} nor {@code maxBytes} (estimated by {@link HeapBytes}); the oldest
 * activity (with its replies) is evicted first. Readers walk a concurrent newest-first
 * index without locking and stop at the feed limit; writers take a lock, so a write costs
 * O(log n) whatever the size of the store.
 */
public class InMemoryActivityRepository implements ActivityRepository {

	private final int maxItems;

	private final long maxBytes;

	/**
	 * By write sequence, newest first: activities are saved as they are created (the API
	 * stamps them).
	 */
	private final ConcurrentSkipListMap<Long, Activity> newestFirst = new ConcurrentSkipListMap<>(
			Comparator.reverseOrder());

	private final Map<UUID, Long> sequenceById = new ConcurrentHashMap<>();

	/** Guarded by {@code this}. */
	private long nextSequence;

	/** Activities plus replies held. Guarded by {@code this}. */
	private int itemCount;

	/**
	 * Estimated heap bytes of the activities and replies held. Guarded by {@code this}.
	 */
	private long byteCount;

	public InMemoryActivityRepository(int maxItems, long maxBytes) {
		if (maxItems < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("maxItems and maxBytes must be at least 1");
		}
		this.maxItems = maxItems;
		this.maxBytes = maxBytes;
	}

	@Override
	public List<Activity> findNewest(Instant now, int limit) {
		return select((activity) -> true, now, limit);
	}

	@Override
	public List<Activity> findByHandle(String handle, Instant now, int limit) {
		return select((activity) -> activity.handle().equals(handle), now, limit);
	}

	@Override
	public List<Activity> search(String term, Instant now, int limit) {
		String needle = term.toLowerCase(Locale.ROOT);
		return select((activity) -> activity.message().toLowerCase(Locale.ROOT).contains(needle)
				|| activity.handle().toLowerCase(Locale.ROOT).contains(needle), now, limit);
	}

	@Override
	public Optional<Activity> findById(UUID uuid, Instant now) {
		return Optional.ofNullable(get(uuid)).filter((activity) -> !activity.isExpiredAt(now));
	}

	@Override
	public synchronized void save(Activity activity) {
		Long previous = this.sequenceById.remove(activity.uuid());
		if (previous != null) {
			forget(this.newestFirst.remove(previous));
		}
		long sequence = this.nextSequence++;
		this.sequenceById.put(activity.uuid(), sequence);
		this.newestFirst.put(sequence, activity);
		this.itemCount += itemsOf(activity);
		this.byteCount += bytesOf(activity);
		evictOverflow(activity.uuid());
	}

	@Override
	public synchronized Optional<Activity> addReply(UUID activityUuid, Reply reply, Instant now) {
		Activity activity = get(activityUuid);
		if (activity == null || activity.isExpiredAt(now)) {
			return Optional.empty();
		}
		replace(activity.withReply(reply));
		this.itemCount++;
		this.byteCount += bytesOf(reply);
		evictOverflow(activityUuid);
		return Optional.ofNullable(get(activityUuid));
	}

	/** Number of activities and replies held, expired or not (for tests and metrics). */
	public synchronized int itemCount() {
		return this.itemCount;
	}

	/**
	 * Estimated heap bytes of the activities and replies held (for tests and metrics).
	 */
	public synchronized long byteCount() {
		return this.byteCount;
	}

	private List<Activity> select(Predicate<Activity> filter, Instant now, int limit) {
		List<Activity> selected = new ArrayList<>(Math.min(limit, 16));
		for (Activity activity : this.newestFirst.values()) {
			if (selected.size() >= limit) {
				break;
			}
			if (!activity.isExpiredAt(now) && filter.test(activity)) {
				selected.add(activity);
			}
		}
		return selected;
	}

	private Activity get(UUID uuid) {
		Long sequence = this.sequenceById.get(uuid);
		return (sequence != null) ? this.newestFirst.get(sequence) : null;
	}

	/** Updates an activity in place (same position in the feed). */
	private void replace(Activity updated) {
		this.newestFirst.put(this.sequenceById.get(updated.uuid()), updated);
	}

	/**
	 * Evicts the oldest activities, sparing {@code keep} unless it alone is too big (then
	 * its oldest replies go): O(log n) per eviction.
	 */
	private void evictOverflow(UUID keep) {
		Long spared = null;
		while (overflowing()) {
			// With the newest-first order, the last entry is the oldest and "lower"
			// entries are newer.
			Map.Entry<Long, Activity> oldest = (spared != null) ? this.newestFirst.lowerEntry(spared)
					: this.newestFirst.lastEntry();
			if (oldest == null) {
				break;
			}
			Activity activity = oldest.getValue();
			if (activity.uuid().equals(keep)) {
				spared = oldest.getKey();
				continue;
			}
			this.newestFirst.remove(oldest.getKey());
			this.sequenceById.remove(activity.uuid());
			forget(activity);
		}
		Activity kept = get(keep);
		while (overflowing() && kept != null && !kept.replies().isEmpty()) {
			Reply oldestReply = kept.replies().get(0);
			kept = kept.withoutReply(oldestReply.uuid());
			replace(kept);
			this.itemCount--;
			this.byteCount -= bytesOf(oldestReply);
		}
	}

	private boolean overflowing() {
		return this.itemCount > this.maxItems || this.byteCount > this.maxBytes;
	}

	private void forget(Activity activity) {
		this.itemCount -= itemsOf(activity);
		this.byteCount -= bytesOf(activity);
	}

	private static int itemsOf(Activity activity) {
		return 1 + activity.replies().size();
	}

	private static long bytesOf(Activity activity) {
		long bytes = HeapBytes.of(activity.displayName(), activity.handle(), activity.message());
		for (Reply reply : activity.replies()) {
			bytes += bytesOf(reply);
		}
		return bytes;
	}

	private static long bytesOf(Reply reply) {
		return HeapBytes.of(reply.displayName(), reply.handle(), reply.message());
	}

}
