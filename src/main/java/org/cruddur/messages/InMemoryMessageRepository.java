package org.cruddur.messages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

	/**
	 * By handle, least recently active first: writing to a conversation moves its group
	 * to the end. Guarded by {@code this}.
	 */
	private final LinkedHashMap<String, MessageGroup> groups = new LinkedHashMap<>();

	public InMemoryMessageRepository(int maxItems) {
		if (maxItems < 1) {
			throw new IllegalArgumentException("maxItems must be at least 1");
		}
		this.maxItems = maxItems;
	}

	/**
	 * Adds a conversation with no messages yet (the seed's message groups), as the most
	 * recently active.
	 */
	public synchronized void addGroup(MessageGroup group) {
		this.groups.remove(group.handle());
		this.groups.put(group.handle(), group);
	}

	@Override
	public synchronized List<Message> conversation(String handle, int limit) {
		Deque<Message> messages = this.conversations.get(handle);
		if (messages == null) {
			return List.of();
		}
		List<Message> newest = new ArrayList<>(Math.min(limit, messages.size()));
		Iterator<Message> newestFirst = messages.descendingIterator();
		while (newest.size() < limit && newestFirst.hasNext()) {
			newest.add(newestFirst.next());
		}
		Collections.reverse(newest);
		return newest;
	}

	@Override
	public synchronized List<MessageGroup> groups(int limit) {
		List<MessageGroup> leastRecentFirst = new ArrayList<>(this.groups.values());
		List<MessageGroup> mostRecentFirst = new ArrayList<>(Math.min(limit, leastRecentFirst.size()));
		for (int i = leastRecentFirst.size() - 1; i >= 0 && mostRecentFirst.size() < limit; i--) {
			mostRecentFirst.add(leastRecentFirst.get(i));
		}
		return mostRecentFirst;
	}

	@Override
	public synchronized void save(String conversationHandle, Message message) {
		this.conversations.computeIfAbsent(conversationHandle, (handle) -> new ArrayDeque<>()).addLast(message);
		this.written.addLast(Map.entry(conversationHandle, message));
		MessageGroup existing = this.groups.remove(conversationHandle);
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
		Iterator<MessageGroup> leastRecentFirst = this.groups.values().iterator();
		while (this.groups.size() > this.maxItems) {
			leastRecentFirst.next();
			leastRecentFirst.remove();
		}
	}

	/** Number of messages held (for tests and metrics). */
	public synchronized int size() {
		return this.written.size();
	}

}
