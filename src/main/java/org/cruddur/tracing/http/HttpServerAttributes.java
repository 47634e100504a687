package org.cruddur.tracing.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;

import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import org.cruddur.tracing.IncubatingAttributes;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The OpenTelemetry HTTP server semantic-convention values of a request (keys from
 * {@code opentelemetry-semconv}), read from the request. Shared by the observation
 * convention (names and tags) and the tracing handler (the attributes a sampler sees at
 * span start).
 */
public final class HttpServerAttributes {

	public static final String METHOD = HttpAttributes.HTTP_REQUEST_METHOD.getKey();

	public static final String ROUTE = HttpAttributes.HTTP_ROUTE.getKey();

	public static final String STATUS_CODE = HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey();

	public static final String ERROR_TYPE = ErrorAttributes.ERROR_TYPE.getKey();

	public static final String URL_PATH = UrlAttributes.URL_PATH.getKey();

	public static final String URL_SCHEME = UrlAttributes.URL_SCHEME.getKey();

	public static final String SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS.getKey();

	public static final String SERVER_PORT = ServerAttributes.SERVER_PORT.getKey();

	public static final String CLIENT_ADDRESS = ClientAttributes.CLIENT_ADDRESS.getKey();

	public static final String CLIENT_PORT = ClientAttributes.CLIENT_PORT.getKey();

	public static final String PEER_ADDRESS = NetworkAttributes.NETWORK_PEER_ADDRESS.getKey();

	public static final String PEER_PORT = NetworkAttributes.NETWORK_PEER_PORT.getKey();

	public static final String PROTOCOL_VERSION = NetworkAttributes.NETWORK_PROTOCOL_VERSION.getKey();

	public static final String URL_QUERY = UrlAttributes.URL_QUERY.getKey();

	public static final String RESPONSE_BODY_SIZE = IncubatingAttributes.HTTP_RESPONSE_BODY_SIZE.getKey();

	public static final String USER_AGENT = UserAgentAttributes.USER_AGENT_ORIGINAL.getKey();

	/**
	 * Attributes whose values are integers on the wire (Micrometer hands every tag over
	 * as a string).
	 */
	public static final Set<String> INTEGER_KEYS = Set.of(STATUS_CODE, SERVER_PORT, CLIENT_PORT, PEER_PORT,
			RESPONSE_BODY_SIZE);

	/** The other attributes of the convention, whose values are text. */
	public static final Set<String> STRING_KEYS = Set.of(METHOD, ROUTE, ERROR_TYPE, URL_PATH, URL_SCHEME,
			SERVER_ADDRESS, CLIENT_ADDRESS, PEER_ADDRESS, PROTOCOL_VERSION, URL_QUERY, USER_AGENT);

	private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.values());

	private HttpServerAttributes() {
	}

	/**
	 * The method, or {@code _OTHER} for a method outside the HTTP standard (as the
	 * conventions say).
	 */
	public static String method(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		return KNOWN_METHODS.contains(method) ? method.name() : "_OTHER";
	}

	public static String scheme(ServerHttpRequest request) {
		String scheme = request.getURI().getScheme();
		return (scheme != null) ? scheme : "http";
	}

	public static String path(ServerHttpRequest request) {
		return request.getPath().value();
	}

	/** The host the client asked for (the {@code Host} header), or null. */
	public static String serverAddress(ServerHttpRequest request) {
		return request.getURI().getHost();
	}

	/**
	 * The port the client asked for, defaulted from the scheme when the {@code Host}
	 * header has none.
	 */
	public static int serverPort(ServerHttpRequest request) {
		URI uri = request.getURI();
		if (uri.getPort() > 0) {
			return uri.getPort();
		}
		return "https".equals(uri.getScheme()) ? 443 : 80;
	}

	/**
	 * The original client: the first {@code X-Forwarded-For} entry (behind a load
	 * balancer), else the peer.
	 */
	public static String clientAddress(ServerHttpRequest request) {
		String forwardedFor = forwardedFor(request);
		return (forwardedFor != null) ? forwardedFor : peerAddress(request);
	}

	/**
	 * The client's port: the peer's, unless the client is named by a forwarding header.
	 */
	public static int clientPort(ServerHttpRequest request) {
		return (forwardedFor(request) != null) ? -1 : peerPort(request);
	}

	/** The address of the connection's other end (a load balancer, or the client). */
	public static String peerAddress(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return null;
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	public static int peerPort(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getPort() > 0) ? remote.getPort() : -1;
	}

	/** The raw query string (what a search asked for), or null. */
	public static String query(ServerHttpRequest request) {
		return request.getURI().getRawQuery();
	}

	/**
	 * The HTTP version, {@code 1.1} or {@code 2}, when the server tells it (Reactor
	 * Netty); null otherwise.
	 */
	public static String protocolVersion(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalStateException ex) {
			// A request without a server underneath (WebTestClient bound to the
			// application, MockServerHttpRequest) has no native request.
			return null;
		}
		if (nativeRequest instanceof HttpServerRequest netty) {
			String text = netty.version().text();
			return switch (text) {
				case "HTTP/1.1" -> "1.1";
				case "HTTP/1.0" -> "1.0";
				default -> text.startsWith("HTTP/") ? text.substring(5) : text;
			};
		}
		return null;
	}

	/** The response body's length when it is known before it is written, else -1. */
	public static long responseBodySize(ServerHttpResponse response) {
		return (response != null) ? response.getHeaders().getContentLength() : -1;
	}

	private static String forwardedFor(ServerHttpRequest request) {
		String forwardedFor = request.getHeaders().getFirst("X-Forwarded-For");
		if (forwardedFor == null || forwardedFor.isBlank()) {
			return null;
		}
		int comma = forwardedFor.indexOf(',');
		String first = ((comma >= 0) ? forwardedFor.substring(0, comma) : forwardedFor).strip();
		return first.isEmpty() ? null : first;
	}

	public static String userAgent(ServerHttpRequest request) {
		return request.getHeaders().getFirst("User-Agent");
	}

}
