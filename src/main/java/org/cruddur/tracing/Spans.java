package org.cruddur.tracing;

import java.util.concurrent.Callable;
import java.util.function.Function;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.web.ErrorResponse;

/**
 * Runs a piece of work in a child span of the current one (the request's server span,
 * restored from the Reactor context). The spans are made with the OpenTelemetry API, as
 * the server span is ({@code HttpServerTracingHandler}): Micrometer's bridge would copy
 * every span's data at its end only to set a status of OK, which OpenTelemetry's
 * conventions leave to the application. With tracing off the tracer is a no-op and this
 * costs almost nothing.
 */
public class Spans {

	/**
	 * The attribute the seed's custom spans carry: the time the data was read, ISO-8601.
	 */
	public static final AttributeKey<String> NOW = AttributeKey.stringKey("app.now");

	/**
	 * The attribute the seed's custom spans carry: how many results the work produced (an
	 * integer).
	 */
	public static final AttributeKey<Long> RESULT_LENGTH = AttributeKey.longKey("app.result_length");

	/**
	 * The handle of the user whose feed or conversation a span reads, or who receives the
	 * message it sends.
	 */
	public static final AttributeKey<String> USER_HANDLE = AttributeKey.stringKey("app.user_handle");

	/**
	 * The activity a span reads, creates or replies to.
	 */
	public static final AttributeKey<String> ACTIVITY_UUID = AttributeKey.stringKey("app.activity_uuid");

	/**
	 * Restores the request's observation (span, MDC) from the Reactor context onto the
	 * thread that runs the work.
	 */
	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private final Tracer tracer;

	private final Scheduler scheduler;

	/**
	 * @param tracer makes the child spans (Boot's, the server span's instrumentation
	 * scope; a no-op one with tracing off)
	 * @param storeScheduler runs the store's work ({@link #onStore})
	 */
	public Spans(Tracer tracer, Scheduler storeScheduler) {
		this.tracer = tracer;
		this.scheduler = storeScheduler;
	}

	/**
	 * Runs store work (a repository call) on the store scheduler, with the request's span
	 * current there, so spans made inside are its children and log lines carry its ids,
	 * whatever {@code spring.reactor.context-propagation} says.
	 */
	public <T> Mono<T> onStore(Callable<T> work) {
		return withRequestContext(work).subscribeOn(this.scheduler);
	}

	/**
	 * Runs {@code work} on the subscribing thread with the request's span current (for
	 * log lines on the event loop, and for {@link #onStore}).
	 */
	public static <T> Mono<T> withRequestContext(Callable<T> work) {
		return Mono.deferContextual((context) -> {
			try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
				return Mono.justOrEmpty(work.call());
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
		});
	}

	/**
	 * Runs {@code work} inside a span named {@code name}, current while it runs (log
	 * lines carry its id); an exception is rethrown. An unexpected exception (or a 5xx
	 * one) marks the span as failed (ERROR status with the exception's message, exception
	 * event: a fault in X-Ray); a client error (an {@link ErrorResponse} with a 4xx
	 * status, such as an unknown activity) is the caller's, not the service's: the span
	 * only names it in {@code error.type}. Work that succeeds leaves the status unset, as
	 * on the server span. Inside a span that is not sampled the work runs without a span
	 * of its own (it is handed an invalid span, which records nothing).
	 */
	public <T> T inSpan(String name, Function<Span, T> work) {
		Span current = Span.current();
		if (current.getSpanContext().isValid() && !current.isRecording()) {
			// The request's span is not sampled, so no child of it would be recorded: the
			// work runs in the request's span (its ids stay on log lines) and costs no
			// span.
			return work.apply(Span.getInvalid());
		}
		Span span = this.tracer.spanBuilder(name).startSpan();
		try (Scope scope = span.makeCurrent()) {
			return work.apply(span);
		}
		catch (RuntimeException ex) {
			if (isClientError(ex)) {
				span.setAttribute(ErrorAttributes.ERROR_TYPE, ex.getClass().getName());
			}
			else {
				recordFailure(span, ex);
			}
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/**
	 * Marks a span as failed by {@code error}, as Micrometer's bridge did: an exception
	 * event and the ERROR status with the exception's message (a fault in X-Ray). The one
	 * way this service fails a span, server or child.
	 */
	public static void recordFailure(Span span, Throwable error) {
		span.recordException(error);
		if (error.getMessage() != null) {
			span.setStatus(StatusCode.ERROR, error.getMessage());
		}
		else {
			span.setStatus(StatusCode.ERROR);
		}
	}

	private static boolean isClientError(RuntimeException ex) {
		return ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError();
	}

	/**
	 * Tags a span the way the seed's {@code home-activities-mock-data} span was tagged.
	 * @param now when the data was read, formatted as the API formats times
	 */
	public static void tagResults(Span span, String now, int resultLength) {
		if (span.isRecording()) {
			span.setAttribute(NOW, now);
			span.setAttribute(RESULT_LENGTH, (long) resultLength);
		}
	}

}
