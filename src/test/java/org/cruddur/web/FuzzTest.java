package org.cruddur.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cruddur.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random abuse of every route: malformed and oversized JSON, wrong types, odd
 * Unicode, and malformed trace headers. Nothing may answer 5xx or show a stack trace, and
 * rejected requests must not change the store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(NettyLeakCheck.class)
class FuzzTest {

	private static final long SEED = Long.getLong("fuzz.seed", 20261126L);

	private static final int CASES = Integer.getInteger("fuzz.cases", 400);

	private static final String[] ROUTES = { "GET /api/activities/home", "GET /api/activities/notifications",
			"GET /api/activities/@{s}", "GET /api/activities/search?term={s}", "POST /api/activities",
			"GET /api/activities/{s}", "POST /api/activities/{s}/reply",
			"POST /api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply", "GET /api/message_groups",
			"GET /api/messages/@{s}", "POST /api/messages", "GET /api/health-check" };

	private static final String[] ODD_STRINGS = { "", " ", "\u0000", "\uD83D\uDE00", "\uFFFF", "\u202E", "%", "%00",
			"%zz", "../../etc/passwd", "<script>", "'; DROP TABLE", "null", "true", "-1", "1e999", "\\", "\"",
			"\u00e9\u0301", "\uD800", "a".repeat(3000) };

	private static final String[] TRACE_HEADERS = { "traceparent", "X-Amzn-Trace-Id", "tracestate", "baggage" };

	/**
	 * A new connection per request: a fuzz case must not depend on what an earlier case
	 * left on a connection.
	 */
	WebTestClient client;

	@org.junit.jupiter.api.BeforeEach
	void freshConnectionClient() {
		this.client = WebTestClient
			.bindToServer(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
					reactor.netty.http.client.HttpClient
						.create(reactor.netty.resources.ConnectionProvider.newConnection())))
			.baseUrl(baseUrl())
			.responseTimeout(java.time.Duration.ofSeconds(10))
			.build();
	}

	@Test
	void noRouteAnswers5xxOrAStackTraceAndRejectedRequestsStoreNothing() {
		Random random = new Random(SEED);
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < CASES; i++) {
			String route = ROUTES[random.nextInt(ROUTES.length)];
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1).replace("{s}", pathSafe(oddString(random)));
			WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method))
				.uri(java.net.URI.create(this.baseUrl() + path));
			String traceHeader = "";
			if (random.nextInt(3) > 0) {
				String name = TRACE_HEADERS[random.nextInt(TRACE_HEADERS.length)];
				String value = headerSafe(traceHeader(random));
				request.header(name, value);
				traceHeader = " with header " + name + " of " + value.length() + " chars starting "
						+ value.substring(0, Math.min(40, value.length()));
			}
			boolean storing = method.equals("POST") && path.startsWith("/api/activities");
			int before = storing ? homeSize() : -1;
			EntityExchangeResult<byte[]> result;
			if (method.equals("POST")) {
				request.contentType(random.nextInt(10) == 0 ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON);
				String body = body(random);
				try {
					result = request.bodyValue(body).exchange().expectBody().returnResult();
				}
				catch (IllegalStateException ex) {
					throw new AssertionError("no answer to case " + i + ": " + method + " " + path + " with a body of "
							+ body.length() + " chars starting " + body.substring(0, Math.min(60, body.length())), ex);
				}
			}
			else {
				try {
					result = request.exchange().expectBody().returnResult();
				}
				catch (IllegalStateException ex) {
					throw new AssertionError("no answer to case " + i + ": " + method + " " + path + traceHeader, ex);
				}
			}
			int status = result.getStatus().value();
			String body = (result.getResponseBody() != null)
					? new String(result.getResponseBody(), StandardCharsets.UTF_8) : "";
			if (status >= 500) {
				failures.add(status + " for " + method + " " + path);
			}
			if (body.contains("Exception") || body.contains("\tat ") || body.contains("at org.")) {
				failures.add("stack trace in body for " + method + " " + path + ": " + body);
			}
			if (storing && status >= 400) {
				assertThat(homeSize()).as("store unchanged by rejected %s %s", method, path).isEqualTo(before);
			}
		}
		assertThat(failures).as("seed %d", SEED).isEmpty();
	}

	private int homeSize() {
		List<Map<String, Object>> home = this.client.get()
			.uri("/api/activities/home")
			.exchange()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		return home.size();
	}

	@Autowired
	org.springframework.core.env.Environment environment;

	private String baseUrl() {
		return "http://127.0.0.1:" + this.environment.getProperty("local.server.port");
	}

	private static String oddString(Random random) {
		return (random.nextBoolean()) ? ODD_STRINGS[random.nextInt(ODD_STRINGS.length)]
				: randomUnicode(random, 1 + random.nextInt(40));
	}

	private static String randomUnicode(Random random, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int codePoint = random.nextInt(4) == 0 ? random.nextInt(0x10FFFF) : 0x20 + random.nextInt(0x5F);
			if (Character.isValidCodePoint(codePoint) && !(codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
				text.appendCodePoint(codePoint);
			}
		}
		return text.toString();
	}

	private static String traceHeader(Random random) {
		return switch (random.nextInt(8)) {
			case 0 -> "x".repeat(8 * 1024);
			case 1 -> "00-" + "f".repeat(31) + "-00f067aa0ba902b7-01";
			case 2 -> "00-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-00f067aa0ba902b7-01";
			case 3 -> "Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8;Sampled=1";
			case 4 -> "Root=1-zzzzzzzz-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad;Sampled=7";
			case 5 -> "Root=;Parent=;Sampled=;Self=1-x;" + "Lineage=" + "9".repeat(300);
			case 6 -> "00-00000000000000000000000000000000-0000000000000000-01";
			default -> randomUnicode(random, random.nextInt(200));
		};
	}

	private static String body(Random random) {
		return switch (random.nextInt(9)) {
			case 0 -> "{\"message\": " + random.nextInt() + ", \"ttl\": " + random.nextBoolean() + "}";
			case 1 -> "{\"message\": \"" + "m".repeat(70 * 1024) + "\", \"ttl\": \"1-day\"}";
			case 2 -> "{\"message\": [\"a\"], \"ttl\": {\"x\": 1}, \"user_receiver_handle\": 5}";
			case 3 -> "{\"message\": \"" + jsonEscape(randomUnicode(random, 300)) + "\", \"ttl\": \"9-days\"}";
			case 4 -> "[" + "[".repeat(random.nextInt(2000)) + "]";
			case 5 -> "{\"message\": \"\\ud800\", \"ttl\": \"1-day\"}";
			case 6 -> randomUnicode(random, random.nextInt(300));
			case 7 -> "{\"message\": null, \"ttl\": null, \"user_receiver_handle\": null}";
			default -> "{\"message\": \"ok " + random.nextInt(1000) + "\", \"ttl\": \"" + random.nextInt(100)
					+ "-days\", \"user_receiver_handle\": \"\"}";
		};
	}

	private static String jsonEscape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
	}

	/**
	 * Percent-encodes everything but unreserved characters, so the URI is valid and the
	 * server decodes it.
	 */
	private static String pathSafe(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return encoded.toString();
	}

	/**
	 * Header values must be visible ASCII on the wire; keep the shape, replace the rest.
	 */
	private static String headerSafe(String text) {
		StringBuilder safe = new StringBuilder();
		text.chars().forEach((c) -> safe.append((c > 0x20 && c < 0x7f) ? (char) c : '?'));
		return safe.toString();
	}

}
