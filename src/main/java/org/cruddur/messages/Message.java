package org.cruddur.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.cruddur.activities.Timestamps;

/** A direct message, with the backend-flask field names. */
public record Message(UUID uuid, String displayName, String handle, String message,
		@JsonFormat(pattern = Timestamps.PATTERN, timezone = "UTC") Instant createdAt) {
}
