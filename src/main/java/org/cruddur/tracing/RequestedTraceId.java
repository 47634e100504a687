package org.cruddur.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * A trace id an upstream chose without a parent span: an AWS load balancer adds
 * {@code X-Amzn-Trace-Id: Root=...} (no {@code Parent}) and logs that Root, so the
 * request's trace must carry it while its server span stays a root span. OpenTelemetry
 * takes a new root's trace id from the {@link IdGenerator}, which sees no request: the id
 * is put in the current {@link Context} around the span's start, and
 * {@link #honouredBy(IdGenerator)} hands it out.
 */
public final class RequestedTraceId {

	private static final ContextKey<String> KEY = ContextKey.named("cruddur.requested-trace-id");

	private RequestedTraceId() {
	}

	/**
	 * Makes {@code traceId} (32 lower-case hex digits) the id of root spans started until
	 * the scope is closed.
	 */
	public static Scope request(String traceId) {
		return Context.current().with(KEY, traceId).makeCurrent();
	}

	/** An id generator that gives a requested trace id to a new root, else delegates. */
	public static IdGenerator honouredBy(IdGenerator delegate) {
		return new IdGenerator() {

			@Override
			public String generateSpanId() {
				return delegate.generateSpanId();
			}

			@Override
			public String generateTraceId() {
				String requested = Context.current().get(KEY);
				return (requested != null) ? requested : delegate.generateTraceId();
			}

			@Override
			public boolean generatesRandomTraceIds() {
				return delegate.generatesRandomTraceIds();
			}

		};
	}

}
