package org.cruddur.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Stands in for the X-Ray daemon in the benchmarks: a loopback UDP socket that its own
 * thread drains without reading what it receives, so a sender pays for the datagram and
 * not for a parse ({@code org.cruddur.testing.XrayUdpListener} parses every document, for
 * the tests).
 */
final class DrainedDaemonSocket implements AutoCloseable {

	private final DatagramChannel channel;

	private DrainedDaemonSocket(DatagramChannel channel) {
		this.channel = channel;
	}

	static DrainedDaemonSocket start() throws IOException {
		DrainedDaemonSocket daemon = new DrainedDaemonSocket(
				DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
		Thread reader = new Thread(daemon::drain, "daemon");
		reader.setDaemon(true);
		reader.start();
		return daemon;
	}

	/** {@code 127.0.0.1} and the socket's port. */
	InetSocketAddress address() throws IOException {
		return new InetSocketAddress("127.0.0.1", ((InetSocketAddress) this.channel.getLocalAddress()).getPort());
	}

	private void drain() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
		try {
			while (true) {
				buffer.clear();
				this.channel.receive(buffer);
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
