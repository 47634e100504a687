package org.cruddur.tracing.xray.otlp;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An upper bound on how many bytes a span takes in an OTLP protobuf request, without
 * marshalling it (the SDK's marshalers are internal API): every string at its UTF-8
 * length, every field with the largest tag and length prefix it can have. Used to keep
 * requests under X-Ray's 5 MB and spans under its 200 KB.
 */
final class SpanSize {

	/** Tag and length prefix of a field, at most. */
	private static final int FIELD = 6;

	/**
	 * Ids, times, kind, flags, dropped counts and status code of a span, with their tags.
	 */
	private static final int SPAN_FIXED = 18 + 10 + 10 + 9 + 9 + 2 + 6 + 3 * 6 + 8 + 4 * FIELD;

	private SpanSize() {
	}

	static long of(SpanData span) {
		long size = SPAN_FIXED + string(span.getName()) + string(span.getStatus().getDescription()) + string(
				span.getSpanContext().getTraceState().isEmpty() ? "" : span.getSpanContext().getTraceState().toString())
				+ attributes(span.getAttributes());
		for (EventData event : span.getEvents()) {
			size += FIELD + 9 + 6 + string(event.getName()) + attributes(event.getAttributes());
		}
		for (LinkData link : span.getLinks()) {
			size += FIELD + 18 + 10 + 6 + 6 + string(link.getSpanContext().getTraceState().toString())
					+ attributes(link.getAttributes());
		}
		return size;
	}

	/** The resource and scope wrapping of a request's spans. */
	static long of(Resource resource) {
		return 4 * FIELD + string(resource.getSchemaUrl()) + attributes(resource.getAttributes());
	}

	static long attributes(Attributes attributes) {
		long[] size = { 0 };
		attributes.forEach((key, value) -> size[0] += attribute(key, value));
		return size[0];
	}

	static long attribute(AttributeKey<?> key, Object value) {
		return 3 * FIELD + string(key.getKey()) + value(value);
	}

	private static long value(Object value) {
		if (value instanceof String text) {
			return FIELD + string(text);
		}
		if (value instanceof List<?> list) {
			long size = 2 * FIELD;
			for (Object element : list) {
				size += 2 * FIELD + value(element);
			}
			return size;
		}
		// long, double, boolean, bytes as strings
		return FIELD + 10 + ((value instanceof byte[] bytes) ? bytes.length : 0);
	}

	/** The UTF-8 length of {@code text} (0 for null). */
	static int string(String text) {
		if (text == null) {
			return 0;
		}
		int length = text.length();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x800) {
				length += 2;
			}
			else if (c >= 0x80) {
				length += 1;
			}
		}
		return length;
	}

}
