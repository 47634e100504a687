package org.cruddur.activities;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the in-memory store.
 *
 * @param maxItems most activities plus replies (and, separately, messages and message
 * groups) kept; the oldest are evicted first
 * @param maxBytes most heap bytes (estimated by {@link HeapBytes}) that activities plus
 * replies (and, separately, messages and message groups) take; the oldest are evicted
 * first; at least 1MB
 */
@Validated
@ConfigurationProperties("cruddur.store")
public record StoreProperties(@DefaultValue("5000") @Min(1) @Max(10_000_000) int maxItems,
		@DefaultValue("8MB") DataSize maxBytes) {

	public StoreProperties {
		if (maxBytes.compareTo(DataSize.ofMegabytes(1)) < 0) {
			throw new IllegalArgumentException("cruddur.store.max-bytes must be at least 1MB, was " + maxBytes);
		}
	}

}
