package org.cruddur.tracing.xray.segment;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each sampled span as one X-Ray document in its own UDP datagram to the X-Ray
 * daemon (or the CloudWatch agent / an OpenTelemetry Collector with the awsxray
 * receiver).
 *
 * <h2>Why its own socket and not the SDK's {@code UDPEmitter}</h2> The daemon address is
 * parsed by the X-Ray SDK core's {@link DaemonConfiguration}, so {@code
 * AWS_XRAY_DAEMON_ADDRESS} ({@code host:port} or {@code tcp:h:p udp:h:p}, default {@code
 * 127.0.0.1:2000}) means exactly what it means for the X-Ray SDKs; as there, the
 * environment variable and the {@code com.amazonaws.xray.emitters.daemonAddress} system
 * property win over a configured address. The SDK's emitter, however, only sends its own
 * {@code Segment}/{@code Subsegment} entity objects (its byte-sending method is private):
 * using it would mean building a second object model per span (with a recorder, parent
 * segments for every subsegment) and letting the SDK serialize it again with Jackson,
 * losing the size control and the fields the translator writes. The datagram itself is
 * trivial (header line + document), so this exporter writes the translator's bytes to a
 * {@link DatagramChannel} aimed at the address {@code DaemonConfiguration} resolved. It
 * also re-resolves an address that could not be resolved at start (e.g. a daemon Service
 * DNS name not ready yet), which the SDK emitter never does.
 *
 * <h2>Behaviour</h2> Only sampled spans are sent. {@link #export} never throws: it
 * returns a failed result when any document could not be sent, counts sent / failed /
 * dropped documents (see the getters) and logs failures at most once per warning interval
 * (default 30 s). UDP is fire-and-forget: a daemon that is not running is not an error
 * the sender can see. {@link #shutdown} closes the socket; later exports drop their
 * documents.
 */
public final class XrayUdpSpanExporter implements SpanExporter {

	private static final Logger log = LoggerFactory.getLogger(XrayUdpSpanExporter.class);

	private static final long RERESOLVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final XraySegmentTranslator translator;

	private final long warningIntervalNanos;

	private final Object channelLock = new Object();

	private volatile InetSocketAddress daemonAddress;

	private volatile long lastResolveAttemptNanos;

	private volatile DatagramChannel channel;

	private volatile boolean shutdown;

	private final LongAdder sent = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder unsampled = new LongAdder();

	private final LongAdder nonXrayTraceIds = new LongAdder();

	private final boolean dropNonXrayTraceIds;

	private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	private final LongAdder suppressedWarnings = new LongAdder();

	private XrayUdpSpanExporter(Builder b) {
		this.translator = b.translator;
		this.warningIntervalNanos = b.warningInterval.toNanos();
		this.dropNonXrayTraceIds = b.dropNonXrayTraceIds;
		this.daemonAddress = b.daemonConfiguration.getAddressForEmitter();
		this.lastResolveAttemptNanos = System.nanoTime();
	}

	/** A builder sending what {@code translator} produces. */
	public static Builder builder(XraySegmentTranslator translator) {
		return new Builder(translator);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (spans == null || spans.isEmpty()) {
			return CompletableResultCode.ofSuccess();
		}
		boolean allSent = true;
		for (SpanData span : spans) {
			try {
				if (span == null || !span.getSpanContext().isSampled()) {
					unsampled.increment();
					continue;
				}
				if (shutdown) {
					dropped.increment();
					allSent = false;
					continue;
				}
				if (!isAcceptedByXray(span.getSpanContext().getTraceId(), System.currentTimeMillis() / 1000)) {
					nonXrayTraceIds.increment();
					if (dropNonXrayTraceIds) {
						continue;
					}
				}
				byte[] datagram = translator.toDatagram(span);
				allSent &= send(datagram);
			}
			catch (RuntimeException | Error e) {
				// The translator does not throw by contract; this guards against the
				// unforeseen.
				if (e instanceof VirtualMachineError) {
					throw (VirtualMachineError) e;
				}
				dropped.increment();
				allSent = false;
				warn("could not translate a span to an X-Ray document", e);
			}
		}
		return allSent ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
	}

	/**
	 * X-Ray only accepts trace ids whose first 8 hex digits are an epoch second within
	 * the last 28 days and at most 5 minutes ahead (ids from {@code AwsXrayIdGenerator}
	 * are; random W3C ids are not).
	 */
	static boolean isAcceptedByXray(String traceId, long nowEpochSeconds) {
		if (traceId == null || traceId.length() < 8) {
			return false;
		}
		long epoch = 0;
		for (int i = 0; i < 8; i++) {
			int d = Character.digit(traceId.charAt(i), 16);
			if (d < 0) {
				return false;
			}
			epoch = (epoch << 4) | d;
		}
		return epoch >= nowEpochSeconds - 28L * 24 * 3600 && epoch <= nowEpochSeconds + 300;
	}

	private boolean send(byte[] datagram) {
		InetSocketAddress target = currentAddress();
		try {
			DatagramChannel ch = channel();
			ch.send(ByteBuffer.wrap(datagram), target);
			sent.increment();
			return true;
		}
		catch (IOException | RuntimeException e) {
			failed.increment();
			warn("could not send an X-Ray document (" + datagram.length + " bytes) to " + target, e);
			return false;
		}
	}

	private InetSocketAddress currentAddress() {
		InetSocketAddress address = daemonAddress;
		if (address.isUnresolved()) {
			long now = System.nanoTime();
			if (now - lastResolveAttemptNanos >= RERESOLVE_INTERVAL_NANOS) {
				lastResolveAttemptNanos = now;
				address = new InetSocketAddress(address.getHostString(), address.getPort());
				daemonAddress = address;
			}
		}
		return address;
	}

	private DatagramChannel channel() throws IOException {
		DatagramChannel ch = channel;
		if (ch != null) {
			return ch;
		}
		synchronized (channelLock) {
			if (shutdown) {
				throw new IOException("exporter is shut down");
			}
			if (channel == null) {
				DatagramChannel opened = DatagramChannel.open();
				try {
					// Some OSes (macOS: 9 KiB) default to send buffers smaller than one
					// document may be.
					if (opened.getOption(StandardSocketOptions.SO_SNDBUF) < 65_536) {
						opened.setOption(StandardSocketOptions.SO_SNDBUF, 65_536);
					}
				}
				catch (IOException | UnsupportedOperationException e) {
					// keep the OS default
				}
				channel = opened;
			}
			return channel;
		}
	}

	private void warn(String message, Throwable e) {
		long now = System.nanoTime();
		long last = lastWarningNanos.get();
		if (now - last >= warningIntervalNanos && lastWarningNanos.compareAndSet(last, now)) {
			long suppressed = suppressedWarnings.sumThenReset();
			log.warn("X-Ray export: {}{}: {}", message,
					suppressed > 0 ? " (" + suppressed + " similar failures not logged)" : "", e.toString());
		}
		else {
			suppressedWarnings.increment();
		}
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess(); // nothing is buffered
	}

	@Override
	public CompletableResultCode shutdown() {
		synchronized (channelLock) {
			shutdown = true;
			DatagramChannel ch = channel;
			channel = null;
			if (ch != null) {
				try {
					ch.close();
				}
				catch (IOException e) {
					return CompletableResultCode.ofFailure();
				}
			}
		}
		return CompletableResultCode.ofSuccess();
	}

	/** Documents handed to the socket. */
	public long getSentDocuments() {
		return sent.sum();
	}

	/** Documents the socket refused (e.g. unresolvable address, closed socket). */
	public long getFailedDocuments() {
		return failed.sum();
	}

	/**
	 * Sampled spans not sent because they could not be translated or the exporter was
	 * shut down.
	 */
	public long getDroppedDocuments() {
		return dropped.sum();
	}

	/** Spans ignored because they were not sampled (recorded-only spans). */
	public long getUnsampledSpans() {
		return unsampled.sum();
	}

	/**
	 * Sampled spans whose trace id X-Ray will reject (not X-Ray time-based, e.g. a random
	 * W3C id from upstream); sent anyway unless
	 * {@link Builder#dropNonXrayTraceIds(boolean)} is set.
	 */
	public long getNonXrayTraceIdSpans() {
		return nonXrayTraceIds.sum();
	}

	/** Where datagrams go. */
	public InetSocketAddress getDaemonAddress() {
		return daemonAddress;
	}

	@Override
	public String toString() {
		return "XrayUdpSpanExporter{daemon=" + daemonAddress + "}";
	}

	/**
	 * Builder; the daemon address defaults to what {@link DaemonConfiguration} reads from
	 * the environment.
	 */
	public static final class Builder {

		private final XraySegmentTranslator translator;

		private DaemonConfiguration daemonConfiguration;

		private Duration warningInterval = Duration.ofSeconds(30);

		private boolean dropNonXrayTraceIds;

		private Builder(XraySegmentTranslator translator) {
			this.translator = Objects.requireNonNull(translator, "translator");
		}

		/**
		 * {@code host:port} or {@code tcp:host:port udp:host:port}, parsed by
		 * {@link DaemonConfiguration}. As in the X-Ray SDKs,
		 * {@code AWS_XRAY_DAEMON_ADDRESS} (or the system property) wins when set.
		 * @throws IllegalArgumentException when the address is malformed
		 */
		public Builder daemonAddress(String address) {
			DaemonConfiguration config = new DaemonConfiguration();
			if (address != null && !address.isBlank()) {
				config.setDaemonAddress(address.trim());
			}
			this.daemonConfiguration = config;
			return this;
		}

		/**
		 * An already configured daemon configuration (shared with the sampler's TCP
		 * endpoint).
		 */
		public Builder daemonConfiguration(DaemonConfiguration configuration) {
			this.daemonConfiguration = Objects.requireNonNull(configuration, "configuration");
			return this;
		}

		/** At most one warning per interval (default 30 s). */
		public Builder warningInterval(Duration interval) {
			this.warningInterval = Objects.requireNonNull(interval, "interval");
			return this;
		}

		/**
		 * Whether to skip spans whose trace id X-Ray would reject, as the Collector's
		 * awsxray exporter does (default false: they are sent and counted in
		 * {@link #getNonXrayTraceIdSpans()}).
		 */
		public Builder dropNonXrayTraceIds(boolean drop) {
			this.dropNonXrayTraceIds = drop;
			return this;
		}

		public XrayUdpSpanExporter build() {
			if (daemonConfiguration == null) {
				daemonConfiguration = new DaemonConfiguration();
			}
			return new XrayUdpSpanExporter(this);
		}

	}

}
