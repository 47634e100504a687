package org.cruddur.tracing.xray.otlp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * One kind of failure logged at WARN at most once per interval; the next line says how
 * many were not logged. Thread-safe.
 */
final class RateLimitedLog {

	private final Logger logger;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong lastLoggedNanos;

	private final LongAdder notLogged = new LongAdder();

	RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoClock) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
		this.lastLoggedNanos = new AtomicLong(nanoClock.getAsLong() - this.intervalNanos);
	}

	/**
	 * Logs {@code message} (an SLF4J pattern) unless a line was logged within the
	 * interval.
	 */
	void warn(String message, Object... arguments) {
		long now = this.nanoClock.getAsLong();
		long last = this.lastLoggedNanos.get();
		if (now - last < this.intervalNanos || !this.lastLoggedNanos.compareAndSet(last, now)) {
			this.notLogged.increment();
			return;
		}
		long skipped = this.notLogged.sumThenReset();
		this.logger.warn(message + ((skipped > 0) ? " (" + skipped + " more not logged)" : ""), arguments);
	}

}
