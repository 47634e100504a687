package org.cruddur.tracing.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names and OpenTelemetry HTTP attributes of server spans, from mock requests: no
 * server, no Spring context.
 */
class HttpServerObservationConventionTest {

	/** A peer on a documentation network (RFC 5737); never contacted. */
	private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 41234);

	private final HttpServerObservationConvention convention = new HttpServerObservationConvention(
			"http.server.requests");

	@Test
	void aSearchIsNamedByItsRouteAndKeepsItsQuery() {
		ServerRequestObservationContext context = context(MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("http://api.cruddur.test:4567/api/activities/search?term=hello%20world"))
			.remoteAddress(PEER)
			.header("User-Agent", "curl/8.5.0"), "/api/activities/search", HttpStatus.OK);

		assertThat(this.convention.getName()).isEqualTo("http.server.requests");
		assertThat(this.convention.getContextualName(context)).isEqualTo("GET /api/activities/search");
		assertThat(low(context)).containsExactlyInAnyOrderEntriesOf(Map.of("http.request.method", "GET", "url.scheme",
				"http", "http.route", "/api/activities/search", "http.response.status_code", "200"));
		assertThat(high(context)).containsExactlyInAnyOrderEntriesOf(Map.of("url.path", "/api/activities/search",
				"url.query", "term=hello%20world", "server.address", "api.cruddur.test", "server.port", "4567",
				"client.address", "192.0.2.10", "client.port", "41234", "network.peer.address", "192.0.2.10",
				"network.peer.port", "41234", "user_agent.original", "curl/8.5.0"));
	}

	@Test
	void whenTheObservationStopsOnlyTheAnswersValuesAreComputedAgain() {
		ServerRequestObservationContext context = context(MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("http://api.cruddur.test:4567/api/activities/search?term=x"))
			.remoteAddress(PEER)
			.header("User-Agent", "curl/8.5.0"), "/api/activities/search", HttpStatus.OK);
		// What an Observation does when it starts: the context keeps the values.
		context.addLowCardinalityKeyValues(this.convention.getLowCardinalityKeyValues(context));
		context.addHighCardinalityKeyValues(this.convention.getHighCardinalityKeyValues(context));

		assertThat(low(context)).as("when it stops")
			.containsExactlyInAnyOrderEntriesOf(
					Map.of("http.route", "/api/activities/search", "http.response.status_code", "200"));
		assertThat(high(context)).as("when it stops").isEmpty();
		assertThat(context.getHighCardinalityKeyValue("url.query").getValue()).isEqualTo("term=x");
		assertThat(context.getLowCardinalityKeyValue("http.request.method").getValue()).isEqualTo("GET");
	}

	@Test
	void aRequestWithoutAQueryHasNoUrlQuery() {
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/api/activities/home"),
				"/api/activities/home", HttpStatus.OK);
		assertThat(high(context)).doesNotContainKey("url.query").containsEntry("server.port", "80");
	}

	@Test
	void aForwardedClientHasNoPortButThePeerKeepsIts() {
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/api/activities/home")
			.remoteAddress(PEER)
			.header("X-Forwarded-For", " 203.0.113.7 , 10.0.0.1"), "/api/activities/home", HttpStatus.OK);
		assertThat(high(context)).containsEntry("client.address", "203.0.113.7")
			.doesNotContainKey("client.port")
			.containsEntry("network.peer.address", "192.0.2.10")
			.containsEntry("network.peer.port", "41234");
	}

	@Test
	void theResponseBodySizeWhenContentLengthIsKnown() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentLength(16);
		ServerRequestObservationContext context = new ServerRequestObservationContext(
				MockServerHttpRequest.get("/api/health-check").build(), response, Map.of());
		context.setPathPattern("/api/health-check");
		assertThat(high(context)).containsEntry("http.response.body.size", "16");

		ServerRequestObservationContext unknown = context(MockServerHttpRequest.get("/api/activities/home"),
				"/api/activities/home", HttpStatus.OK);
		assertThat(high(unknown)).doesNotContainKey("http.response.body.size");
	}

	@Test
	void anUnmatchedRequestIsNamedByItsMethodAloneWithoutARoute() {
		for (String pattern : new String[] { "/**", null }) {
			ServerRequestObservationContext context = context(MockServerHttpRequest.get("/wp-login.php"), pattern,
					HttpStatus.NOT_FOUND);
			assertThat(this.convention.getContextualName(context)).as("pattern %s", pattern).isEqualTo("GET");
			assertThat(low(context)).as("pattern %s", pattern)
				.doesNotContainKey("http.route")
				.doesNotContainKey("error.type")
				.containsEntry("http.response.status_code", "404");
			assertThat(high(context)).containsEntry("url.path", "/wp-login.php");
		}
	}

	@Test
	void aMethodOutsideTheStandardIsOther() {
		ServerRequestObservationContext context = context(
				MockServerHttpRequest.method(HttpMethod.valueOf("PURGE"), "/api/activities/home"),
				"/api/activities/home", HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(this.convention.getContextualName(context)).isEqualTo("_OTHER /api/activities/home");
		assertThat(low(context)).containsEntry("http.request.method", "_OTHER");
	}

	@Test
	void errorTypeNamesTheExceptionElseAServerErrorStatus() {
		ServerRequestObservationContext failed = context(MockServerHttpRequest.get("/api/activities/home"),
				"/api/activities/home", HttpStatus.INTERNAL_SERVER_ERROR);
		failed.setError(new IllegalStateException("store down"));
		assertThat(low(failed)).containsEntry("error.type", "java.lang.IllegalStateException")
			.containsEntry("http.response.status_code", "500");

		ServerRequestObservationContext unavailable = context(MockServerHttpRequest.get("/api/activities/home"),
				"/api/activities/home", HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(low(unavailable)).containsEntry("error.type", "503");

		ServerRequestObservationContext clientError = context(
				MockServerHttpRequest.get("/api/activities/00000000-0000-4000-8000-000000000000"),
				"/api/activities/{activity_uuid}", HttpStatus.NOT_FOUND);
		assertThat(low(clientError)).doesNotContainKey("error.type").containsEntry("http.response.status_code", "404");
	}

	@Test
	void anAbortedConnectionHasNoStatusNorBodySize() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentLength(16);
		ServerRequestObservationContext context = new ServerRequestObservationContext(
				MockServerHttpRequest.get("/api/activities/home").build(), response, Map.of());
		context.setPathPattern("/api/activities/home");
		context.setConnectionAborted(true);
		assertThat(low(context)).doesNotContainKey("http.response.status_code")
			.containsEntry("error.type", "connection_aborted");
		assertThat(high(context)).doesNotContainKey("http.response.body.size");
	}

	@Test
	void theProtocolVersionIsLeftOutWhenTheServerDoesNotTellIt() {
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/api/activities/home"),
				"/api/activities/home", HttpStatus.OK);
		assertThat(low(context)).doesNotContainKey("network.protocol.version");
	}

	private static ServerRequestObservationContext context(MockServerHttpRequest.BaseBuilder<?> request, String pattern,
			HttpStatus status) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(status);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request.build(), response,
				Map.of());
		context.setPathPattern(pattern);
		return context;
	}

	private Map<String, String> low(ServerRequestObservationContext context) {
		return asMap(this.convention.getLowCardinalityKeyValues(context));
	}

	private Map<String, String> high(ServerRequestObservationContext context) {
		return asMap(this.convention.getHighCardinalityKeyValues(context));
	}

	private static Map<String, String> asMap(KeyValues values) {
		Map<String, String> map = new TreeMap<>();
		for (KeyValue value : values) {
			assertThat(map.put(value.getKey(), value.getValue())).as("duplicate %s", value.getKey()).isNull();
		}
		return map;
	}

}
