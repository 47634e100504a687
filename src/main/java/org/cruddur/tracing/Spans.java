package org.cruddur.tracing;

import java.time.Instant;
import java.util.function.Function;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.cruddur.activities.Timestamps;

import org.springframework.stereotype.Component;

/**
 * Runs a piece of work in a child span of the current one (the request's server span, carried across thread hops by
 * Reactor's automatic context propagation). With tracing off the tracer is a no-op and this costs almost nothing.
 */
@Component
public class Spans {

	/** The attribute the seed's custom spans carry: the time the data was read, ISO-8601. */
	public static final String NOW = "app.now";

	/** The attribute the seed's custom spans carry: how many results the work produced (an integer). */
	public static final String RESULT_LENGTH = "app.result_length";

	private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter
		.ofPattern(Timestamps.PATTERN)
		.withZone(java.time.ZoneOffset.UTC);

	private final Tracer tracer;

	public Spans(Tracer tracer) {
		this.tracer = tracer;
	}

	/** Runs {@code work} inside a span named {@code name}; an exception marks the span as failed and is rethrown. */
	public <T> T inSpan(String name, Function<Span, T> work) {
		Span span = this.tracer.nextSpan().name(name).start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			return work.apply(span);
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/** Tags a span the way the seed's {@code home-activities-mock-data} span was tagged. */
	public static void tagResults(Span span, Instant now, int resultLength) {
		if (!span.isNoop()) {
			span.tag(NOW, ISO.format(now));
			span.tag(RESULT_LENGTH, (long) resultLength);
		}
	}

}
