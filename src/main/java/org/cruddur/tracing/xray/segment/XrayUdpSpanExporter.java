package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.RateLimitedWarning;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each sampled span as an X-Ray document over UDP to the X-Ray daemon (or the
 * CloudWatch agent, or an OpenTelemetry Collector with the awsxray receiver): one
 * datagram per segment, with the subsegments of it that end in the same export embedded
 * ({@link Nesting}), and one per other subsegment. On loopback a datagram costs the
 * sender about 5.5 µs of CPU, whatever its size, so a request's server span and its child
 * go out in one send, not two (bench/jmh.sh: 8.8 against 14.2 µs per request).
 *
 * <h2>Why its own socket and not the SDK's {@code UDPEmitter}</h2> The daemon address is
 * parsed by the X-Ray SDK core's {@link DaemonConfiguration}, so
 * {@code AWS_XRAY_DAEMON_ADDRESS} ({@code host:port} or {@code tcp:h:p udp:h:p}, default
 * {@code 127.0.0.1:2000}) means exactly what it means for the X-Ray SDKs. The SDK's
 * emitter, however, only sends its own {@code Segment}/{@code Subsegment} entities (its
 * byte-sending method is private): using it would mean a second object model per span,
 * serialized again with Jackson, losing the size control and the fields the translator
 * writes. The datagram itself is trivial, so this exporter writes the translator's bytes
 * to a {@link DaemonSocket}.
 *
 * <h2>Behaviour</h2> Only sampled spans are sent. {@link #export} never throws: a span
 * that could not be translated or sent is counted as failed (the batch's result is then a
 * failure) and logged at most once per 30 s per kind of failure; a translation failure
 * names the span and the exception class, never attribute values. UDP is fire-and-forget:
 * a daemon that is not running is not an error the sender can see. The daemon's host name
 * is resolved again every 30 s and after send errors ({@link DaemonSocket}), so segments
 * follow a daemon that moved. After {@link #shutdown}, documents are dropped.
 */
public final class XrayUdpSpanExporter implements SpanExporter {

	private static final Logger logger = LoggerFactory.getLogger(XrayUdpSpanExporter.class);

	static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);

	private final XraySegmentTranslator translator;

	private final DaemonSocket socket;

	private final boolean dropNonXrayTraceIds;

	private final RateLimitedWarning translationWarning;

	private final RateLimitedWarning sendWarning;

	private final RateLimitedWarning embedWarning;

	private final LongAdder sent = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder unsampled = new LongAdder();

	private final LongAdder nonXrayTraceIds = new LongAdder();

	/** Sends what {@code translator} writes to the UDP address of {@code daemon}. */
	public XrayUdpSpanExporter(XraySegmentTranslator translator, DaemonConfiguration daemon) {
		this(translator, daemon.getAddressForEmitter(), InetAddress::getAllByName, false, System::nanoTime);
	}

	/**
	 * @param resolver looks the daemon's host name up again (every 30 s, and after send
	 * errors)
	 * @param dropNonXrayTraceIds whether to skip spans whose trace id X-Ray would reject,
	 * as the Collector's awsxray exporter does (they are counted either way)
	 * @param nanoClock the time for rate-limited warnings and address re-resolution
	 */
	XrayUdpSpanExporter(XraySegmentTranslator translator, InetSocketAddress daemonAddress,
			DaemonSocket.HostResolver resolver, boolean dropNonXrayTraceIds, LongSupplier nanoClock) {
		this.translator = Objects.requireNonNull(translator, "translator");
		this.socket = new DaemonSocket(Objects.requireNonNull(daemonAddress, "daemonAddress"), resolver, nanoClock);
		this.dropNonXrayTraceIds = dropNonXrayTraceIds;
		this.translationWarning = new RateLimitedWarning(logger, WARNING_INTERVAL, nanoClock);
		this.sendWarning = new RateLimitedWarning(logger, WARNING_INTERVAL, nanoClock);
		this.embedWarning = new RateLimitedWarning(logger, WARNING_INTERVAL, nanoClock);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (spans == null || spans.isEmpty()) {
			return CompletableResultCode.ofSuccess();
		}
		boolean allSent = true;
		List<SpanData> accepted = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			allSent &= accept(span, accepted);
		}
		Nesting nesting = Nesting.of(accepted);
		for (SpanData span : accepted) {
			if (nesting.isEmbedded(span)) {
				continue;
			}
			allSent &= nesting.subsegmentsOf(span).isEmpty() ? sendAlone(span) : sendTogether(span, nesting);
		}
		return allSent ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
	}

	/**
	 * Adds {@code span} to {@code accepted} when it is to be sent; false when it is lost
	 * (the exporter is shut down, or the span is broken). Never throws.
	 */
	private boolean accept(SpanData span, List<SpanData> accepted) {
		try {
			if (span == null || !span.getSpanContext().isSampled()) {
				this.unsampled.increment();
				return true;
			}
			if (this.socket.isClosed()) {
				this.dropped.increment();
				return false;
			}
			if (!isAcceptedByXray(span.getSpanContext().getTraceId(), System.currentTimeMillis() / 1000)) {
				this.nonXrayTraceIds.increment();
				if (this.dropNonXrayTraceIds) {
					return true;
				}
			}
			accepted.add(span);
			return true;
		}
		catch (RuntimeException ex) {
			return translationFailed(span, ex);
		}
	}

	/** One datagram for the span; whether it was sent. Never throws. */
	private boolean sendAlone(SpanData span) {
		ByteBuffer datagram;
		try {
			datagram = this.translator.datagram(span);
		}
		catch (RuntimeException ex) {
			return translationFailed(span, ex);
		}
		return send(datagram, 1);
	}

	/**
	 * One datagram for a segment and the subsegments embedded in it; when that document
	 * would be too large, or one of the spans cannot be translated, each goes on its own
	 * (so only a broken span is lost). Whether all were sent. Never throws.
	 */
	private boolean sendTogether(SpanData segment, Nesting nesting) {
		List<SpanData> spans = new ArrayList<>();
		collect(segment, nesting, spans);
		ByteBuffer datagram;
		try {
			datagram = this.translator.datagram(segment, nesting);
		}
		catch (RuntimeException ex) {
			// Each span is translated again on its own below: a broken one fails alone.
			this.embedWarning.warn("X-Ray export: could not write segment '{}' with its {} subsegment(s) ({}); "
					+ "they are sent span by span", nameOf(segment), spans.size() - 1, ex.getClass().getName());
			datagram = null;
		}
		if (datagram != null) {
			return send(datagram, spans.size());
		}
		boolean allSent = true;
		for (SpanData span : spans) {
			allSent &= sendAlone(span);
		}
		return allSent;
	}

	private static void collect(SpanData span, Nesting nesting, List<SpanData> into) {
		into.add(span);
		for (SpanData subsegment : nesting.subsegmentsOf(span)) {
			collect(subsegment, nesting, into);
		}
	}

	private boolean translationFailed(SpanData span, RuntimeException ex) {
		// A defect or a broken span: one span is lost, the batch and the process go on.
		this.failed.increment();
		this.translationWarning.warn("X-Ray export: could not translate span '{}' ({}); it is not sent", nameOf(span),
				ex.getClass().getName());
		return false;
	}

	/** Sends a datagram that carries {@code documents} span documents. */
	private boolean send(ByteBuffer datagram, int documents) {
		int bytes = datagram.remaining();
		try {
			this.socket.send(datagram);
			this.sent.add(documents);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.failed.add(documents);
			this.sendWarning.warn("X-Ray export: could not send an X-Ray document ({} bytes) to {}: {}", bytes,
					this.socket.address(), ex.toString());
			return false;
		}
	}

	private static String nameOf(SpanData span) {
		try {
			return span.getName();
		}
		catch (RuntimeException ex) {
			return "?";
		}
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
			int digit = Character.digit(traceId.charAt(i), 16);
			if (digit < 0) {
				return false;
			}
			epoch = (epoch << 4) | digit;
		}
		return epoch >= nowEpochSeconds - 28L * 24 * 3600 && epoch <= nowEpochSeconds + 300;
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess(); // nothing is buffered
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.socket.close() ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
	}

	/** Span documents handed to the socket (embedded subsegments included). */
	public long getSentDocuments() {
		return this.sent.sum();
	}

	/**
	 * Sampled spans that could not be translated, or whose document the socket refused.
	 */
	public long getFailedDocuments() {
		return this.failed.sum();
	}

	/** Sampled spans not sent because the exporter was shut down. */
	public long getDroppedDocuments() {
		return this.dropped.sum();
	}

	/** Where datagrams go. */
	public InetSocketAddress getDaemonAddress() {
		return this.socket.address();
	}

	/** Spans ignored because they were not sampled (recorded-only spans). */
	long getUnsampledSpans() {
		return this.unsampled.sum();
	}

	/**
	 * Sampled spans whose trace id X-Ray will reject (e.g. a random W3C id from
	 * upstream).
	 */
	long getNonXrayTraceIdSpans() {
		return this.nonXrayTraceIds.sum();
	}

	@Override
	public String toString() {
		return "XrayUdpSpanExporter{daemon=" + this.socket.address() + "}";
	}

}
