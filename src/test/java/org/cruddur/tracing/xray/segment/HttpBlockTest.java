package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

	private static JsonNode server(Attributes attributes) {
		return document(span(SpanKind.SERVER).setAttributes(attributes).build());
	}

}
