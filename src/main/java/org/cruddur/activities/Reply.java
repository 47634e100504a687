package org.cruddur.activities;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.annotation.JsonSerialize;

/** A reply under an activity, with the backend-flask field names. */
public record Reply(UUID uuid, UUID replyToActivityUuid, String displayName, String handle, String message,
		int likesCount, int repliesCount, int repostsCount,
		@JsonSerialize(using = Timestamps.Serializer.class) Instant createdAt) {
}
