package org.cruddur.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cruddur.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw sockets on loopback against the limits that keep slow clients from holding the
 * server (short here, so the test is quick): a request must be read within
 * CRUDDUR_REQUEST_READ_TIMEOUT, an idle connection is closed after CRUDDUR_IDLE_TIMEOUT,
 * and connections over CRUDDUR_MAX_CONNECTIONS are refused; other clients are served
 * throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "CRUDDUR_REQUEST_READ_TIMEOUT=1s", "CRUDDUR_IDLE_TIMEOUT=2s", "CRUDDUR_MAX_CONNECTIONS=40" })
@ExtendWith(NettyLeakCheck.class)
class SlowClientsTest {

	private static final long READ_TIMEOUT_MILLIS = 1000;

	/** Scheduling slack on a loaded 2-core machine. */
	private static final long SLACK_MILLIS = 2500;

	@LocalServerPort
	int port;

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void slowHeadersPartialRequestLinesAndSlowBodiesAreClosedWhileOthersAreServed() throws Exception {
		// Before the first connection opens: each one's deadline starts after this.
		long start = System.nanoTime();
		List<SlowClient> clients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			clients.add(new SlowClient(open(), "GET /api/health-check HTTP/1.1\r\nHost: x\r\n", "X-Slow: a\r\n"));
			clients.add(new SlowClient(open(), "GET /api/hea", null));
			clients
				.add(new SlowClient(open(),
						"POST /api/activities HTTP/1.1\r\nHost: x\r\n"
								+ "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"message\": \"",
						"m"));
		}
		List<Integer> served = new ArrayList<>();
		while (clients.stream().anyMatch((client) -> !client.closed) && elapsedMillis(start) < 10_000) {
			for (SlowClient client : clients) {
				client.step(start);
			}
			served.add(healthCheckStatus());
			Thread.sleep(100);
		}
		assertThat(clients).allSatisfy((client) -> {
			assertThat(client.closed).as("%s closed by the server", client.opening).isTrue();
			assertThat(client.closedAfterMillis).as("%s closed after", client.opening)
				.isBetween(READ_TIMEOUT_MILLIS - 100, READ_TIMEOUT_MILLIS + SLACK_MILLIS);
		});
		// Unfinished headers are answered 408 with a problem body before the close.
		assertThat(clients).filteredOn((client) -> client.opening.startsWith("GET"))
			.allSatisfy((client) -> assertThat(client.answer).startsWith("HTTP/1.1 408 ")
				.contains("application/problem+json")
				.contains("\"status\":408"));
		// Served while the slow connections were held, and after.
		assertThat(served).hasSizeGreaterThanOrEqualTo(3).containsOnly(200);
	}

	@Test
	void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
		Socket socket = open();
		long start = System.nanoTime();
		assertThat(exchange(socket, "GET /api/health-check HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
		socket.setSoTimeout(6000);
		assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
		assertThat(elapsedMillis(start)).isBetween(2000 - 100L, 2000 + SLACK_MILLIS);
	}

	@Test
	void connectionsOverTheCapAreRefusedAndServedAgainOnceOthersClose() throws Exception {
		List<Socket> held = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Socket socket = open();
			assertThat(exchange(socket, "GET /api/health-check HTTP/1.1\r\nHost: x\r\n\r\n"))
				.startsWith("HTTP/1.1 200 ");
			held.add(socket);
		}
		Socket refused = open();
		refused.setSoTimeout(3000);
		String answer = new String(refused.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		assertThat(answer).startsWith("HTTP/1.1 503 ").contains("\"status\":503").contains("Connection: close");
		for (Socket socket : held) {
			socket.close();
		}
		long start = System.nanoTime();
		int status = 0;
		while (status != 200 && elapsedMillis(start) < 3000) {
			Thread.sleep(50);
			status = healthCheckStatus();
		}
		assertThat(status).isEqualTo(200);
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
		socket.setSoTimeout(3000);
		return socket;
	}

	/** One request on a new connection; 0 when it gets no answer. */
	private int healthCheckStatus() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(2000);
			String answer = exchange(socket, "GET /api/health-check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : 0;
		}
	}

	/** Sends a request and reads one answer (headers and a Content-Length body). */
	private static String exchange(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
		InputStream in = socket.getInputStream();
		StringBuilder answer = new StringBuilder();
		while (!answer.toString().contains("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return answer.toString();
			}
			answer.append((char) b);
		}
		String headers = answer.toString().toLowerCase();
		int at = headers.indexOf("content-length: ");
		int length = (at < 0) ? 0 : Integer.parseInt(headers.substring(at + 16, headers.indexOf("\r\n", at)).trim());
		answer.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
		return answer.toString();
	}

	private static long elapsedMillis(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	/**
	 * A connection that sends {@code opening}, then {@code trickle} every step (or
	 * nothing), and notices when the server closes it.
	 */
	private static final class SlowClient {

		final Socket socket;

		final String opening;

		final String trickle;

		boolean closed;

		long closedAfterMillis;

		String answer = "";

		SlowClient(Socket socket, String opening, String trickle) throws IOException {
			this.socket = socket;
			this.opening = opening;
			this.trickle = trickle;
			socket.getOutputStream().write(opening.getBytes(StandardCharsets.ISO_8859_1));
			socket.setSoTimeout(1);
		}

		void step(long startNanos) {
			if (this.closed) {
				return;
			}
			try {
				if (this.trickle != null) {
					OutputStream out = this.socket.getOutputStream();
					out.write(this.trickle.getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
				}
				InputStream in = this.socket.getInputStream();
				byte[] buffer = new byte[4096];
				int read;
				while ((read = in.read(buffer)) > 0) {
					this.answer += new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
				}
				if (read < 0) {
					close(startNanos);
				}
			}
			catch (SocketTimeoutException ex) {
				// still open, nothing to read
			}
			catch (IOException ex) {
				// reset by the server
				close(startNanos);
			}
		}

		private void close(long startNanos) {
			this.closed = true;
			this.closedAfterMillis = elapsedMillis(startNanos);
		}

	}

}
