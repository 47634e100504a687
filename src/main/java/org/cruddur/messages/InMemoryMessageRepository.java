package org.cruddur.messages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.cruddur.users.Users;

/**
 * Conversations in memory, bounded: at most {@code maxItems} messages in all and
 * {@code maxItems} groups, the oldest evicted first. A conversation that loses its last
 * message keeps its group entry while there is room.
 */
public class InMemoryMessageRepository implements MessageRepository {

	private final int maxItems;

	/**
	 * Every message in the order written, each with the handle of its conversation.
	 * Guarded by {@code this}.
	 */
	private final Deque<Map.Entry<String, Message>> written = new ArrayDeque<>();

	private final Map<String, Deque<Message>> conversations = new HashMap<>();

	private final Map<String, MessageGroup> groups = new HashMap<>();

	public InMemoryMessageRepository(int maxItems) {
		if (maxItems < 1) {
			throw new IllegalArgumentException("maxItems must be at least 1");
		}
		this.maxItems = maxItems;
	}

	/** Adds a conversation with no messages yet (the seed's message groups). */
	public synchronized void addGroup(MessageGroup group) {
		this.groups.put(group.handle(), group);
	}

	@Override
	public synchronized List<Message> conversation(String handle) {
		Deque<Message> messages = this.conversations.get(handle);
		return (messages != null) ? List.copyOf(messages) : List.of();
	}

	@Override
	public synchronized List<MessageGroup> groups() {
		List<MessageGroup> all = new ArrayList<>(this.groups.values());
		all.sort(Comparator.comparing(MessageGroup::createdAt).reversed());
		return all;
	}

	@Override
	public synchronized void save(String conversationHandle, Message message) {
		this.conversations.computeIfAbsent(conversationHandle, (handle) -> new ArrayDeque<>()).addLast(message);
		this.written.addLast(Map.entry(conversationHandle, message));
		MessageGroup existing = this.groups.get(conversationHandle);
		UUID groupUuid = (existing != null) ? existing.uuid()
				: UUID.nameUUIDFromBytes(("message-group:" + conversationHandle).getBytes(StandardCharsets.UTF_8));
		this.groups.put(conversationHandle, new MessageGroup(groupUuid, Users.displayName(conversationHandle),
				conversationHandle, message.message(), message.createdAt()));
		while (this.written.size() > this.maxItems) {
			Map.Entry<String, Message> oldest = this.written.removeFirst();
			Deque<Message> conversation = this.conversations.get(oldest.getKey());
			conversation.removeFirst();
			if (conversation.isEmpty()) {
				this.conversations.remove(oldest.getKey());
			}
		}
		// Handles come from users, so the groups are bounded too: the least recently
		// active goes first.
		while (this.groups.size() > this.maxItems) {
			this.groups.values()
				.stream()
				.min(Comparator.comparing(MessageGroup::createdAt))
				.ifPresent((stale) -> this.groups.remove(stale.handle()));
		}
	}

	/** Number of messages held (for tests and metrics). */
	public synchronized int size() {
		return this.written.size();
	}

}
