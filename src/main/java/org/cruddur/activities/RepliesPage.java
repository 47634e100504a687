package org.cruddur.activities;

import java.util.List;
import java.util.UUID;

import org.cruddur.web.JsonSize;

/**
 * An activity showing one page of its replies, oldest first, and where the next page
 * starts.
 *
 * @param activity the activity, its {@code replies} the page ({@code replies_count} all
 * of them)
 * @param nextAfter the last reply of this page when more follow, else {@code null}
 */
public record RepliesPage(Activity activity, UUID nextAfter) {

	/**
	 * The replies of {@code full} that follow {@code after} (from the oldest when
	 * {@code after} is null or no longer kept: replies are evicted oldest first, so every
	 * reply still kept is newer), at most {@code limit} of them and as many as fit in
	 * {@code maxBytes} of JSON together with the activity.
	 */
	static RepliesPage of(Activity full, UUID after, int limit, int maxBytes) {
		List<Reply> replies = full.replies();
		int start = 0;
		if (after != null) {
			for (int i = 0; i < replies.size(); i++) {
				if (replies.get(i).uuid().equals(after)) {
					start = i + 1;
					break;
				}
			}
		}
		List<Reply> candidates = replies.subList(start, Math.min(replies.size(), start + limit));
		// withoutReplies counts the empty array "[]" that fittingPrefix counts too.
		int budget = maxBytes - ActivityJson.withoutReplies(full) + 2;
		List<Reply> page = JsonSize.fittingPrefix(candidates, ActivityJson::size, budget);
		boolean more = start + page.size() < replies.size();
		return new RepliesPage(full.withReplies(page), more ? page.get(page.size() - 1).uuid() : null);
	}

}
