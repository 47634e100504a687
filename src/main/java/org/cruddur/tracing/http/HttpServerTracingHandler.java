package org.cruddur.tracing.http;

import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
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

	@Override
	public void tagSpan(ReceiverContext<?> context, Span span) {
		io.opentelemetry.api.trace.Span otelSpan = span.isNoop() ? null : OtelSpan.toOtel(span);
		for (KeyValue keyValue : context.getAllKeyValues()) {
			String key = keyValue.getKey();
			if (otelSpan != null && HttpServerAttributes.INTEGER_KEYS.contains(key)) {
				setInteger(otelSpan, key, keyValue.getValue(), span);
			}
			else {
				span.tag(key, keyValue.getValue());
			}
		}
		if (otelSpan != null && isServerError(context)) {
			// OpenTelemetry's HTTP conventions: a 5xx fails the server span, also when an
			// exception handler answered it and the observation saw no exception.
			otelSpan.setStatus(StatusCode.ERROR);
		}
	}

	private static boolean isServerError(ReceiverContext<?> context) {
		KeyValue status = context.getLowCardinalityKeyValue(HttpServerAttributes.STATUS_CODE);
		return status != null && status.getValue().length() == 3 && status.getValue().charAt(0) == '5';
	}

	private static void setInteger(io.opentelemetry.api.trace.Span otelSpan, String key, String value, Span span) {
		try {
			otelSpan.setAttribute(key, Long.parseLong(value));
		}
		catch (NumberFormatException ex) {
			span.tag(key, value);
		}
	}

}
