package org.cruddur.tracing.xray.segment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The UDP socket to the X-Ray daemon: opened on first use, reopened after a send error
 * closed it, closed once on shutdown. The daemon's host name is resolved again every 30 s
 * (a restarted daemon container or pod gets a new address), and 5 s after a send error or
 * a failed resolution; the X-Ray SDK's emitter resolves it once. Resolution runs on the
 * sending thread (the batch processor's, never a request's). Thread-safe.
 */
final class DaemonSocket {

	/** How long a resolved address is used before the name is looked up again. */
	static final long REFRESH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	/** How soon the name is looked up again after a send error or a failed lookup. */
	static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** Some OSes (macOS: 9 KiB) default to send buffers smaller than one document. */
	private static final int MIN_SEND_BUFFER_BYTES = 65_536;

	private final String host;

	private final int port;

	private final HostResolver resolver;

	private final LongSupplier nanoClock;

	private final Object lock = new Object();

	private volatile InetSocketAddress address;

	private volatile long lastResolveNanos;

	/** Whether a send failed since the last lookup, which then comes sooner. */
	private volatile boolean sendFailed;

	private volatile DatagramChannel channel;

	private volatile boolean closed;

	/**
	 * @param address the daemon as configured; its host name (or literal address) is what
	 * gets resolved again
	 * @param resolver looks the host name up ({@link InetAddress#getAllByName} in
	 * production)
	 */
	DaemonSocket(InetSocketAddress address, HostResolver resolver, LongSupplier nanoClock) {
		this.host = address.getHostString();
		this.port = address.getPort();
		this.address = address;
		this.resolver = resolver;
		this.nanoClock = nanoClock;
		// An address that did not resolve at startup is tried again at the first send.
		this.lastResolveNanos = nanoClock.getAsLong() - (address.isUnresolved() ? RETRY_INTERVAL_NANOS : 0);
	}

	InetSocketAddress address() {
		return this.address;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Sends the buffer's remaining bytes as one datagram; an unresolved address fails
	 * with an {@link java.nio.channels.UnresolvedAddressException}.
	 */
	void send(ByteBuffer datagram) throws IOException {
		try {
			channel().send(datagram, currentAddress());
		}
		catch (IOException | RuntimeException ex) {
			this.sendFailed = true;
			throw ex;
		}
	}

	private InetSocketAddress currentAddress() {
		InetSocketAddress current = this.address;
		long now = this.nanoClock.getAsLong();
		long interval = (current.isUnresolved() || this.sendFailed) ? RETRY_INTERVAL_NANOS : REFRESH_INTERVAL_NANOS;
		if (now - this.lastResolveNanos >= interval) {
			this.lastResolveNanos = now;
			this.sendFailed = false;
			current = resolve(current);
			this.address = current;
		}
		return current;
	}

	/** The name's first address now, else (not found) the address used so far. */
	private InetSocketAddress resolve(InetSocketAddress current) {
		try {
			InetAddress[] found = this.resolver.resolve(this.host);
			if (found != null && found.length > 0 && found[0] != null) {
				return new InetSocketAddress(found[0], this.port);
			}
		}
		catch (UnknownHostException ex) {
			// keep what we have; a resolved address may still be right
		}
		if (!current.isUnresolved()) {
			this.sendFailed = true; // look again soon
		}
		return current;
	}

	private DatagramChannel channel() throws IOException {
		DatagramChannel current = this.channel;
		if (current != null && current.isOpen()) {
			return current;
		}
		synchronized (this.lock) {
			if (this.closed) {
				throw new IOException("The X-Ray exporter is shut down");
			}
			// A channel closed by a failure (an interrupt during a send) is replaced.
			if (this.channel == null || !this.channel.isOpen()) {
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

	/** Looks a host name up; {@link InetAddress#getAllByName} unless a test answers. */
	@FunctionalInterface
	interface HostResolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

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
