package org.cruddur.tracing.http;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;

/**
 * Names and tags WebFlux server observations with the OpenTelemetry HTTP semantic
 * conventions (Spring 7.0 ships such a convention for Servlet only): spans are named
 * {@code GET /api/activities/@{handle}} (method and route template, never the raw path)
 * and carry {@code http.request.method}, {@code http.route},
 * {@code http.response.status_code}, {@code http.response.body.size}, {@code url.*},
 * {@code server.*}, {@code client.*}, {@code network.peer.*},
 * {@code network.protocol.version} and {@code user_agent.original}. A request no route
 * matched is named by its method alone.
 */
public class HttpServerObservationConvention implements ServerRequestObservationConvention {

	private static final String UNMATCHED = "/**";

	private final String name;

	/**
	 * @param name the metric name, e.g. {@code http.server.requests}
	 */
	public HttpServerObservationConvention(String name) {
		this.name = name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getContextualName(ServerRequestObservationContext context) {
		ServerHttpRequest request = context.getCarrier();
		String method = HttpServerAttributes.method(request);
		String route = route(context);
		return (route != null) ? method + " " + route : method;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		ServerHttpRequest request = context.getCarrier();
		KeyValues values = KeyValues.of(KeyValue.of(HttpServerAttributes.METHOD, HttpServerAttributes.method(request)),
				KeyValue.of(HttpServerAttributes.URL_SCHEME, HttpServerAttributes.scheme(request)));
		values = andIfPresent(values, HttpServerAttributes.PROTOCOL_VERSION,
				HttpServerAttributes.protocolVersion(request));
		String route = route(context);
		if (route != null) {
			values = values.and(HttpServerAttributes.ROUTE, route);
		}
		Integer status = status(context);
		if (status != null) {
			values = values.and(HttpServerAttributes.STATUS_CODE, Integer.toString(status));
		}
		String errorType = errorType(context, status);
		if (errorType != null) {
			values = values.and(HttpServerAttributes.ERROR_TYPE, errorType);
		}
		return values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		ServerHttpRequest request = context.getCarrier();
		KeyValues values = KeyValues.of(KeyValue.of(HttpServerAttributes.URL_PATH, HttpServerAttributes.path(request)),
				KeyValue.of(HttpServerAttributes.SERVER_PORT,
						Integer.toString(HttpServerAttributes.serverPort(request))));
		values = andIfPresent(values, HttpServerAttributes.SERVER_ADDRESS, HttpServerAttributes.serverAddress(request));
		values = andIfPresent(values, HttpServerAttributes.CLIENT_ADDRESS, HttpServerAttributes.clientAddress(request));
		values = andIfPositive(values, HttpServerAttributes.CLIENT_PORT, HttpServerAttributes.clientPort(request));
		values = andIfPresent(values, HttpServerAttributes.PEER_ADDRESS, HttpServerAttributes.peerAddress(request));
		values = andIfPositive(values, HttpServerAttributes.PEER_PORT, HttpServerAttributes.peerPort(request));
		values = andIfPresent(values, HttpServerAttributes.URL_QUERY, HttpServerAttributes.query(request));
		if (status(context) != null) {
			values = andIfPositive(values, HttpServerAttributes.RESPONSE_BODY_SIZE,
					HttpServerAttributes.responseBodySize(context.getResponse()));
		}
		return andIfPresent(values, HttpServerAttributes.USER_AGENT, HttpServerAttributes.userAgent(request));
	}

	/**
	 * The matched route template; none for a request no route matched (the static
	 * resource handler's catch-all {@code /**} names nothing the service serves).
	 */
	private static String route(ServerRequestObservationContext context) {
		String pattern = context.getPathPattern();
		return (pattern == null || UNMATCHED.equals(pattern)) ? null : pattern;
	}

	private static Integer status(ServerRequestObservationContext context) {
		ServerHttpResponse response = context.getResponse();
		if (context.isConnectionAborted() && (response == null || !response.isCommitted())) {
			return null;
		}
		return (response != null && response.getStatusCode() != null) ? response.getStatusCode().value() : null;
	}

	/**
	 * The exception's class, else the status code of a server error, as the conventions
	 * ask.
	 */
	private static String errorType(ServerRequestObservationContext context, Integer status) {
		if (context.getError() != null) {
			return context.getError().getClass().getName();
		}
		if (context.isConnectionAborted()) {
			return "connection_aborted";
		}
		return (status != null && status >= 500) ? Integer.toString(status) : null;
	}

	private static KeyValues andIfPositive(KeyValues values, String key, long value) {
		return (value >= 0) ? values.and(key, Long.toString(value)) : values;
	}

	private static KeyValues andIfPresent(KeyValues values, String key, String value) {
		return (value != null && !value.isEmpty()) ? values.and(key, value) : values;
	}

}
