package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.cruddur.testing.XraySpans;

class HttpBlockTest {

	@Test
	void urlFullWinsAndBuiltUrlsOmitDefaultPortsButKeepTheQuery() {
		JsonNode full = server(Attributes.builder()
			.put("url.full", "https://api.example.com/x?y=1")
			.put("server.address", "ignored")
			.build());
		assertThat(full.at("/http/request/url").stringValue()).isEqualTo("https://api.example.com/x?y=1");

		JsonNode built = server(Attributes.builder()
			.put("url.scheme", "https")
			.put("server.address", "cruddur.example")
			.put("server.port", 443L)
			.put("url.path", "/api/activities/search")
			.put("url.query", "term=cloud")
			.build());
		assertThat(built.at("/http/request/url").stringValue())
			.isEqualTo("https://cruddur.example/api/activities/search?term=cloud");
	}

	@Test
	void anIpv6ServerAddressIsBracketedAndAnOtherPortKept() {
		JsonNode doc = server(Attributes.builder()
			.put("server.address", "::1")
			.put("server.port", 8080L)
			.put("url.path", "x")
			.build());
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo("http://[::1]:8080/x");
	}

	@Test
	void forwardedClientAddressIsFlagged() {
		JsonNode doc = server(Attributes.builder()
			.put("client.address", "203.0.113.9")
			.put("network.peer.address", "10.0.0.7")
			.build());
		assertThat(doc.at("/http/request/client_ip").stringValue()).isEqualTo("203.0.113.9");
		assertThat(doc.at("/http/request/x_forwarded_for").booleanValue()).isTrue();
	}

	@Test
	void statusCodeGivenAsAStringIsAcceptedWhenItParses() {
		JsonNode doc = server(Attributes.of(AttributeKey.stringKey("http.response.status_code"), "502"));
		assertThat(doc.at("/http/response/status").isInt()).isTrue();
		assertThat(doc.at("/http/response/status").intValue()).isEqualTo(502);
		assertThat(doc.get("fault").booleanValue()).isTrue();

		JsonNode garbage = server(Attributes.of(AttributeKey.stringKey("http.response.status_code"), "OK"));
		assertThat(garbage.has("http")).isFalse();
		assertThat(garbage.has("fault")).isFalse();
	}

	@Test
	void attributesOfTheOldHttpConventionsAreReadWhenTheCurrentOnesAreAbsent() {
		JsonNode doc = server(Attributes.builder()
			.put("http.method", "POST")
			.put("http.scheme", "https")
			.put("http.host", "api.cruddur.example:8443")
			.put("http.target", "/a?b=c")
			.put("http.client_ip", "1.2.3.4")
			.put("network.peer.address", "10.0.0.1")
			.put("http.user_agent", "ua")
			.put("http.status_code", 429L)
			.put("http.response_content_length", 5L)
			.build());
		JsonNode request = doc.at("/http/request");
		assertThat(request.get("method").stringValue()).isEqualTo("POST");
		assertThat(request.get("url").stringValue()).isEqualTo("https://api.cruddur.example:8443/a?b=c");
		assertThat(request.get("user_agent").stringValue()).isEqualTo("ua");
		assertThat(request.get("client_ip").stringValue()).isEqualTo("1.2.3.4");
		assertThat(request.get("x_forwarded_for").booleanValue()).isTrue();
		assertThat(doc.at("/http/response/status").intValue()).isEqualTo(429);
		assertThat(doc.at("/http/response/content_length").intValue()).isEqualTo(5);
		assertThat(doc.has("metadata")).as("rendered attributes are not repeated").isFalse();
	}

	@Test
	void theCurrentConventionWinsWhateverTheOrderOfTheAttributes() {
		JsonNode doc = server(Attributes.builder()
			.put("http.method", "POST")
			.put("http.request.method", "GET")
			.put("http.url", "https://legacy/x")
			.put("url.full", "https://current/x")
			.put("http.status_code", 503L)
			.put("http.response.status_code", 200L)
			.build());
		assertThat(doc.at("/http/request/method").stringValue()).isEqualTo("GET");
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo("https://current/x");
		assertThat(doc.at("/http/response/status").intValue()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}://host:{1}")
	@CsvSource({ "http, 80, http://cruddur.example/p", "HTTP, 80, HTTP://cruddur.example/p",
			"https, 443, https://cruddur.example/p", "https, 80, https://cruddur.example:80/p",
			"http, 443, http://cruddur.example:443/p", "http, 8080, http://cruddur.example:8080/p",
			"http, 0, http://cruddur.example:0/p" })
	void theSchemesDefaultPortIsLeftOutAndAnyOtherKept(String scheme, long port, String url) {
		JsonNode doc = server(Attributes.builder()
			.put("url.scheme", scheme)
			.put("server.address", "cruddur.example")
			.put("server.port", port)
			.put("url.path", "/p")
			.build());
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo(url);
	}

	@Test
	void withoutASchemeTheUrlIsHttpAndWithoutAPortItHasNone() {
		JsonNode doc = server(Attributes.builder().put("server.address", "h").put("url.path", "/p").build());
		assertThat(doc.at("/http/request/url").stringValue()).isEqualTo("http://h/p");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "server.address, '[::1]', 8080, http://[::1]:8080/x",
			"server.address, '2001:db8::7', 80, http://[2001:db8::7]/x",
			"http.host, '[::1]:8443', -1, http://[::1]:8443/x", "http.host, '[::1]:8443', 9000, http://[::1]:8443/x",
			"http.host, '[::1]', 8080, http://[::1]:8080/x",
			"http.host, 'api.example:8443', 9000, http://api.example:8443/x",
			"http.host, 'api.example', 9000, http://api.example:9000/x" })
	void ipv6HostsAndLegacyHostHeadersWithOrWithoutTheirPort(String key, String host, long port, String url) {
		AttributesBuilder attributes = Attributes.builder().put(key, host).put("url.path", "/x");
		if (port >= 0) {
			attributes.put("server.port", port);
		}
		assertThat(server(attributes.build()).at("/http/request/url").stringValue()).isEqualTo(url);
	}

	@Test
	void aPathOrQueryWithoutAHostIsTheUrlAsItIs() {
		assertThat(server(Attributes.builder().put("url.path", "/only").put("url.query", "q=1").build())
			.at("/http/request/url")
			.stringValue()).isEqualTo("/only?q=1");
		assertThat(server(Attributes.builder().put("http.target", "relative").build()).at("/http/request/url")
			.stringValue()).isEqualTo("relative");
		assertThat(server(Attributes.builder().put("server.address", "h").put("url.query", "q=1").build())
			.at("/http/request/url")
			.stringValue()).isEqualTo("http://h?q=1");
		assertThat(server(Attributes.builder().put("url.query", "q=1").build()).has("http"))
			.as("a query alone is no url")
			.isFalse();
		assertThat(server(Attributes.builder()
			.put("server.address", "h")
			.put("http.target", "/a?b=1")
			.put("url.query", "c=2")
			.build()).at("/http/request/url").stringValue()).as("the target has its query already")
			.isEqualTo("http://h/a?b=1");
		assertThat(server(Attributes.builder()
			.put("server.address", "h")
			.put("http.target", "?b=1")
			.put("url.query", "c=2")
			.build()).at("/http/request/url").stringValue()).isEqualTo("http://h/?b=1");
		assertThat(server(
				Attributes.builder().put("server.address", "h").put("url.path", "/a").put("url.query", "").build())
			.at("/http/request/url")
			.stringValue()).isEqualTo("http://h/a");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "http.request.method, method, GET", "url.full, url, http://h/p", "user_agent.original, user_agent, ua",
			"client.address, client_ip, 10.0.0.1" })
	void anyRequestValueAloneMakesTheRequestBlock(String attribute, String field, String value) {
		JsonNode request = server(Attributes.of(AttributeKey.stringKey(attribute), value)).at("/http/request");
		assertThat(request.size()).isEqualTo(1);
		assertThat(request.get(field).stringValue()).isEqualTo(value);
	}

	@Test
	void theSocketPeerIsTheClientOfAServerSpanOnly() {
		JsonNode serverDoc = server(Attributes.builder().put("network.peer.address", "10.0.0.7").build());
		assertThat(serverDoc.at("/http/request/client_ip").stringValue()).isEqualTo("10.0.0.7");
		assertThat(serverDoc.at("/http/request").has("x_forwarded_for")).isFalse();

		JsonNode direct = server(
				Attributes.builder().put("client.address", "10.0.0.7").put("network.peer.address", "10.0.0.7").build());
		assertThat(direct.at("/http/request/client_ip").stringValue()).isEqualTo("10.0.0.7");
		assertThat(direct.at("/http/request").has("x_forwarded_for")).isFalse();

		JsonNode clientIpOnly = server(Attributes.builder().put("client.address", "203.0.113.9").build());
		assertThat(clientIpOnly.at("/http/request").has("x_forwarded_for")).isFalse();

		JsonNode database = document(span(SpanKind.CLIENT).setParentSpanContext(XraySpans.context("1111222233334444"))
			.setAttributes(Attributes.builder().put("network.peer.address", "10.0.0.8").put("db.system", "x").build())
			.build());
		assertThat(database.has("http")).as("a client span's peer says nothing about an HTTP request").isFalse();
	}

	@Test
	void requestValuesAreCutToTheirLimits() {
		JsonNode request = server(Attributes.builder()
			.put("http.request.method", "M".repeat(33))
			.put("user_agent.original", "u".repeat(1025))
			.put("client.address", "c".repeat(257))
			.put("url.full", "f".repeat(4097))
			.build()).at("/http/request");
		assertThat(request.get("method").stringValue()).isEqualTo("M".repeat(32) + "...[truncated 33 chars]");
		assertThat(request.get("user_agent").stringValue()).isEqualTo("u".repeat(1024) + "...[truncated 1025 chars]");
		assertThat(request.get("client_ip").stringValue()).isEqualTo("c".repeat(256) + "...[truncated 257 chars]");
		assertThat(request.get("url").stringValue()).isEqualTo("f".repeat(4096) + "...[truncated 4097 chars]");

		JsonNode exact = server(Attributes.builder()
			.put("http.request.method", "M".repeat(32))
			.put("user_agent.original", "u".repeat(1024))
			.put("client.address", "c".repeat(256))
			.put("url.full", "f".repeat(4096))
			.build()).at("/http/request");
		assertThat(exact.get("method").stringValue()).hasSize(32);
		assertThat(exact.get("user_agent").stringValue()).hasSize(1024);
		assertThat(exact.get("client_ip").stringValue()).hasSize(256);
		assertThat(exact.get("url").stringValue()).hasSize(4096);
	}

	@Test
	void aResponseWithOnlyAContentLengthOrAZeroStatus() {
		JsonNode length = server(Attributes.of(AttributeKey.longKey("http.response.body.size"), 0L));
		assertThat(length.at("/http/response").size()).isEqualTo(1);
		assertThat(length.at("/http/response/content_length").isInt()).isTrue();
		assertThat(length.at("/http/response/content_length").intValue()).isZero();
		assertThat(length.at("/http").has("request")).isFalse();

		JsonNode zero = server(Attributes.of(AttributeKey.longKey("http.response.status_code"), 0L));
		assertThat(zero.at("/http/response/status").isInt()).isTrue();
		assertThat(zero.at("/http/response/status").intValue()).isZero();
		assertThat(zero.at("/http/response").has("content_length")).isFalse();
	}

	private static JsonNode server(Attributes attributes) {
		return document(span(SpanKind.SERVER).setAttributes(attributes).build());
	}

}
