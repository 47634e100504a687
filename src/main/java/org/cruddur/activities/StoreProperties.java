package org.cruddur.activities;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of the in-memory store.
 *
 * @param maxItems most activities plus replies (and, separately, messages and message
 * groups) kept; the oldest are evicted first
 * @param maxBytes most heap bytes (estimated by {@link HeapBytes}) that activities plus
 * replies (and, separately, messages and message groups) take; the oldest are evicted
 * first; at least 1MB
 */
@ConfigurationProperties("cruddur.store")
public record StoreProperties(@DefaultValue("5000") int maxItems, @DefaultValue("8MB") DataSize maxBytes) {

	public StoreProperties {
		PropertyChecks.between("cruddur.store.max-items", maxItems, 1, 10_000_000);
		PropertyChecks.atLeast("cruddur.store.max-bytes", maxBytes, DataSize.ofMegabytes(1));
	}

}
