package org.cruddur.activities;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;

/** A reply under an activity, with the backend-flask field names. */
public record Reply(UUID uuid, UUID replyToActivityUuid, String displayName, String handle, String message,
		int likesCount, int repliesCount, int repostsCount,
		@JsonFormat(pattern = Timestamps.PATTERN, timezone = "UTC") Instant createdAt) {
}
