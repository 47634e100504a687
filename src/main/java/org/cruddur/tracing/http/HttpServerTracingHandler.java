package org.cruddur.tracing.http;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.cruddur.tracing.RequestedTraceId;
import org.cruddur.tracing.Spans;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Makes the server span of each request straight with the OpenTelemetry API, from the
 * observation WebFlux makes for it (which also feeds the {@code http.server.requests}
 * timer). Micrometer's receiver handler would do the same through its tracing bridge: a
 * builder, span and context wrapper per request, a map of scopes per thread and baggage
 * lookups at every scope change. Differences from it, on purpose:
 * <ul>
 * <li>the request's method, path, scheme and host are on the span when it STARTS, so a
 * sampler can decide on them;</li>
 * <li>integer attributes ({@code http.response.status_code}, {@code server.port}) are
 * written as integers (Micrometer tags are strings);</li>
 * <li>a 5xx answer sets the ERROR status, also when an exception handler answered
 * it;</li>
 * <li>a trace id the request asked for (a load balancer's Root without a Parent) starts
 * the span when no parent was propagated.</li>
 * </ul>
 * The span also sits in Micrometer's {@link TracingObservationHandler.TracingContext}, so
 * an observation made inside the request (a WebClient call) finds it as its parent, as
 * with Micrometer's handler. A scope opened on the observation (a restore from the
 * Reactor context, {@code Spans}) makes the span current on that thread until it closes
 * there.
 */
public class HttpServerTracingHandler implements TracingObservationHandler<ServerRequestObservationContext> {

	/** Attributes written as integers (Micrometer hands every tag over as a string). */
	private static final Map<String, AttributeKey<Long>> INTEGER_KEYS = HttpServerAttributes.INTEGER_KEYS.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), AttributeKey::longKey));

	/** The convention's other keys. */
	private static final Map<String, AttributeKey<String>> STRING_KEYS = HttpServerAttributes.STRING_KEYS.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), AttributeKey::stringKey));

	private static final AttributeKey<String> METHOD = STRING_KEYS.get(HttpServerAttributes.METHOD);

	private static final AttributeKey<String> URL_PATH = STRING_KEYS.get(HttpServerAttributes.URL_PATH);

	private static final AttributeKey<String> URL_SCHEME = STRING_KEYS.get(HttpServerAttributes.URL_SCHEME);

	private static final AttributeKey<String> SERVER_ADDRESS = STRING_KEYS.get(HttpServerAttributes.SERVER_ADDRESS);

	private static final TextMapGetter<ServerHttpRequest> HEADERS = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(ServerHttpRequest request) {
			return request.getHeaders().headerNames();
		}

		@Override
		public String get(ServerHttpRequest request, String name) {
			return (request != null) ? request.getHeaders().getFirst(name) : null;
		}

	};

	/** More scopes than requests nest on one thread; see {@link #onScopeOpened}. */
	private static final int MAX_OPEN_SCOPES = 64;

	/** The scopes this handler opened on the current thread, the innermost first. */
	private static final ThreadLocal<ArrayDeque<OpenScope>> SCOPES = ThreadLocal.withInitial(ArrayDeque::new);

	private final io.opentelemetry.api.trace.Tracer tracer;

	private final TextMapPropagator propagator;

	private final Tracer micrometerTracer;

	private final List<InboundTraceId> inboundTraceIds;

	/**
	 * @param tracer makes the spans (Boot's, the same instrumentation scope as every
	 * other span)
	 * @param propagator reads the parent from the request's headers (W3C and X-Ray)
	 * @param micrometerTracer wraps the span for Micrometer's tracing context
	 * @param inboundTraceIds trace ids a request may ask for, first answer wins
	 */
	public HttpServerTracingHandler(io.opentelemetry.api.trace.Tracer tracer, TextMapPropagator propagator,
			Tracer micrometerTracer, List<InboundTraceId> inboundTraceIds) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.micrometerTracer = micrometerTracer;
		this.inboundTraceIds = List.copyOf(inboundTraceIds);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public Tracer getTracer() {
		return this.micrometerTracer;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		ServerHttpRequest request = context.getCarrier();
		// From the root: whatever the event loop thread has current is not this
		// request's parent.
		Context parent = this.propagator.extract(Context.root(), request, HEADERS);
		String method = HttpServerAttributes.method(request);
		SpanBuilder builder = this.tracer.spanBuilder(method)
			.setParent(parent)
			.setSpanKind(SpanKind.SERVER)
			.setAttribute(METHOD, method)
			.setAttribute(URL_PATH, HttpServerAttributes.path(request))
			.setAttribute(URL_SCHEME, HttpServerAttributes.scheme(request));
		String host = HttpServerAttributes.serverAddress(request);
		if (host != null) {
			builder.setAttribute(SERVER_ADDRESS, host);
		}
		Span span = start(builder, request);
		ServerSpan serverSpan = new ServerSpan(span, parent.with(span));
		context.put(ServerSpan.class, serverSpan);
		getTracingContext(context).setSpan(OtelSpan.fromOtel(span, serverSpan.context()));
	}

	/**
	 * Starts the span with a trace id the request asked for, when there is one; a parent
	 * from the propagators wins ({@link RequestedTraceId}).
	 */
	private Span start(SpanBuilder builder, ServerHttpRequest request) {
		String requested = requestedTraceId(request);
		if (requested == null) {
			return builder.startSpan();
		}
		try (Scope scope = RequestedTraceId.request(requested)) {
			return builder.startSpan();
		}
	}

	private String requestedTraceId(ServerHttpRequest request) {
		for (InboundTraceId inbound : this.inboundTraceIds) {
			String traceId = inbound.traceId(request);
			if (traceId != null) {
				return traceId;
			}
		}
		return null;
	}

	@Override
	public void onScopeOpened(ServerRequestObservationContext context) {
		ServerSpan serverSpan = context.get(ServerSpan.class);
		if (serverSpan == null) {
			return;
		}
		ArrayDeque<OpenScope> scopes = SCOPES.get();
		if (scopes.size() >= MAX_OPEN_SCOPES) {
			// Scopes opened and never closed on this thread (a defect elsewhere): the
			// oldest is let go of (closed, unless a foreign scope is current; see
			// unwind), so the thread does not hold its span for good.
			OpenScope oldest = scopes.peekLast();
			unwind(scopes, scopes.size(), (open) -> open != oldest);
		}
		scopes.push(new OpenScope(serverSpan, serverSpan.context().makeCurrent()));
	}

	/**
	 * Closes this thread's innermost scope of the observation: normally the innermost of
	 * all; should scopes of two observations close out of order, the one found deeper,
	 * with the other's scopes above it opened again, so the thread is left with what was
	 * current before either and holds neither for good.
	 */
	@Override
	public void onScopeClosed(ServerRequestObservationContext context) {
		closeScopes(context, false);
	}

	/**
	 * Closes every scope of the observation on this thread: Micrometer's reset of a scope
	 * ({@code Observation.Scope#reset}).
	 */
	@Override
	public void onScopeReset(ServerRequestObservationContext context) {
		closeScopes(context, true);
	}

	/**
	 * Closes the observation's scopes on this thread: all of them, or only the innermost.
	 */
	private static void closeScopes(ServerRequestObservationContext context, boolean all) {
		ServerSpan serverSpan = context.get(ServerSpan.class);
		ArrayDeque<OpenScope> scopes = SCOPES.get();
		OpenScope innermost = scopes.peek();
		if (innermost == null) {
			return;
		}
		if (!all && innermost.serverSpan() == serverSpan) {
			// Scopes closed in order: the usual case.
			scopes.pop();
			innermost.scope().close();
			return;
		}
		int count = 0;
		int index = 0;
		for (OpenScope open : scopes) {
			index++;
			if (open.serverSpan() == serverSpan) {
				count = index;
				if (!all) {
					break;
				}
			}
		}
		if (count > 0) {
			unwind(scopes, count, (open) -> open.serverSpan() != serverSpan);
		}
	}

	/**
	 * Closes the {@code count} innermost scopes, innermost first, and opens again, in
	 * their order, those {@code keep} accepts. OpenTelemetry's thread-local storage
	 * ignores the close of a scope that is not the current one, and restores, as a scope
	 * closes, what was current when it opened: a scope closed under another would stay,
	 * and the thread would hold its request after the other closed. Closed in order and
	 * reopened, the scopes leave the thread with what was current before the outermost.
	 * When a scope this handler did not open is current (a client span's, made inside the
	 * request), every close under it would be ignored: the scopes are then only let go
	 * of, as before.
	 */
	private static void unwind(ArrayDeque<OpenScope> scopes, int count, Predicate<OpenScope> keep) {
		if (Context.current() != scopes.peek().serverSpan().context()) {
			Iterator<OpenScope> iterator = scopes.iterator();
			for (int i = 0; i < count; i++) {
				if (!keep.test(iterator.next())) {
					iterator.remove();
				}
			}
			return;
		}
		ArrayDeque<ServerSpan> reopen = new ArrayDeque<>();
		for (int i = 0; i < count; i++) {
			OpenScope open = scopes.pop();
			open.scope().close();
			if (keep.test(open)) {
				reopen.push(open.serverSpan());
			}
		}
		for (ServerSpan serverSpan : reopen) {
			scopes.push(new OpenScope(serverSpan, serverSpan.context().makeCurrent()));
		}
	}

	@Override
	public void onEvent(Observation.Event event, ServerRequestObservationContext context) {
		Span span = spanOf(context);
		if (span == null) {
			return;
		}
		if (event.getWallTime() != 0) {
			span.addEvent(event.getContextualName(), event.getWallTime(), TimeUnit.MILLISECONDS);
		}
		else {
			span.addEvent(event.getContextualName());
		}
	}

	/**
	 * An exception fails the server span ({@link Spans#recordFailure}).
	 */
	@Override
	public void onError(ServerRequestObservationContext context) {
		Span span = spanOf(context);
		Throwable error = context.getError();
		if (span == null || error == null) {
			return;
		}
		Spans.recordFailure(span, error);
	}

	/**
	 * Writes the observation's key values as the span's attributes, with keys made once,
	 * names the span after its route, and ends it. A span that is not sampled records
	 * nothing, so it is only ended.
	 */
	@Override
	public void onStop(ServerRequestObservationContext context) {
		Span span = spanOf(context);
		if (span == null) {
			return;
		}
		if (span.isRecording()) {
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				setAttribute(span, keyValue);
			}
			for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
				setAttribute(span, keyValue);
			}
			if (isServerError(context) && context.getError() == null) {
				// OpenTelemetry's HTTP conventions: a 5xx fails the server span, also
				// when an exception handler answered it and the observation saw no
				// exception (with one, onError set the status and its message).
				span.setStatus(StatusCode.ERROR);
			}
			String name = (context.getContextualName() != null) ? context.getContextualName() : context.getName();
			if (name != null) {
				span.updateName(name);
			}
		}
		span.end();
	}

	/** How many of this handler's scopes are open on the calling thread (for tests). */
	static int openScopesOnThisThread() {
		return SCOPES.get().size();
	}

	/** The request's server span, or null before the handler started it. */
	private static Span spanOf(Observation.Context context) {
		ServerSpan serverSpan = context.get(ServerSpan.class);
		return (serverSpan != null) ? serverSpan.span() : null;
	}

	private static void setAttribute(Span span, KeyValue keyValue) {
		String key = keyValue.getKey();
		String value = keyValue.getValue();
		AttributeKey<Long> integerKey = INTEGER_KEYS.get(key);
		if (integerKey != null) {
			try {
				span.setAttribute(integerKey, Long.parseLong(value));
				return;
			}
			catch (NumberFormatException ex) {
				// not a number after all: kept as text below
			}
		}
		AttributeKey<String> stringKey = STRING_KEYS.get(key);
		span.setAttribute((stringKey != null) ? stringKey : AttributeKey.stringKey(key), value);
	}

	private static boolean isServerError(ServerRequestObservationContext context) {
		KeyValue status = context.getLowCardinalityKeyValue(HttpServerAttributes.STATUS_CODE);
		return status != null && status.getValue().length() == 3 && status.getValue().charAt(0) == '5';
	}

	/** The span, and the context that makes it current. */
	private record ServerSpan(Span span, Context context) {
	}

	private record OpenScope(ServerSpan serverSpan, Scope scope) {
	}

}
