package org.cruddur.tracing.xray.segment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The UDP socket to the X-Ray daemon: opened on first use, closed once. An address that
 * could not be resolved (a daemon Service whose DNS name is not ready yet) is resolved
 * again at most every 5 s, which the X-Ray SDK's emitter never does. Thread-safe.
 */
final class DaemonSocket {

	private static final long RERESOLVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** Some OSes (macOS: 9 KiB) default to send buffers smaller than one document. */
	private static final int MIN_SEND_BUFFER_BYTES = 65_536;

	private final LongSupplier nanoClock;

	private final Object lock = new Object();

	private volatile InetSocketAddress address;

	private volatile long lastResolveNanos;

	private volatile DatagramChannel channel;

	private volatile boolean closed;

	DaemonSocket(InetSocketAddress address, LongSupplier nanoClock) {
		this.address = address;
		this.nanoClock = nanoClock;
		this.lastResolveNanos = nanoClock.getAsLong();
	}

	InetSocketAddress address() {
		return this.address;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Sends one datagram; an unresolved address fails with an
	 * {@link java.nio.channels.UnresolvedAddressException}.
	 */
	void send(byte[] datagram) throws IOException {
		channel().send(ByteBuffer.wrap(datagram), currentAddress());
	}

	private InetSocketAddress currentAddress() {
		InetSocketAddress current = this.address;
		if (current.isUnresolved()) {
			long now = this.nanoClock.getAsLong();
			if (now - this.lastResolveNanos >= RERESOLVE_INTERVAL_NANOS) {
				this.lastResolveNanos = now;
				current = new InetSocketAddress(current.getHostString(), current.getPort());
				this.address = current;
			}
		}
		return current;
	}

	private DatagramChannel channel() throws IOException {
		DatagramChannel current = this.channel;
		if (current != null) {
			return current;
		}
		synchronized (this.lock) {
			if (this.closed) {
				throw new IOException("The X-Ray exporter is shut down");
			}
			if (this.channel == null) {
				this.channel = open();
			}
			return this.channel;
		}
	}

	private static DatagramChannel open() throws IOException {
		DatagramChannel opened = DatagramChannel.open();
		try {
			if (opened.getOption(StandardSocketOptions.SO_SNDBUF) < MIN_SEND_BUFFER_BYTES) {
				opened.setOption(StandardSocketOptions.SO_SNDBUF, MIN_SEND_BUFFER_BYTES);
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			// keep the OS default
		}
		return opened;
	}

	/** Closes the socket; later sends fail. Returns whether it closed cleanly. */
	boolean close() {
		synchronized (this.lock) {
			this.closed = true;
			DatagramChannel current = this.channel;
			this.channel = null;
			if (current != null) {
				try {
					current.close();
				}
				catch (IOException ex) {
					return false;
				}
			}
			return true;
		}
	}

}
