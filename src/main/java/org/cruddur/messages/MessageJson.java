package org.cruddur.messages;

import org.cruddur.web.JsonSize;

/**
 * The JSON size of messages and message groups as the API writes them (see
 * {@link JsonSize}).
 */
final class MessageJson {

	private static final int MESSAGE_FIXED = "{\"uuid\":,\"display_name\":,\"handle\":,\"message\":,\"created_at\":}"
		.length() + JsonSize.UUID + JsonSize.TIMESTAMP;

	/** The same fields; a group without a last message leaves {@code message} out. */
	private static final int GROUP_FIXED = MESSAGE_FIXED;

	private MessageJson() {
	}

	static int size(Message message) {
		return MESSAGE_FIXED + JsonSize.string(message.displayName()) + JsonSize.string(message.handle())
				+ JsonSize.string(message.message());
	}

	static int size(MessageGroup group) {
		return GROUP_FIXED + JsonSize.string(group.displayName()) + JsonSize.string(group.handle())
				+ JsonSize.string(group.message());
	}

}
