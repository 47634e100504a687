package org.cruddur.activities;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Activities in memory, bounded: activities plus their replies never exceed {@code maxItems}; the oldest activity
 * (with its replies) is evicted first. Writers take a lock; readers use an immutable newest-first snapshot.
 * Activities must be saved in the order they were created (the API stamps them with the time of the write).
 */
public class InMemoryActivityRepository implements ActivityRepository {

	private final int maxItems;

	/** Insertion order, so the first entry is the oldest write. Guarded by {@code this}. */
	private final LinkedHashMap<UUID, Activity> activities = new LinkedHashMap<>();

	private int itemCount;

	private volatile List<Activity> newestFirst = List.of();

	public InMemoryActivityRepository(int maxItems) {
		if (maxItems < 1) {
			throw new IllegalArgumentException("maxItems must be at least 1");
		}
		this.maxItems = maxItems;
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
		return this.newestFirst.stream()
			.filter((activity) -> activity.uuid().equals(uuid) && !activity.isExpiredAt(now))
			.findFirst();
	}

	@Override
	public synchronized void save(Activity activity) {
		Activity previous = this.activities.put(activity.uuid(), activity);
		this.itemCount += itemsOf(activity) - ((previous != null) ? itemsOf(previous) : 0);
		evictOverflow(activity.uuid());
		publish();
	}

	@Override
	public synchronized Optional<Activity> addReply(UUID activityUuid, Reply reply, Instant now) {
		Activity activity = this.activities.get(activityUuid);
		if (activity == null || activity.isExpiredAt(now)) {
			return Optional.empty();
		}
		Activity updated = activity.withReply(reply);
		this.activities.put(activityUuid, updated);
		this.itemCount++;
		evictOverflow(activityUuid);
		publish();
		return Optional.ofNullable(this.activities.get(activityUuid));
	}

	/** Number of activities and replies held, expired or not (for tests and metrics). */
	public synchronized int itemCount() {
		return this.itemCount;
	}

	private List<Activity> select(Predicate<Activity> filter, Instant now, int limit) {
		List<Activity> selected = new ArrayList<>(Math.min(limit, 16));
		for (Activity activity : this.newestFirst) {
			if (selected.size() >= limit) {
				break;
			}
			if (!activity.isExpiredAt(now) && filter.test(activity)) {
				selected.add(activity);
			}
		}
		return selected;
	}

	/** Evicts expired activities, then the oldest ones, sparing {@code keep} unless it alone is too big. */
	private void evictOverflow(UUID keep) {
		if (this.itemCount <= this.maxItems) {
			return;
		}
		Instant now = Instant.now();
		removeWhile((activity) -> activity.isExpiredAt(now) && !activity.uuid().equals(keep));
		removeWhile((activity) -> this.itemCount > this.maxItems && !activity.uuid().equals(keep));
		Activity kept = this.activities.get(keep);
		while (this.itemCount > this.maxItems && kept != null && !kept.replies().isEmpty()) {
			kept = kept.withoutReply(kept.replies().get(0).uuid());
			this.activities.put(keep, kept);
			this.itemCount--;
		}
	}

	private void removeWhile(Predicate<Activity> evict) {
		Iterator<Map.Entry<UUID, Activity>> entries = this.activities.entrySet().iterator();
		while (entries.hasNext() && this.itemCount > this.maxItems) {
			Activity activity = entries.next().getValue();
			if (evict.test(activity)) {
				entries.remove();
				this.itemCount -= itemsOf(activity);
			}
		}
	}

	/** Activities are saved as they are created, so reversed insertion order is newest first: no sort needed. */
	private void publish() {
		List<Activity> snapshot = new ArrayList<>(this.activities.values());
		java.util.Collections.reverse(snapshot);
		this.newestFirst = java.util.Collections.unmodifiableList(snapshot);
	}

	private static int itemsOf(Activity activity) {
		return 1 + activity.replies().size();
	}

}
