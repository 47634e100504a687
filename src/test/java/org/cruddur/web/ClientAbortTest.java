package org.cruddur.web;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.cruddur.MutableClock;
import org.cruddur.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that leaves in the middle of its request is not a server error: no ERROR line,
 * no stack trace, no 5xx in {@code http.server.requests}. Requests stay quiet at INFO:
 * one line per request would be written by every client, so they log at DEBUG.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "FRONTEND_URL=https://frontend.example", "BACKEND_URL=https://backend.example" })
@AutoConfigureWebTestClient
@Import(MutableClock.InPlaceOfTheSystemClock.class)
@ExtendWith({ OutputCaptureExtension.class, NettyLeakCheck.class })
class ClientAbortTest {

	private static final int ABORTS = 20;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	WebTestClient client;

	@Test
	void aClientThatLeavesMidBodyIsNeitherLoggedAsAnErrorNorCountedAs5xx(CapturedOutput output) throws Exception {
		long before = requests("POST", (timer) -> true);
		int logged = output.getAll().length();
		for (int i = 0; i < ABORTS; i++) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
				socket.getOutputStream()
					.write(("POST /api/activities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 1000\r\n\r\n{\"message\": \"half a cr")
						.getBytes(StandardCharsets.UTF_8));
				socket.getOutputStream().flush();
				// Long enough for the request to reach the controller, which waits for
				// the body.
				Thread.sleep(100);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> requests("POST", (timer) -> true) >= before + ABORTS);
		assertThat(requests("POST", (timer) -> statusOf(timer).startsWith("5"))).isZero();
		// Counted as nginx counts them: 499, client closed request.
		assertThat(requests("POST", (timer) -> statusOf(timer).equals("499")
				&& "connection_aborted".equals(timer.getId().getTag("error.type"))))
			.isEqualTo(ABORTS);
		String written = output.getAll().substring(logged);
		assertThat(written).doesNotContain(" ERROR ").doesNotContain("AbortedException").doesNotContain("\tat ");
	}

	@Test
	void requestsWriteNothingAtInfo(CapturedOutput output) {
		int logged = output.getAll().length();
		for (int i = 0; i < 5; i++) {
			this.client.post()
				.uri("/api/activities")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("message", "quiet " + i, "ttl", "1-hour"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
			this.client.post()
				.uri("/api/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("user_receiver_handle", "worf", "message", "quiet " + i))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
			this.client.get().uri("/api/activities/home").exchange().expectStatus().isOk().expectBody(Void.class);
		}
		List<String> lines = output.getAll().substring(logged).lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines)
			.noneMatch((line) -> line.contains(" INFO ") || line.contains(" WARN ") || line.contains(" ERROR "));
	}

	private long requests(String method, Predicate<Timer> filter) {
		return this.registry.find("http.server.requests")
			.tag("http.request.method", method)
			.timers()
			.stream()
			.filter(filter)
			.mapToLong(Timer::count)
			.sum();
	}

	private static String statusOf(Timer timer) {
		String status = timer.getId().getTag("http.response.status_code");
		return (status != null) ? status : "";
	}

}
