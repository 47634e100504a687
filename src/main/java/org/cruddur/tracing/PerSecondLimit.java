package org.cruddur.tracing;

import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.sdk.common.Clock;

/**
 * Grants the first {@code perSecond} requests of each clock second and refuses the rest:
 * an X-Ray rule's reservoir, the cap on forced traces. Lock-free.
 */
public final class PerSecondLimit {

	private static final int USED_BITS = 24;

	private static final long NONE_YET = Long.MIN_VALUE;

	private final int perSecond;

	private final Clock clock;

	/** The current second and how many it has granted, packed: (second << 24) | used. */
	private final AtomicLong window = new AtomicLong(NONE_YET);

	public PerSecondLimit(int perSecond, Clock clock) {
		this.perSecond = Math.min(Math.max(perSecond, 0), (1 << USED_BITS) - 1);
		this.clock = clock;
	}

	public int perSecond() {
		return this.perSecond;
	}

	/** Whether one more is granted in the current second. */
	public boolean tryAcquire() {
		if (this.perSecond == 0) {
			return false;
		}
		long second = Math.floorDiv(this.clock.nanoTime(), 1_000_000_000L);
		while (true) {
			long state = this.window.get();
			long next;
			if (state == NONE_YET || (state >> USED_BITS) != second) {
				next = (second << USED_BITS) | 1;
			}
			else if ((state & ((1 << USED_BITS) - 1)) < this.perSecond) {
				next = state + 1;
			}
			else {
				return false;
			}
			if (this.window.compareAndSet(state, next)) {
				return true;
			}
		}
	}

}
