package org.cruddur.tracing.http;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads a trace id that a request's upstream chose without naming a parent span (which
 * the propagators cannot carry): the server span of such a request starts a root span of
 * that trace.
 */
@FunctionalInterface
public interface InboundTraceId {

	/**
	 * The requested trace id (32 lower-case hex digits), or null when the request asks
	 * for none.
	 */
	String traceId(ServerHttpRequest request);

}
