package org.cruddur.tracing.xray;

import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Puts the X-Ray form of the current trace into the log MDC under
 * {@code AWS-XRAY-TRACE-ID}
 * ({@code 1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8}, the key and format of
 * ADOT), next to Boot's {@code traceId} and {@code spanId}, so CloudWatch Logs lines link
 * to their X-Ray trace.
 * <p>
 * A request's scope is attached and restored several times (with
 * {@code spring.reactor.context-propagation=auto}, around every Reactor operator), so the
 * X-Ray form is built once per span and thread, not on every event.
 */
public class XrayLogCorrelation implements EventListener {

	public static final String MDC_KEY = "AWS-XRAY-TRACE-ID";

	private static final ThreadLocal<LastSpan> LAST_SPAN = new ThreadLocal<>();

	@Override
	public void onEvent(Object event) {
		if (event instanceof EventPublishingContextWrapper.ScopeAttachedEvent attached) {
			put(attached.getSpan());
		}
		else if (event instanceof EventPublishingContextWrapper.ScopeRestoredEvent restored) {
			put(restored.getSpan());
		}
		else if (event instanceof EventPublishingContextWrapper.ScopeClosedEvent) {
			MDC.remove(MDC_KEY);
		}
	}

	private static void put(Span span) {
		if (span == null) {
			return;
		}
		SpanContext context = span.getSpanContext();
		if (context.isValid()) {
			MDC.put(MDC_KEY, xrayForm(context.getTraceId(), context.getSpanId()));
		}
	}

	/**
	 * {@code 1-<epoch>-<random>@<span id>}, reused while this thread keeps seeing the
	 * same span.
	 */
	static String xrayForm(String traceId, String spanId) {
		LastSpan last = LAST_SPAN.get();
		if (last != null && last.traceId().equals(traceId) && last.spanId().equals(spanId)) {
			return last.xrayForm();
		}
		String xrayForm = XrayTraceIds.toXray(traceId) + "@" + spanId;
		LAST_SPAN.set(new LastSpan(traceId, spanId, xrayForm));
		return xrayForm;
	}

	private record LastSpan(String traceId, String spanId, String xrayForm) {
	}

}
