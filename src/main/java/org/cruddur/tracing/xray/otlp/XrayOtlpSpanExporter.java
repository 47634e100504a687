package org.cruddur.tracing.xray.otlp;

import org.cruddur.tracing.RateLimitedWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.cruddur.tracing.xray.otlp.ExportFailure.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spans to X-Ray's OTLP endpoint within its limits, through the SDK's OTLP exporter
 * (which marshals and compresses) and {@link SigningHttpSender} (which signs and sends):
 * each span fitted by {@link XraySpanLimits}, the batch split into requests of at most
 * 10,000 spans and 5 MB. Without credentials nothing is marshalled or sent. Every span is
 * counted once: sent, or dropped with a reason ({@link Reason}); a span whose values were
 * cut is counted as truncated too. Never throws.
 */
public final class XrayOtlpSpanExporter implements SpanExporter {

	static final int MAX_SPANS_PER_REQUEST = 10_000;

	/** The request's own envelope (its resource and scope are counted per span group). */
	private static final int REQUEST_OVERHEAD = 64;

	private static final Logger logger = LoggerFactory.getLogger(XrayOtlpSpanExporter.class);

	private final SpanExporter otlp;

	private final XraySpanLimits limits;

	private final XrayCredentials credentials;

	private final long maxRequestBytes;

	private final LongAdder sent = new LongAdder();

	private final LongAdder truncated = new LongAdder();

	private final Map<Reason, LongAdder> dropped = new EnumMap<>(Reason.class);

	private final RateLimitedWarning failures = new RateLimitedWarning(logger, Duration.ofSeconds(30),
			System::nanoTime);

	XrayOtlpSpanExporter(SpanExporter otlp, XraySpanLimits limits, XrayCredentials credentials, long maxRequestBytes) {
		this.otlp = otlp;
		this.limits = limits;
		this.credentials = credentials;
		this.maxRequestBytes = maxRequestBytes;
		for (Reason reason : Reason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		try {
			if (this.credentials.current() == null) {
				this.dropped.get(Reason.NO_CREDENTIALS).add(spans.size());
				return CompletableResultCode.ofFailure();
			}
			List<SpanData> fitted = fitted(spans);
			List<CompletableResultCode> results = new ArrayList<>();
			if (fitted.size() < spans.size()) {
				results.add(CompletableResultCode.ofFailure());
			}
			for (List<SpanData> request : requests(fitted)) {
				CompletableResultCode result = this.otlp.export(request);
				result.whenComplete(() -> account(result, request.size()));
				results.add(result);
			}
			return CompletableResultCode.ofAll(results);
		}
		catch (RuntimeException ex) {
			this.dropped.get(Reason.FAILED).add(spans.size());
			this.failures.warn("X-Ray OTLP: a batch of {} spans could not be exported: {}", spans.size(),
					ex.toString());
			return CompletableResultCode.ofFailure();
		}
	}

	private List<SpanData> fitted(Collection<SpanData> spans) {
		List<SpanData> fitted = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			XraySpanLimits.Fitted fit = this.limits.fit(span);
			if (fit == null) {
				this.dropped.get(Reason.TOO_LARGE).increment();
				this.failures.warn("X-Ray OTLP: span '{}' is over X-Ray's 200 KB even with its values cut; dropped",
						span.getName());
				continue;
			}
			if (fit.truncated()) {
				this.truncated.increment();
			}
			fitted.add(fit.span());
		}
		return fitted;
	}

	/** Consecutive groups of at most 10,000 spans and {@code maxRequestBytes} each. */
	private List<List<SpanData>> requests(List<SpanData> spans) {
		List<List<SpanData>> requests = new ArrayList<>();
		List<SpanData> current = new ArrayList<>();
		Set<Object> wrappers = new HashSet<>();
		long bytes = REQUEST_OVERHEAD;
		for (SpanData span : spans) {
			long size = SpanSize.of(span) + wrapperSize(span, wrappers);
			if (!current.isEmpty()
					&& (current.size() == MAX_SPANS_PER_REQUEST || bytes + size > this.maxRequestBytes)) {
				requests.add(current);
				current = new ArrayList<>();
				wrappers.clear();
				bytes = REQUEST_OVERHEAD;
				size = SpanSize.of(span) + wrapperSize(span, wrappers);
			}
			current.add(span);
			bytes += size;
		}
		if (!current.isEmpty()) {
			requests.add(current);
		}
		return requests;
	}

	/**
	 * The resource and scope a span brings into a request, the first time they appear in
	 * it.
	 */
	private static long wrapperSize(SpanData span, Set<Object> inRequest) {
		long size = 0;
		Resource resource = span.getResource();
		if (inRequest.add(resource)) {
			size += SpanSize.of(resource);
		}
		InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
		if (inRequest.add(List.of(resource, scope))) {
			size += 64 + SpanSize.string(scope.getName()) + SpanSize.string(scope.getVersion())
					+ SpanSize.string(scope.getSchemaUrl()) + SpanSize.attributes(scope.getAttributes());
		}
		return size;
	}

	private void account(CompletableResultCode result, int spans) {
		if (result.isSuccess()) {
			this.sent.add(spans);
			return;
		}
		Reason reason = ExportFailure.reasonOf(result.getFailureThrowable());
		this.dropped.get((reason != null) ? reason : Reason.FAILED).add(spans);
	}

	@Override
	public CompletableResultCode flush() {
		return this.otlp.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.otlp.shutdown();
	}

	/** Spans X-Ray accepted. */
	public long getSentSpans() {
		return this.sent.sum();
	}

	/** Spans sent with some attribute values cut to fit X-Ray's 200 KB. */
	public long getTruncatedSpans() {
		return this.truncated.sum();
	}

	/** Spans that did not reach X-Ray, for this reason. */
	long getDroppedSpans(Reason reason) {
		return this.dropped.get(reason).sum();
	}

	@Override
	public String toString() {
		return "XrayOtlpSpanExporter{" + this.otlp + "}";
	}

}
