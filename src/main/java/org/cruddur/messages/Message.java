package org.cruddur.messages;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.annotation.JsonSerialize;
import org.cruddur.activities.Timestamps;

/** A direct message, with the backend-flask field names. */
public record Message(UUID uuid, String displayName, String handle, String message,
		@JsonSerialize(using = Timestamps.Serializer.class) Instant createdAt) {
}
