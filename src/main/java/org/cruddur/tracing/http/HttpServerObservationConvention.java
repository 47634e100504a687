package org.cruddur.tracing.http;

import java.util.ArrayList;
import java.util.List;

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

	/**
	 * Called when the observation starts and again when it stops; the context keeps what
	 * the first call returned, so the request's values are computed once and the second
	 * call adds only what the answer decided.
	 */
	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		List<KeyValue> values = new ArrayList<>(6);
		if (context.getLowCardinalityKeyValue(HttpServerAttributes.METHOD) == null) {
			ServerHttpRequest request = context.getCarrier();
			values.add(KeyValue.of(HttpServerAttributes.METHOD, HttpServerAttributes.method(request)));
			values.add(KeyValue.of(HttpServerAttributes.URL_SCHEME, HttpServerAttributes.scheme(request)));
			addIfPresent(values, HttpServerAttributes.PROTOCOL_VERSION, HttpServerAttributes.protocolVersion(request));
		}
		String route = route(context);
		if (route != null) {
			values.add(KeyValue.of(HttpServerAttributes.ROUTE, route));
		}
		Integer status = status(context);
		if (status != null) {
			values.add(KeyValue.of(HttpServerAttributes.STATUS_CODE, Integer.toString(status)));
		}
		String errorType = errorType(context, status);
		if (errorType != null) {
			values.add(KeyValue.of(HttpServerAttributes.ERROR_TYPE, errorType));
		}
		return KeyValues.of(values);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		List<KeyValue> values = new ArrayList<>(10);
		if (context.getHighCardinalityKeyValue(HttpServerAttributes.URL_PATH) == null) {
			ServerHttpRequest request = context.getCarrier();
			values.add(KeyValue.of(HttpServerAttributes.URL_PATH, HttpServerAttributes.path(request)));
			values.add(KeyValue.of(HttpServerAttributes.SERVER_PORT,
					Integer.toString(HttpServerAttributes.serverPort(request))));
			addIfPresent(values, HttpServerAttributes.SERVER_ADDRESS, HttpServerAttributes.serverAddress(request));
			addIfPresent(values, HttpServerAttributes.CLIENT_ADDRESS, HttpServerAttributes.clientAddress(request));
			addIfPositive(values, HttpServerAttributes.CLIENT_PORT, HttpServerAttributes.clientPort(request));
			addIfPresent(values, HttpServerAttributes.PEER_ADDRESS, HttpServerAttributes.peerAddress(request));
			addIfPositive(values, HttpServerAttributes.PEER_PORT, HttpServerAttributes.peerPort(request));
			addIfPresent(values, HttpServerAttributes.URL_QUERY, HttpServerAttributes.query(request));
			addIfPresent(values, HttpServerAttributes.USER_AGENT, HttpServerAttributes.userAgent(request));
		}
		if (status(context) != null) {
			addIfPositive(values, HttpServerAttributes.RESPONSE_BODY_SIZE,
					HttpServerAttributes.responseBodySize(context.getResponse()));
		}
		return KeyValues.of(values);
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

	private static void addIfPositive(List<KeyValue> values, String key, long value) {
		if (value >= 0) {
			values.add(KeyValue.of(key, Long.toString(value)));
		}
	}

	private static void addIfPresent(List<KeyValue> values, String key, String value) {
		if (value != null && !value.isEmpty()) {
			values.add(KeyValue.of(key, value));
		}
	}

}
