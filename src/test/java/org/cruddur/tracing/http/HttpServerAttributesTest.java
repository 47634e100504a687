package org.cruddur.tracing.http;

import java.net.InetSocketAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The values {@link HttpServerAttributes} reads from a request, at their edges. */
class HttpServerAttributesTest {

	@Test
	void theServerPortDefaultsFromTheScheme() {
		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("https://cruddur.test/").build()))
			.isEqualTo(443);
		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("http://cruddur.test/").build()))
			.isEqualTo(80);
		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("http://cruddur.test:4567/").build()))
			.isEqualTo(4567);
		assertThat(HttpServerAttributes.scheme(MockServerHttpRequest.get("/api/health-check").build()))
			.isEqualTo("http");
	}

	@Test
	void theClientIsTheFirstForwardedAddressElseThePeer() {
		InetSocketAddress peer = new InetSocketAddress("192.0.2.10", 41234);
		ServerHttpRequest direct = MockServerHttpRequest.get("/").remoteAddress(peer).build();
		assertThat(HttpServerAttributes.clientAddress(direct)).isEqualTo("192.0.2.10");
		assertThat(HttpServerAttributes.clientPort(direct)).isEqualTo(41234);

		ServerHttpRequest forwarded = MockServerHttpRequest.get("/")
			.remoteAddress(peer)
			.header("X-Forwarded-For", "203.0.113.7, 198.51.100.1")
			.build();
		assertThat(HttpServerAttributes.clientAddress(forwarded)).isEqualTo("203.0.113.7");
		assertThat(HttpServerAttributes.clientPort(forwarded)).isEqualTo(-1);
		assertThat(HttpServerAttributes.peerAddress(forwarded)).isEqualTo("192.0.2.10");
		assertThat(HttpServerAttributes.peerPort(forwarded)).isEqualTo(41234);

		for (String blank : new String[] { "", "  ", " , 203.0.113.7" }) {
			ServerHttpRequest empty = MockServerHttpRequest.get("/")
				.remoteAddress(peer)
				.header("X-Forwarded-For", blank)
				.build();
			assertThat(HttpServerAttributes.clientAddress(empty)).as("X-Forwarded-For '%s'", blank)
				.isEqualTo("192.0.2.10");
			assertThat(HttpServerAttributes.clientPort(empty)).isEqualTo(41234);
		}
	}

	@Test
	void noPeerMeansNoPeerValues() {
		ServerHttpRequest request = MockServerHttpRequest.get("/").build();
		assertThat(HttpServerAttributes.peerAddress(request)).isNull();
		assertThat(HttpServerAttributes.peerPort(request)).isEqualTo(-1);
		assertThat(HttpServerAttributes.clientAddress(request)).isNull();
		assertThat(HttpServerAttributes.clientPort(request)).isEqualTo(-1);
		ServerHttpRequest unresolved = MockServerHttpRequest.get("/")
			.remoteAddress(InetSocketAddress.createUnresolved("proxy.internal", 8080))
			.build();
		assertThat(HttpServerAttributes.peerAddress(unresolved)).isEqualTo("proxy.internal");
	}

	@Test
	void theQueryIsRawAndAbsentWhenThereIsNone() {
		assertThat(HttpServerAttributes
			.query(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/activities/search?term=caf%C3%A9&x=1"))
				.build()))
			.isEqualTo("term=caf%C3%A9&x=1");
		assertThat(HttpServerAttributes.query(MockServerHttpRequest.get("/api/activities/search").build())).isNull();
	}

	@Test
	void aRequestWithoutAServerUnderneathHasNoProtocolVersion() {
		assertThat(HttpServerAttributes.protocolVersion(MockServerHttpRequest.get("/").build())).isNull();
	}

	@Test
	void theBodySizeIsKnownOnlyFromContentLength() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		assertThat(HttpServerAttributes.responseBodySize(response)).isEqualTo(-1);
		response.getHeaders().setContentLength(0);
		assertThat(HttpServerAttributes.responseBodySize(response)).isZero();
		assertThat(HttpServerAttributes.responseBodySize(null)).isEqualTo(-1);
	}

}
