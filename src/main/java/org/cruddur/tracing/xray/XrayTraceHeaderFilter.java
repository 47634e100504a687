package org.cruddur.tracing.xray;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers every traced request with {@code X-Amzn-Trace-Id: Root=<x-ray trace id>}, as
 * the X-Ray SDKs do, so a user can paste the id into the X-Ray console (or, without the
 * {@code 1-} and dashes, into Honeycomb).
 */
public class XrayTraceHeaderFilter implements WebFilter, Ordered {

	public static final String HEADER = "X-Amzn-Trace-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			String traceId = currentTraceId(exchange);
			if (traceId != null) {
				exchange.getResponse().getHeaders().set(HEADER, "Root=" + XrayTraceIds.toXray(traceId));
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private static String currentTraceId(ServerWebExchange exchange) {
		ServerRequestObservationContext context = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.orElse(null);
		TracingObservationHandler.TracingContext tracing = (context != null)
				? context.get(TracingObservationHandler.TracingContext.class) : null;
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span == null || span.isNoop()) {
			return null;
		}
		String traceId = span.context().traceId();
		return (traceId.length() == 32) ? traceId : null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
