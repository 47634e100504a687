package org.cruddur.messages;

import java.util.List;

/**
 * Where the current user's conversations live. Blocking, like the activity repository.
 */
public interface MessageRepository {

	/** The messages between the current user and {@code handle}, oldest first. */
	List<Message> conversation(String handle);

	/** Every conversation, most recently active first, with its last message. */
	List<MessageGroup> groups();

	void save(String conversationHandle, Message message);

}
