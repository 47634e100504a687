package org.cruddur.tracing.http;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.cruddur.tracing.RequestedTraceId;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Creates the server span of each request, as Micrometer's handler does, with two
 * changes: the request's method, path, scheme and host are on the span when it STARTS (so
 * a sampler can decide on them; Micrometer adds tags only when the span ends), and
 * integer attributes ({@code http.response.status_code}, {@code server.port}) are written
 * as integers (Micrometer tags are strings; OpenTelemetry keeps a string and a long of
 * the same name as two attributes), and a 5xx response sets the ERROR status.
 */
public class HttpServerTracingHandler extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

	/** Attributes written as integers (Micrometer hands every tag over as a string). */
	private static final Map<String, AttributeKey<Long>> INTEGER_KEYS = HttpServerAttributes.INTEGER_KEYS.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), AttributeKey::longKey));

	/** The convention's other keys. */
	private static final Map<String, AttributeKey<String>> STRING_KEYS = HttpServerAttributes.STRING_KEYS.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), AttributeKey::stringKey));

	private final List<InboundTraceId> inboundTraceIds;

	public HttpServerTracingHandler(Tracer tracer, Propagator propagator, List<InboundTraceId> inboundTraceIds) {
		super(tracer, propagator);
		this.inboundTraceIds = List.copyOf(inboundTraceIds);
	}

	/**
	 * Starts the span with a trace id the request asked for (a load balancer's Root
	 * without a Parent), when there is one; a parent from the propagators wins.
	 */
	@Override
	public void onStart(ReceiverContext<?> context) {
		String requested = requestedTraceId(context);
		if (requested == null) {
			super.onStart(context);
			return;
		}
		try (Scope scope = RequestedTraceId.request(requested)) {
			super.onStart(context);
		}
	}

	private String requestedTraceId(ReceiverContext<?> context) {
		if (this.inboundTraceIds.isEmpty() || !(context instanceof ServerRequestObservationContext serverContext)) {
			return null;
		}
		for (InboundTraceId inbound : this.inboundTraceIds) {
			String traceId = inbound.traceId(serverContext.getCarrier());
			if (traceId != null) {
				return traceId;
			}
		}
		return null;
	}

	@Override
	public Span.Builder customizeExtractedSpan(ReceiverContext<?> context, Span.Builder builder) {
		if (context instanceof ServerRequestObservationContext serverContext) {
			ServerHttpRequest request = serverContext.getCarrier();
			String method = HttpServerAttributes.method(request);
			builder.name(method)
				.tag(HttpServerAttributes.METHOD, method)
				.tag(HttpServerAttributes.URL_PATH, HttpServerAttributes.path(request))
				.tag(HttpServerAttributes.URL_SCHEME, HttpServerAttributes.scheme(request));
			String host = HttpServerAttributes.serverAddress(request);
			if (host != null) {
				builder.tag(HttpServerAttributes.SERVER_ADDRESS, host);
			}
		}
		return builder;
	}

	/**
	 * Writes the observation's key values as the span's attributes, with keys made once
	 * (Micrometer's {@code span.tag} makes a new attribute key for every tag of every
	 * request). A span that is not sampled records nothing, so it is not tagged.
	 */
	@Override
	public void tagSpan(ReceiverContext<?> context, Span span) {
		if (span.isNoop()) {
			return;
		}
		io.opentelemetry.api.trace.Span otelSpan = OtelSpan.toOtel(span);
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			setAttribute(otelSpan, keyValue);
		}
		for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
			setAttribute(otelSpan, keyValue);
		}
		if (isServerError(context)) {
			// OpenTelemetry's HTTP conventions: a 5xx fails the server span, also when an
			// exception handler answered it and the observation saw no exception.
			otelSpan.setStatus(StatusCode.ERROR);
		}
	}

	private static void setAttribute(io.opentelemetry.api.trace.Span span, KeyValue keyValue) {
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

	private static boolean isServerError(ReceiverContext<?> context) {
		KeyValue status = context.getLowCardinalityKeyValue(HttpServerAttributes.STATUS_CODE);
		return status != null && status.getValue().length() == 3 && status.getValue().charAt(0) == '5';
	}

}
