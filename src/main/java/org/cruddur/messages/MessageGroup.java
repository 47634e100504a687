package org.cruddur.messages;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.cruddur.activities.Timestamps;

/**
 * A conversation of the current user with {@code handle}, as the message-groups list
 * shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageGroup(UUID uuid, String displayName, String handle, String message,
		@JsonSerialize(using = Timestamps.Serializer.class) Instant createdAt) {
}
