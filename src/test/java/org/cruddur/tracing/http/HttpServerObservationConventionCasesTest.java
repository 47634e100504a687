package org.cruddur.tracing.http;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Span names and tags of server observations, without a server. */
class HttpServerObservationConventionCasesTest {

	private final HttpServerObservationConvention convention = new HttpServerObservationConvention(
			"http.server.requests");

	@Test
	void aMatchedRequestIsNamedByMethodAndRouteAnUnmatchedOneByItsMethod() {
		assertThat(this.convention.getName()).isEqualTo("http.server.requests");
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/api/activities/@andrewbrown"),
				null);
		assertThat(this.convention.getContextualName(context)).isEqualTo("GET");
		context.setPathPattern("/**");
		assertThat(this.convention.getContextualName(context)).as("the static resources' catch-all").isEqualTo("GET");
		context.setPathPattern("/api/activities/@{handle}");
		assertThat(this.convention.getContextualName(context)).isEqualTo("GET /api/activities/@{handle}");
	}

	@Test
	void lowCardinalityTagsOfAnAnsweredRequest() {
		ServerRequestObservationContext context = context(MockServerHttpRequest.post("https://api.example/api/x"),
				HttpStatus.CREATED);
		context.setPathPattern("/api/x");
		assertThat(tags(this.convention.getLowCardinalityKeyValues(context)))
			.containsExactlyEntriesOf(new TreeMap<>(Map.of("http.request.method", "POST", "url.scheme", "https",
					"http.route", "/api/x", "http.response.status_code", "201")));
	}

	@Test
	void aServerErrorStatusOrAnExceptionOrAnAbortIsTheErrorType() {
		ServerRequestObservationContext fault = context(MockServerHttpRequest.get("/"), HttpStatus.BAD_GATEWAY);
		assertThat(tags(this.convention.getLowCardinalityKeyValues(fault))).containsEntry("error.type", "502")
			.containsEntry("http.response.status_code", "502");
		ServerRequestObservationContext clientError = context(MockServerHttpRequest.get("/"), HttpStatus.NOT_FOUND);
		assertThat(tags(this.convention.getLowCardinalityKeyValues(clientError))).doesNotContainKey("error.type");
		ServerRequestObservationContext edge = context(MockServerHttpRequest.get("/"), HttpStatusCode.valueOf(499));
		assertThat(tags(this.convention.getLowCardinalityKeyValues(edge))).doesNotContainKey("error.type");
		ServerRequestObservationContext lowest = context(MockServerHttpRequest.get("/"), HttpStatusCode.valueOf(500));
		assertThat(tags(this.convention.getLowCardinalityKeyValues(lowest))).containsEntry("error.type", "500");

		ServerRequestObservationContext failed = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		failed.setError(new IllegalStateException("boom"));
		assertThat(tags(this.convention.getLowCardinalityKeyValues(failed))).containsEntry("error.type",
				"java.lang.IllegalStateException");

		ServerRequestObservationContext aborted = context(MockServerHttpRequest.get("/"), null);
		aborted.setConnectionAborted(true);
		assertThat(tags(this.convention.getLowCardinalityKeyValues(aborted)))
			.containsEntry("error.type", "connection_aborted")
			.doesNotContainKey("http.response.status_code");
	}

	@Test
	void anAbortedRequestWhoseResponseWasCommittedKeepsItsStatus() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(HttpStatus.OK);
		response.setComplete().block();
		ServerRequestObservationContext context = new ServerRequestObservationContext(
				MockServerHttpRequest.get("/").build(), response, new HashMap<>());
		context.setConnectionAborted(true);
		assertThat(tags(this.convention.getLowCardinalityKeyValues(context)))
			.containsEntry("http.response.status_code", "200")
			.containsEntry("error.type", "connection_aborted");

		MockServerHttpResponse uncommitted = new MockServerHttpResponse();
		uncommitted.setStatusCode(HttpStatus.OK);
		ServerRequestObservationContext abortedEarly = new ServerRequestObservationContext(
				MockServerHttpRequest.get("/").build(), uncommitted, new HashMap<>());
		abortedEarly.setConnectionAborted(true);
		assertThat(tags(this.convention.getLowCardinalityKeyValues(abortedEarly)))
			.as("a status never sent is no status")
			.doesNotContainKey("http.response.status_code");

		ServerRequestObservationContext noResponse = new ServerRequestObservationContext(
				MockServerHttpRequest.get("/").build(), null, new HashMap<>());
		noResponse.setConnectionAborted(true);
		assertThat(tags(this.convention.getLowCardinalityKeyValues(noResponse)))
			.doesNotContainKey("http.response.status_code");
		assertThat(tags(this.convention.getHighCardinalityKeyValues(noResponse)))
			.doesNotContainKey("http.response.body.size");
	}

	@Test
	void theProtocolVersionIsTaggedWhenTheServerSaysIt() {
		ServerRequestObservationContext context = new ServerRequestObservationContext(
				HttpServerAttributesCasesTest.nettyRequest(HttpVersion.HTTP_1_1), new MockServerHttpResponse(),
				new HashMap<>());
		assertThat(tags(this.convention.getLowCardinalityKeyValues(context))).containsEntry("network.protocol.version",
				"1.1");
	}

	@Test
	void highCardinalityTagsOfAForwardedRequest() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentLength(184);
		ServerHttpRequest request = MockServerHttpRequest.get("http://api.example:4567/api/activities/search?term=x")
			.header("X-Forwarded-For", "203.0.113.9")
			.header("User-Agent", "curl/8")
			.remoteAddress(new InetSocketAddress("10.0.0.7", 51234))
			.build();
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response,
				new HashMap<>());
		assertThat(tags(this.convention.getHighCardinalityKeyValues(context)))
			.containsExactlyEntriesOf(new TreeMap<>(Map.of("url.path", "/api/activities/search", "server.port", "4567",
					"server.address", "api.example", "client.address", "203.0.113.9", "network.peer.address",
					"10.0.0.7", "network.peer.port", "51234", "url.query", "term=x", "http.response.body.size", "184",
					"user_agent.original", "curl/8")));
	}

	@Test
	void highCardinalityTagsLeaveOutWhatTheRequestDoesNotSay() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.getHeaders().setContentLength(0);
		ServerHttpRequest request = MockServerHttpRequest.get("/x")
			.header("User-Agent", "")
			.remoteAddress(new InetSocketAddress("10.0.0.7", 51234))
			.build();
		assertThat(tags(this.convention
			.getHighCardinalityKeyValues(new ServerRequestObservationContext(request, response, new HashMap<>()))))
			.containsExactlyEntriesOf(
					new TreeMap<>(Map.of("url.path", "/x", "server.port", "80", "client.address", "10.0.0.7",
							"client.port", "51234", "network.peer.address", "10.0.0.7", "network.peer.port", "51234")));

		response.setStatusCode(HttpStatus.NO_CONTENT);
		assertThat(tags(this.convention
			.getHighCardinalityKeyValues(new ServerRequestObservationContext(request, response, new HashMap<>()))))
			.as("a known length of 0 is a size")
			.containsEntry("http.response.body.size", "0");
	}

	private static ServerRequestObservationContext context(MockServerHttpRequest.BaseBuilder<?> request,
			HttpStatusCode status) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		if (status != null) {
			response.setStatusCode(status);
		}
		return new ServerRequestObservationContext(request.build(), response, new HashMap<>());
	}

	private static Map<String, String> tags(KeyValues values) {
		Map<String, String> tags = new TreeMap<>();
		for (KeyValue value : values) {
			tags.put(value.getKey(), value.getValue());
		}
		return tags;
	}

}
