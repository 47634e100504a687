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

import org.cruddur.activities.HeapBytes;
import org.cruddur.users.Users;

/**
 * Conversations in memory, bounded: at most {@code maxItems} messages in all and
 * {@code maxItems} groups, and at most {@code maxBytes} (estimated by {@link HeapBytes})
 * of messages and, separately, of groups; the oldest are evicted first. A conversation
 * that loses its last message keeps its group entry while there is room.
 */
public class InMemoryMessageRepository implements MessageRepository {

	private final int maxItems;

	private final long maxBytes;

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

	/** Guarded by {@code this}. */
	private long messageBytes;

	/** Guarded by {@code this}. */
	private long groupBytes;

	public InMemoryMessageRepository(int maxItems, long maxBytes) {
		if (maxItems < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("maxItems and maxBytes must be at least 1");
		}
		this.maxItems = maxItems;
		this.maxBytes = maxBytes;
	}

	/**
	 * Adds a conversation with no messages yet (the seed's message groups), as the most
	 * recently active.
	 */
	public synchronized void addGroup(MessageGroup group) {
		putGroup(group);
		evictGroups();
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
		this.messageBytes += bytesOf(message);
		MessageGroup existing = this.groups.get(conversationHandle);
		UUID groupUuid = (existing != null) ? existing.uuid()
				: UUID.nameUUIDFromBytes(("message-group:" + conversationHandle).getBytes(StandardCharsets.UTF_8));
		putGroup(new MessageGroup(groupUuid, Users.displayName(conversationHandle), conversationHandle,
				message.message(), message.createdAt()));
		while (this.written.size() > this.maxItems || this.messageBytes > this.maxBytes) {
			Map.Entry<String, Message> oldest = this.written.removeFirst();
			this.messageBytes -= bytesOf(oldest.getValue());
			Deque<Message> conversation = this.conversations.get(oldest.getKey());
			conversation.removeFirst();
			if (conversation.isEmpty()) {
				this.conversations.remove(oldest.getKey());
			}
		}
		evictGroups();
	}

	/** Number of messages held (for tests and metrics). */
	public synchronized int size() {
		return this.written.size();
	}

	/**
	 * Estimated heap bytes of the messages and of the groups held (for tests and
	 * metrics).
	 */
	public synchronized long byteCount() {
		return this.messageBytes + this.groupBytes;
	}

	/** Puts {@code group} last (most recently active), replacing its previous entry. */
	private void putGroup(MessageGroup group) {
		MessageGroup previous = this.groups.remove(group.handle());
		if (previous != null) {
			this.groupBytes -= bytesOf(previous);
		}
		this.groups.put(group.handle(), group);
		this.groupBytes += bytesOf(group);
	}

	/**
	 * Handles come from users, so the groups are bounded too: the least recently active
	 * go first.
	 */
	private void evictGroups() {
		Iterator<MessageGroup> leastRecentFirst = this.groups.values().iterator();
		while (this.groups.size() > this.maxItems || this.groupBytes > this.maxBytes) {
			this.groupBytes -= bytesOf(leastRecentFirst.next());
			leastRecentFirst.remove();
		}
	}

	private static long bytesOf(Message message) {
		return HeapBytes.of(message.displayName(), message.handle(), message.message());
	}

	private static long bytesOf(MessageGroup group) {
		return HeapBytes.of(group.displayName(), group.handle(), group.message());
	}

}
