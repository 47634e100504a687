package org.cruddur.testing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Test fixtures: spans and JSON parsing. */
public final class XraySpans {

	/** Strict: a duplicate key in a document fails the test. */
	public static final ObjectMapper JSON = JsonMapper.builder()
		.enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	public static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";

	public static final String XRAY_TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";

	public static final String UPSTREAM_PARENT_ID = "53995c3f42cd8ad8";

	public static final String SPAN_ID = "c370976d58de4972";

	public static final long START_NANOS = 1_795_685_334_982_296_500L;

	public static final long END_NANOS = 1_795_685_334_982_752_600L;

	public static final Resource RESOURCE = Resource
		.create(Attributes.builder().put("service.name", "cruddur-backend").put("service.version", "0.1.0").build());

	private XraySpans() {
	}

	public static SpanContext context(String spanId) {
		return SpanContext.create(TRACE_ID, spanId, TraceFlags.getSampled(), TraceState.getDefault());
	}

	public static SpanContext remoteParent() {
		return SpanContext.createFromRemoteParent(TRACE_ID, UPSTREAM_PARENT_ID, TraceFlags.getSampled(),
				TraceState.getDefault());
	}

	public static TestSpanData.Builder span(SpanKind kind) {
		return TestSpanData.builder()
			.setName("test span")
			.setKind(kind)
			.setSpanContext(context(SPAN_ID))
			.setParentSpanContext(SpanContext.getInvalid())
			.setResource(RESOURCE)
			.setStartEpochNanos(START_NANOS)
			.setEndEpochNanos(END_NANOS)
			.setHasEnded(true)
			.setStatus(StatusData.unset())
			.setAttributes(Attributes.empty())
			.setEvents(List.of())
			.setLinks(List.of())
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0)
			.setTotalAttributeCount(0);
	}

	/**
	 * {@code span}, except that reading its attributes throws {@code failure}: a broken
	 * {@link SpanData} implementation, or a defect in the code reading it.
	 */
	public static SpanData withBrokenAttributes(SpanData span, RuntimeException failure) {
		return new DelegatingSpanData(span) {

			@Override
			public Attributes getAttributes() {
				throw failure;
			}

		};
	}

	public static JsonNode parse(String json) {
		return JSON.readTree(json);
	}

}
