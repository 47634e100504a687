package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.IncubatingAttributes;
import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ExceptionAttributes;

import org.cruddur.tracing.xray.segment.ExceptionInfo.Frame;
import org.cruddur.tracing.xray.segment.SpanFacts.Fact;

/**
 * The flags {@code error} (4xx), {@code throttle} (429) and {@code fault} (5xx, or an
 * ERROR span status on anything but a 4xx, as the Collector does: a 4xx stays the
 * caller's fault), and the {@code cause} block: one entry per exception,
 * {@code Caused by} chains linked through {@code cause} ids; CLIENT and PRODUCER
 * exceptions are {@code remote}. Without exception events, an ERROR status's description
 * is the cause.
 */
final class CauseBlock {

	private CauseBlock() {
	}

	static void write(JsonOutput out, SpanFacts facts, Limits limits) {
		long status = facts.number(Fact.STATUS);
		boolean error = status >= 400 && status < 500;
		StatusData spanStatus = facts.span.getStatus();
		boolean errorStatus = spanStatus != null && spanStatus.getStatusCode() == StatusCode.ERROR;
		boolean fault = (status >= 500 && status < 600) || (errorStatus && !error);
		if (error) {
			out.name("error").value(true);
		}
		if (status == 429) {
			out.name("throttle").value(true);
		}
		if (fault) {
			out.name("fault").value(true);
		}
		writeCause(out, facts, limits, errorStatus ? spanStatus.getDescription() : null);
	}

	private static void writeCause(JsonOutput out, SpanFacts facts, Limits limits, String statusDescription) {
		List<EventData> events = facts.span.getEvents();
		boolean opened = false;
		int written = 0;
		if (events != null) {
			for (EventData event : events) {
				if (event == null || !IncubatingAttributes.EXCEPTION_EVENT_NAME.equals(event.getName())) {
					continue;
				}
				if (written >= limits.maxExceptions()) {
					break;
				}
				if (!opened) {
					out.name("cause").beginObject().name("exceptions").beginArray();
					opened = true;
				}
				List<ExceptionInfo> chain = exceptionChain(event, limits);
				for (int i = 0; i < chain.size() && written < limits.maxExceptions(); i++) {
					boolean hasCause = i + 1 < chain.size() && written + 1 < limits.maxExceptions();
					long causeId = hasCause ? exceptionId(facts.spanId, written + 1) : 0L;
					writeException(out, facts, limits, chain.get(i), exceptionId(facts.spanId, written), causeId,
							i == 0);
					written++;
				}
			}
		}
		if (!opened && statusDescription != null && !statusDescription.isEmpty()) {
			out.name("cause").beginObject().name("exceptions").beginArray();
			opened = true;
			out.beginObject();
			out.name("id").hex16(exceptionId(facts.spanId, 0));
			out.name("message").value(statusDescription, limits.maxMessageChars());
			out.endObject();
		}
		if (opened) {
			out.endArray().endObject();
		}
	}

	private static void writeException(JsonOutput out, SpanFacts facts, Limits limits, ExceptionInfo info, long id,
			long causeId, boolean first) {
		out.beginObject();
		out.name("id").hex16(id);
		if (info.type() != null) {
			out.name("type").value(info.type(), 512);
		}
		if (info.message() != null) {
			out.name("message").value(info.message(), limits.maxMessageChars());
		}
		if (first && facts.isRemoteCall()) {
			out.name("remote").value(true);
		}
		if (causeId != 0L) {
			out.name("cause").hex16(causeId);
		}
		int kept = Math.min(info.frameCount(), limits.maxFramesPerException());
		if (kept > 0) {
			out.name("stack").beginArray();
			for (Frame frame : info.frames().subList(0, kept)) {
				out.beginObject();
				if (frame.path() != null) {
					out.name("path").value(frame.path(), 512);
				}
				if (frame.line() >= 0) {
					out.name("line").value(frame.line());
				}
				out.name("label").value(frame.label(), 512);
				out.endObject();
			}
			out.endArray();
		}
		if (info.frameCount() > kept) {
			out.name("truncated").value(info.frameCount() - kept);
		}
		if (info.skipped() > 0) {
			out.name("skipped").value(info.skipped());
		}
		out.endObject();
	}

	private static List<ExceptionInfo> exceptionChain(EventData event, Limits limits) {
		if (event instanceof ExceptionEventData recorded && recorded.getException() != null) {
			return ExceptionInfo.fromThrowable(recorded.getException(), limits.maxExceptions(),
					limits.maxFramesPerException());
		}
		Attributes attributes = (event.getAttributes() != null) ? event.getAttributes() : Attributes.empty();
		return StackTraceText.parse(attributes.get(ExceptionAttributes.EXCEPTION_TYPE),
				attributes.get(ExceptionAttributes.EXCEPTION_MESSAGE),
				attributes.get(ExceptionAttributes.EXCEPTION_STACKTRACE), limits.maxExceptions(),
				limits.maxFramesPerException());
	}

	/**
	 * Ids unique within the span, derived from its id so the same span yields the same
	 * ids.
	 */
	static long exceptionId(long spanId, int index) {
		long id = spanId ^ ((index + 1L) * 0x9E3779B97F4A7C15L);
		return (id == 0L) ? 1L : id;
	}

}
