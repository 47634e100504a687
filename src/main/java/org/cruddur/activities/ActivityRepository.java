package org.cruddur.activities;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where activities live. Synchronous, so a JDBC or DynamoDB implementation can replace
 * the in-memory one (and the store scheduler, {@code CruddurApplication}, then moves
 * calls off the event loop). Expired activities are never returned.
 */
public interface ActivityRepository {

	/** Unexpired activities, newest first, at most {@code limit}. */
	List<Activity> findNewest(Instant now, int limit);

	/** Unexpired activities of one user, newest first, at most {@code limit}. */
	List<Activity> findByHandle(String handle, Instant now, int limit);

	/**
	 * Unexpired activities whose message or handle contains {@code term} (ignoring case),
	 * newest first.
	 */
	List<Activity> search(String term, Instant now, int limit);

	Optional<Activity> findById(UUID uuid, Instant now);

	void save(Activity activity);

	/** Adds a reply under an unexpired activity; empty when there is no such activity. */
	Optional<Activity> addReply(UUID activityUuid, Reply reply, Instant now);

}
