package org.cruddur.activities;

import org.cruddur.web.JsonSize;

/**
 * The JSON size of activities and replies as the API writes them (see {@link JsonSize}),
 * so that feeds and reply pages can be cut to the answer limit before they are written.
 */
final class ActivityJson {

	/** An activity's JSON without its strings, numbers, timestamps and replies. */
	private static final int ACTIVITY_FIXED = ("{\"uuid\":,\"display_name\":,\"handle\":,\"message\":,"
			+ "\"created_at\":,\"expires_at\":,\"likes_count\":,\"replies_count\":,\"reposts_count\":,\"replies\":[]}")
		.length() + JsonSize.UUID + 2 * JsonSize.TIMESTAMP + 3 * JsonSize.INT;

	private static final int REPLY_FIXED = ("{\"uuid\":,\"reply_to_activity_uuid\":,\"display_name\":,\"handle\":,"
			+ "\"message\":,\"likes_count\":,\"replies_count\":,\"reposts_count\":,\"created_at\":}")
		.length() + 2 * JsonSize.UUID + 3 * JsonSize.INT + JsonSize.TIMESTAMP;

	private ActivityJson() {
	}

	/** The activity with every reply it holds. */
	static int size(Activity activity) {
		int bytes = withoutReplies(activity);
		for (Reply reply : activity.replies()) {
			bytes += size(reply) + 1;
		}
		return bytes;
	}

	static int withoutReplies(Activity activity) {
		return ACTIVITY_FIXED + JsonSize.string(activity.displayName()) + JsonSize.string(activity.handle())
				+ JsonSize.string(activity.message());
	}

	static int size(Reply reply) {
		return REPLY_FIXED + JsonSize.string(reply.displayName()) + JsonSize.string(reply.handle())
				+ JsonSize.string(reply.message());
	}

}
