package org.cruddur.tracing.http;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;

import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.http.HttpCookie;

import static org.assertj.core.api.Assertions.assertThat;

/** The semantic-convention values read from a request, without a server. */
class HttpServerAttributesCasesTest {

	private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.7", 51234);

	@Test
	void theMethodIsOneOfTheStandardOnesOrOther() {
		assertThat(HttpServerAttributes.method(MockServerHttpRequest.get("/").build())).isEqualTo("GET");
		assertThat(HttpServerAttributes.method(MockServerHttpRequest.method(HttpMethod.PATCH, "/").build()))
			.isEqualTo("PATCH");
		assertThat(HttpServerAttributes.method(MockServerHttpRequest.method(HttpMethod.valueOf("PURGE"), "/").build()))
			.isEqualTo("_OTHER");
	}

	@Test
	void schemeHostAndPortComeFromTheUrlTheClientAskedFor() {
		ServerHttpRequest explicit = MockServerHttpRequest
			.method(HttpMethod.GET, java.net.URI.create("https://api.example:8443/api/x?a=%20b&c"))
			.build();
		assertThat(HttpServerAttributes.scheme(explicit)).isEqualTo("https");
		assertThat(HttpServerAttributes.serverAddress(explicit)).isEqualTo("api.example");
		assertThat(HttpServerAttributes.serverPort(explicit)).isEqualTo(8443);
		assertThat(HttpServerAttributes.path(explicit)).isEqualTo("/api/x");
		assertThat(HttpServerAttributes.query(explicit)).as("raw").isEqualTo("a=%20b&c");

		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("https://api.example/").build()))
			.isEqualTo(443);
		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("http://api.example/").build()))
			.isEqualTo(80);
		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("http://api.example:1/").build()))
			.isEqualTo(1);
		assertThat(HttpServerAttributes.serverPort(MockServerHttpRequest.get("http://api.example:0/").build()))
			.as("no port")
			.isEqualTo(80);

		ServerHttpRequest relative = MockServerHttpRequest.get("/only/path").build();
		assertThat(HttpServerAttributes.scheme(relative)).isEqualTo("http");
		assertThat(HttpServerAttributes.serverAddress(relative)).isNull();
		assertThat(HttpServerAttributes.serverPort(relative)).isEqualTo(80);
		assertThat(HttpServerAttributes.query(relative)).isNull();
	}

	@Test
	void theClientIsTheFirstForwardedAddressElseThePeer() {
		ServerHttpRequest forwarded = MockServerHttpRequest.get("/")
			.header("X-Forwarded-For", " 203.0.113.9 , 10.0.0.1")
			.remoteAddress(PEER)
			.build();
		assertThat(HttpServerAttributes.clientAddress(forwarded)).isEqualTo("203.0.113.9");
		assertThat(HttpServerAttributes.clientPort(forwarded)).as("the client's port is unknown").isEqualTo(-1);
		assertThat(HttpServerAttributes.peerAddress(forwarded)).isEqualTo("10.0.0.7");
		assertThat(HttpServerAttributes.peerPort(forwarded)).isEqualTo(51234);

		ServerHttpRequest single = MockServerHttpRequest.get("/").header("X-Forwarded-For", "203.0.113.9").build();
		assertThat(HttpServerAttributes.clientAddress(single)).isEqualTo("203.0.113.9");

		for (String useless : new String[] { " ", ", 10.0.0.1" }) {
			ServerHttpRequest request = MockServerHttpRequest.get("/")
				.header("X-Forwarded-For", useless)
				.remoteAddress(PEER)
				.build();
			assertThat(HttpServerAttributes.clientAddress(request)).as("'%s'", useless).isEqualTo("10.0.0.7");
			assertThat(HttpServerAttributes.clientPort(request)).isEqualTo(51234);
		}

		ServerHttpRequest direct = MockServerHttpRequest.get("/").remoteAddress(PEER).build();
		assertThat(HttpServerAttributes.clientAddress(direct)).isEqualTo("10.0.0.7");
		assertThat(HttpServerAttributes.clientPort(direct)).isEqualTo(51234);
	}

	@Test
	void aPeerMayBeUnknownUnresolvedOrWithoutAPort() throws Exception {
		ServerHttpRequest none = MockServerHttpRequest.get("/").build();
		assertThat(HttpServerAttributes.peerAddress(none)).isNull();
		assertThat(HttpServerAttributes.peerPort(none)).isEqualTo(-1);
		assertThat(HttpServerAttributes.clientAddress(none)).isNull();
		assertThat(HttpServerAttributes.clientPort(none)).isEqualTo(-1);

		ServerHttpRequest unresolved = MockServerHttpRequest.get("/")
			.remoteAddress(InetSocketAddress.createUnresolved("peer.example", 1))
			.build();
		assertThat(HttpServerAttributes.peerAddress(unresolved)).isEqualTo("peer.example");
		assertThat(HttpServerAttributes.peerPort(unresolved)).isEqualTo(1);

		ServerHttpRequest named = MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress(
					java.net.InetAddress.getByAddress("peer.example", new byte[] { 10, 0, 0, 9 }), 2))
			.build();
		assertThat(HttpServerAttributes.peerAddress(named)).as("the address, not the name").isEqualTo("10.0.0.9");

		ServerHttpRequest portless = MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("10.0.0.7", 0))
			.build();
		assertThat(HttpServerAttributes.peerPort(portless)).isEqualTo(-1);
	}

	@Test
	void theUserAgentAndTheKnownBodySize() {
		assertThat(
				HttpServerAttributes.userAgent(MockServerHttpRequest.get("/").header("User-Agent", "curl/8").build()))
			.isEqualTo("curl/8");
		assertThat(HttpServerAttributes.userAgent(MockServerHttpRequest.get("/").build())).isNull();
		MockServerHttpResponse response = new MockServerHttpResponse();
		assertThat(HttpServerAttributes.responseBodySize(response)).isEqualTo(-1);
		response.getHeaders().setContentLength(184);
		assertThat(HttpServerAttributes.responseBodySize(response)).isEqualTo(184);
		response.getHeaders().setContentLength(0);
		assertThat(HttpServerAttributes.responseBodySize(response)).isZero();
		assertThat(HttpServerAttributes.responseBodySize(null)).isEqualTo(-1);
	}

	@Test
	void theProtocolVersionIsReactorNettysWithoutItsPrefix() {
		assertThat(HttpServerAttributes.protocolVersion(MockServerHttpRequest.get("/").build()))
			.as("not a Reactor Netty request")
			.isNull();
		assertThat(HttpServerAttributes.protocolVersion(nettyRequest(HttpVersion.HTTP_1_1))).isEqualTo("1.1");
		assertThat(HttpServerAttributes.protocolVersion(nettyRequest(HttpVersion.valueOf("HTTP/2.0"))))
			.isEqualTo("2.0");
		assertThat(HttpServerAttributes.protocolVersion(nettyRequest(new HttpVersion("SPDY", 3, 1, true))))
			.isEqualTo("SPDY/3.1");
	}

	@Test
	void integerKeysAreTheOnesWithIntegerValues() {
		assertThat(HttpServerAttributes.INTEGER_KEYS).containsExactlyInAnyOrder("http.response.status_code",
				"server.port", "client.port", "network.peer.port", "http.response.body.size");
	}

	/** A request as Reactor Netty hands it over, saying its HTTP version. */
	static ServerHttpRequest nettyRequest(HttpVersion version) {
		HttpServerRequest netty = (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
				new Class<?>[] { HttpServerRequest.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("version")) {
						return version;
					}
					throw new UnsupportedOperationException(method.getName());
				});
		return new AbstractServerHttpRequest(HttpMethod.GET, java.net.URI.create("http://localhost/"), null,
				new HttpHeaders()) {

			@Override
			protected MultiValueMap<String, HttpCookie> initCookies() {
				return new LinkedMultiValueMap<>();
			}

			@Override
			protected SslInfo initSslInfo() {
				return null;
			}

			@Override
			@SuppressWarnings("unchecked")
			public <T> T getNativeRequest() {
				return (T) netty;
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.empty();
			}

		};
	}

}
