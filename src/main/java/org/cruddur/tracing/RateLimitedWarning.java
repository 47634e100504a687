package org.cruddur.tracing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * One kind of failure, logged at WARN at most once per interval: a dead daemon, a broken
 * span or a refusing endpoint costs one line per interval, not one per span. The next
 * line that is logged says how many were not. Thread-safe.
 */
public final class RateLimitedWarning {

	private final Logger logger;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong lastLoggedNanos;

	private final LongAdder notLogged = new LongAdder();

	public RateLimitedWarning(Logger logger, Duration interval, LongSupplier nanoClock) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
		this.lastLoggedNanos = new AtomicLong(nanoClock.getAsLong() - this.intervalNanos);
	}

	/**
	 * Logs {@code message} (an SLF4J pattern) unless a warning was logged within the
	 * interval.
	 */
	public void warn(String message, Object... arguments) {
		long now = this.nanoClock.getAsLong();
		long last = this.lastLoggedNanos.get();
		if (now - last < this.intervalNanos || !this.lastLoggedNanos.compareAndSet(last, now)) {
			this.notLogged.increment();
			return;
		}
		long skipped = this.notLogged.sumThenReset();
		this.logger.warn(message + ((skipped > 0) ? " (" + skipped + " similar failures not logged)" : ""), arguments);
	}

}
