package org.cruddur.web;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of every list the API answers, whatever users post: feeds, search, message
 * groups and conversations hold at most {@code maxItems} items and {@code maxBytes} of
 * JSON (the newest are kept); a crud in a feed embeds its {@code repliesPerCrud} newest
 * replies ({@code replies_count} stays exact, {@code GET /api/activities/{uuid}} pages
 * through all of them).
 *
 * @param maxItems most items in one answer ({@code CRUDDUR_FEED_LIMIT})
 * @param maxBytes most bytes of JSON in one answer ({@code CRUDDUR_ANSWER_MAX_BYTES}); at
 * least 64 KiB, so that the largest single item always fits
 * @param repliesPerCrud most replies embedded in each crud of a feed
 * ({@code CRUDDUR_FEED_REPLIES})
 */
@ConfigurationProperties("cruddur.answers")
public record AnswerLimits(@DefaultValue("100") int maxItems, @DefaultValue("256KB") DataSize maxBytes,
		@DefaultValue("3") int repliesPerCrud) {

	/** The smallest allowed {@code maxBytes}: more than any one item can take. */
	public static final DataSize MIN_BYTES = DataSize.ofKilobytes(64);

	public AnswerLimits {
		PropertyChecks.between("cruddur.answers.max-items", maxItems, 1, 10_000);
		PropertyChecks.between("cruddur.answers.replies-per-crud", repliesPerCrud, 0, 5);
		if (maxBytes == null || maxBytes.compareTo(MIN_BYTES) < 0 || maxBytes.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"cruddur.answers.max-bytes must be between 64KB and 2GB, was " + maxBytes);
		}
	}

	/** {@link #maxBytes()} as an int, for byte counting. */
	public int maxByteCount() {
		return (int) this.maxBytes.toBytes();
	}

}
