package org.cruddur.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.cruddur.activities.Timestamps;

/**
 * A conversation of the current user with {@code handle}, as the message-groups list
 * shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageGroup(UUID uuid, String displayName, String handle, String message,
		@JsonFormat(pattern = Timestamps.PATTERN, timezone = "UTC") Instant createdAt) {
}
