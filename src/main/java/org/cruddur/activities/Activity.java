package org.cruddur.activities;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A crud: a short post that disappears at {@code expiresAt}. Serialized with the
 * backend-flask field names.
 */
public record Activity(UUID uuid, String displayName, String handle, String message,
		@JsonSerialize(using = Timestamps.Serializer.class) Instant createdAt,
		@JsonSerialize(using = Timestamps.Serializer.class) Instant expiresAt, int likesCount, int repliesCount,
		int repostsCount, List<Reply> replies) {

	public Activity {
		replies = List.copyOf(replies);
	}

	boolean isExpiredAt(Instant now) {
		return !this.expiresAt.isAfter(now);
	}

	/**
	 * This activity showing only {@code page} of its replies ({@code repliesCount} stays
	 * the number it has).
	 */
	Activity withReplies(List<Reply> page) {
		return new Activity(this.uuid, this.displayName, this.handle, this.message, this.createdAt, this.expiresAt,
				this.likesCount, this.repliesCount, this.repostsCount, page);
	}

	/** This activity showing only its {@code count} newest replies, oldest first. */
	Activity withNewestReplies(int count) {
		int size = this.replies.size();
		return (size <= count) ? this : withReplies(this.replies.subList(size - count, size));
	}

	Activity withReply(Reply reply) {
		List<Reply> more = new java.util.ArrayList<>(this.replies.size() + 1);
		more.addAll(this.replies);
		more.add(reply);
		return new Activity(this.uuid, this.displayName, this.handle, this.message, this.createdAt, this.expiresAt,
				this.likesCount, this.repliesCount + 1, this.repostsCount, more);
	}

	Activity withoutReply(UUID replyUuid) {
		List<Reply> fewer = this.replies.stream().filter((reply) -> !reply.uuid().equals(replyUuid)).toList();
		int removed = this.replies.size() - fewer.size();
		return new Activity(this.uuid, this.displayName, this.handle, this.message, this.createdAt, this.expiresAt,
				this.likesCount, Math.max(0, this.repliesCount - removed), this.repostsCount, fewer);
	}

}
