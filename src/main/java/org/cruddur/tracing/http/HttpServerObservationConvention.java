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
 * {@code http.response.status_code}, {@code url.*}, {@code server.*},
 * {@code client.address} and {@code user_agent.original}.
 */
public class HttpServerObservationConvention implements ServerRequestObservationConvention {

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
		String route = context.getPathPattern();
		return (route != null) ? method + " " + route : method;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		ServerHttpRequest request = context.getCarrier();
		KeyValues values = KeyValues.of(KeyValue.of(HttpServerAttributes.METHOD, HttpServerAttributes.method(request)),
				KeyValue.of(HttpServerAttributes.URL_SCHEME, HttpServerAttributes.scheme(request)));
		String route = context.getPathPattern();
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
		return andIfPresent(values, HttpServerAttributes.USER_AGENT, HttpServerAttributes.userAgent(request));
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

	private static KeyValues andIfPresent(KeyValues values, String key, String value) {
		return (value != null && !value.isEmpty()) ? values.and(key, value) : values;
	}

}
