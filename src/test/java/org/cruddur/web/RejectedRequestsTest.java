package org.cruddur.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.cruddur.MutableClock;
import org.cruddur.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is refused before a controller sees it answers like every other error: a problem
 * body. Requests Netty cannot decode (headers too large, request line too long, a
 * malformed request line) and CORS refusals; clients that leave mid-headers leave no WARN
 * line behind (Reactor Netty wrote one per request, naming every header).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "FRONTEND_URL=https://frontend.example", "BACKEND_URL=https://backend.example" })
@AutoConfigureWebTestClient
@Import(MutableClock.InPlaceOfTheSystemClock.class)
@ExtendWith({ OutputCaptureExtension.class, NettyLeakCheck.class })
class RejectedRequestsTest {

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			headers     | 431 | request headers too large
			oneHeader   | 431 | request headers too large
			requestLine | 414 | request line too long
			garbage     | 400 | malformed HTTP request
			version     | 400 | malformed HTTP request
			headerLine  | 400 | malformed HTTP request
			""")
	void requestsNettyCannotDecodeGetAProblemBodyAndNoWarning(String kind, int status, String detail,
			CapturedOutput output) throws IOException {
		String request = switch (kind) {
			case "headers" -> "GET /api/health-check HTTP/1.1\r\nHost: x\r\n" + "X-Big: y\r\n".repeat(4000) + "\r\n";
			case "oneHeader" ->
				"GET /api/health-check HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n";
			case "requestLine" -> "GET /api/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
			case "garbage" -> "GARBAGE\r\n\r\n";
			case "version" -> "GET / FOO/1.1\r\nHost: x\r\n\r\n";
			default -> "GET / HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n";
		};
		int logged = output.getAll().length();
		String answer = exchange(request);
		assertThat(answer).startsWith("HTTP/1.1 " + status + " ")
			.contains("Content-Type: application/problem+json")
			.contains("Connection: close")
			.endsWith("{\"type\":\"about:blank\",\"title\":\"" + titleOf(answer) + "\",\"status\":" + status
					+ ",\"detail\":\"" + detail + "\"}");
		assertThat(output.getAll().substring(logged)).doesNotContain(" WARN ").doesNotContain("X-Big");
	}

	@Test
	void clientsThatLeaveMidHeadersLeaveNoWarning(CapturedOutput output) throws Exception {
		int logged = output.getAll().length();
		for (int i = 0; i < 50; i++) {
			try (Socket socket = connect()) {
				socket.getOutputStream()
					.write(("GET /api/health-check HTTP/1.1\r\nHost: x\r\n" + "X-Header-" + i + ": y\r\n".repeat(300))
						.getBytes(StandardCharsets.ISO_8859_1));
			}
		}
		// One request after them, answered: the aborted ones were all handled by then.
		assertThat(exchange("GET /api/health-check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200 ");
		Thread.sleep(200);
		assertThat(output.getAll().substring(logged)).doesNotContain(" WARN ").doesNotContain("X-Header-");
	}

	@Test
	void aCorsPreflightFromAnotherOriginIsRefusedWithAProblem() {
		this.client.options()
			.uri("/api/activities")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectBody()
			.json("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"CORS request refused\"}",
					true);
	}

	@Test
	void aCorsRequestFromAnotherOriginIsRefusedWithAProblem() {
		this.client.get()
			.uri("/api/activities/home")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(403);
	}

	private static String titleOf(String answer) {
		String line = answer.substring(0, answer.indexOf("\r\n"));
		return line.substring("HTTP/1.1 000 ".length());
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
		socket.setSoTimeout(5000);
		return socket;
	}

	/** Sends {@code request} and reads until the server closes the connection. */
	private String exchange(String request) throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
