package org.cruddur.tracing.xray.segment;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When {@link DaemonSocket} looks the daemon's name up again, on a clock and with a
 * resolver the test controls: every 30 s, 5 s after a send error or a failed lookup, at
 * the first send when the name did not resolve at start; and that a failed lookup keeps
 * the address in use. Datagrams go to a listener on loopback.
 */
class DaemonSocketTest {

	private static final String DAEMON = "xray-daemon";

	private final AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(1));

	/** What the next lookups answer, in order: an address or an UnknownHostException. */
	private final Deque<Object> answers = new ArrayDeque<>();

	private final List<String> lookups = new ArrayList<>();

	private final DatagramSocket daemon = listener();

	private final List<DaemonSocket> sockets = new ArrayList<>();

	@AfterEach
	void close() {
		this.sockets.forEach(DaemonSocket::close);
		this.daemon.close();
	}

	@Test
	void theNameIsLookedUpAgainEvery30SecondsAndTheNewAddressUsed() throws Exception {
		DaemonSocket socket = socket(new InetSocketAddress(loopback(DAEMON), port()));
		send(socket, "first");
		assertThat(received()).isEqualTo("first");
		at(DaemonSocket.REFRESH_INTERVAL_NANOS - 1);
		send(socket, "second");
		assertThat(received()).isEqualTo("second");
		assertThat(this.lookups).isEmpty();

		InetAddress moved = InetAddress.getByAddress(DAEMON, new byte[] { 127, 0, 0, 2 });
		this.answers.add(moved);
		at(DaemonSocket.REFRESH_INTERVAL_NANOS);
		try {
			send(socket, "third");
		}
		catch (IOException ex) {
			// an OS without 127.0.0.2 on loopback (macOS) refuses the send after the
			// lookup
		}
		assertThat(this.lookups).containsExactly(DAEMON);
		assertThat(socket.address().getAddress()).isEqualTo(moved);
		assertThat(socket.address().getPort()).isEqualTo(port());
	}

	@Test
	void aNameThatDidNotResolveAtStartIsLookedUpAtTheFirstSendThenEvery5Seconds() throws Exception {
		DaemonSocket socket = socket(InetSocketAddress.createUnresolved(DAEMON, port()));
		this.answers.add(new UnknownHostException(DAEMON));
		assertThatThrownBy(() -> send(socket, "lost")).isInstanceOf(UnresolvedAddressException.class);
		assertThat(this.lookups).hasSize(1);

		at(DaemonSocket.RETRY_INTERVAL_NANOS - 1);
		assertThatThrownBy(() -> send(socket, "lost")).isInstanceOf(UnresolvedAddressException.class);
		assertThat(this.lookups).hasSize(1);

		this.answers.add(loopback(DAEMON));
		at(DaemonSocket.RETRY_INTERVAL_NANOS);
		send(socket, "found");
		assertThat(this.lookups).hasSize(2);
		assertThat(received()).isEqualTo("found");
	}

	@Test
	void aFailedLookupKeepsTheAddressInUseAndComesAgainAfter5Seconds() throws Exception {
		DaemonSocket socket = socket(new InetSocketAddress(loopback(DAEMON), port()));
		this.answers.add(new UnknownHostException(DAEMON));
		at(DaemonSocket.REFRESH_INTERVAL_NANOS);
		send(socket, "kept");
		assertThat(received()).isEqualTo("kept");
		assertThat(this.lookups).hasSize(1);

		this.answers.add(loopback(DAEMON));
		at(DaemonSocket.REFRESH_INTERVAL_NANOS + DaemonSocket.RETRY_INTERVAL_NANOS - 1);
		send(socket, "still kept");
		assertThat(this.lookups).hasSize(1);
		at(DaemonSocket.REFRESH_INTERVAL_NANOS + DaemonSocket.RETRY_INTERVAL_NANOS);
		send(socket, "looked up");
		assertThat(this.lookups).hasSize(2);
		assertThat(received()).isEqualTo("still kept");
		assertThat(received()).isEqualTo("looked up");
	}

	@Test
	void aLookupThatFindsNothingCountsAsFailed() throws Exception {
		DaemonSocket socket = socket(new InetSocketAddress(loopback(DAEMON), port()));
		this.answers.add(new InetAddress[0]);
		at(DaemonSocket.REFRESH_INTERVAL_NANOS);
		send(socket, "kept");
		assertThat(received()).isEqualTo("kept");
		this.answers.add(loopback(DAEMON));
		at(DaemonSocket.REFRESH_INTERVAL_NANOS + DaemonSocket.RETRY_INTERVAL_NANOS);
		send(socket, "looked up");
		assertThat(this.lookups).hasSize(2);
	}

	@Test
	void aSendErrorBringsTheNextLookupTo5Seconds() throws Exception {
		DaemonSocket socket = socket(new InetSocketAddress(loopback(DAEMON), port()));
		// more than one UDP datagram can carry
		assertThatThrownBy(() -> socket.send(ByteBuffer.allocate(70_000))).isInstanceOf(IOException.class);
		this.answers.add(loopback(DAEMON));
		at(DaemonSocket.RETRY_INTERVAL_NANOS - 1);
		send(socket, "before");
		assertThat(this.lookups).isEmpty();
		at(DaemonSocket.RETRY_INTERVAL_NANOS);
		send(socket, "after");
		assertThat(this.lookups).hasSize(1);
		assertThat(received()).isEqualTo("before");
		assertThat(received()).isEqualTo("after");

		// the error was looked after: back to every 30 s
		this.answers.add(loopback(DAEMON));
		at(2 * DaemonSocket.RETRY_INTERVAL_NANOS);
		send(socket, "later");
		assertThat(this.lookups).hasSize(1);
	}

	private DaemonSocket socket(InetSocketAddress address) {
		DaemonSocket socket = new DaemonSocket(address, this::lookUp, this.clock::get);
		this.sockets.add(socket);
		return socket;
	}

	private InetAddress[] lookUp(String host) throws UnknownHostException {
		this.lookups.add(host);
		Object answer = this.answers.poll();
		if (answer instanceof UnknownHostException ex) {
			throw ex;
		}
		if (answer instanceof InetAddress[] none) {
			return none;
		}
		return new InetAddress[] { (InetAddress) answer };
	}

	/** The clock this long after the socket was made. */
	private void at(long nanosAfterStart) {
		this.clock.set(TimeUnit.HOURS.toNanos(1) + nanosAfterStart);
	}

	private static void send(DaemonSocket socket, String text) throws IOException {
		socket.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

	private String received() throws IOException {
		DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
		this.daemon.receive(packet);
		return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
	}

	private int port() {
		return this.daemon.getLocalPort();
	}

	private static InetAddress loopback(String name) throws UnknownHostException {
		return InetAddress.getByAddress(name, new byte[] { 127, 0, 0, 1 });
	}

	private static DatagramSocket listener() {
		try {
			DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			socket.setSoTimeout(5_000);
			return socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
