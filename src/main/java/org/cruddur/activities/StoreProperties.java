package org.cruddur.activities;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the in-memory store.
 *
 * @param maxItems most activities plus replies (and, separately, messages) kept; the
 * oldest are evicted first
 */
@Validated
@ConfigurationProperties("cruddur.store")
public record StoreProperties(@DefaultValue("5000") @Min(1) @Max(10_000_000) int maxItems) {
}
