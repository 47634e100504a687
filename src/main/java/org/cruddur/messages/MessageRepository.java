package org.cruddur.messages;

import java.util.List;

/**
 * Where the current user's conversations live. Synchronous, like the activity repository.
 */
public interface MessageRepository {

	/**
	 * The newest {@code limit} messages between the current user and {@code handle},
	 * oldest first.
	 */
	List<Message> conversation(String handle, int limit);

	/**
	 * The {@code limit} most recently active conversations, most recent first, each with
	 * its last message.
	 */
	List<MessageGroup> groups(int limit);

	void save(String conversationHandle, Message message);

}
