package org.cruddur.tracing.xray.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Makes a span what X-Ray's OTLP endpoint expects: the configured indexed attributes
 * named in {@code aws.xray.annotations} (so X-Ray shows them as annotations, as the
 * daemon path does), and at most {@link #MAX_SPAN_BYTES} (X-Ray refuses spans over 200
 * KB): when larger, every string value (of the span, its events and links) is cut to the
 * longest length that fits.
 */
final class XraySpanLimits {

	/** The span attribute X-Ray reads to turn attributes into annotations. */
	static final AttributeKey<List<String>> ANNOTATIONS = AttributeKey.stringArrayKey("aws.xray.annotations");

	/** X-Ray's 200 KB, less a margin for the estimate's own error. */
	static final long MAX_SPAN_BYTES = 200_000;

	/**
	 * Values are never cut shorter than this: a span that still does not fit is dropped.
	 */
	private static final int SHORTEST_CUT = 64;

	private final Set<String> indexedAttributes;

	private final long maxSpanBytes;

	XraySpanLimits(Set<String> indexedAttributes, long maxSpanBytes) {
		this.indexedAttributes = Set.copyOf(indexedAttributes);
		this.maxSpanBytes = maxSpanBytes;
	}

	/**
	 * The span for X-Ray, or {@code null} when it cannot be made to fit.
	 */
	Fitted fit(SpanData span) {
		SpanData annotated = annotated(span);
		if (SpanSize.of(annotated) <= this.maxSpanBytes) {
			return new Fitted(annotated, false);
		}
		int longest = longestString(annotated);
		if (longest <= SHORTEST_CUT || SpanSize.of(cut(annotated, SHORTEST_CUT)) > this.maxSpanBytes) {
			return null;
		}
		// the longest cut that fits: SHORTEST_CUT fits, longest does not
		int fits = SHORTEST_CUT;
		int tooLong = longest;
		while (tooLong - fits > 1) {
			int middle = (fits + tooLong) >>> 1;
			if (SpanSize.of(cut(annotated, middle)) <= this.maxSpanBytes) {
				fits = middle;
			}
			else {
				tooLong = middle;
			}
		}
		return new Fitted(cut(annotated, fits), true);
	}

	private SpanData annotated(SpanData span) {
		List<String> present = new ArrayList<>();
		span.getAttributes().forEach((key, value) -> {
			if (this.indexedAttributes.contains(key.getKey())) {
				present.add(key.getKey());
			}
		});
		if (present.isEmpty()) {
			return span;
		}
		Attributes attributes = span.getAttributes().toBuilder().put(ANNOTATIONS, present).build();
		return new XraySpanView(span, attributes, span.getEvents(), span.getLinks());
	}

	private static SpanData cut(SpanData span, int length) {
		List<EventData> events = new ArrayList<>(span.getEvents().size());
		for (EventData event : span.getEvents()) {
			events.add(EventData.create(event.getEpochNanos(), event.getName(), cut(event.getAttributes(), length),
					event.getTotalAttributeCount()));
		}
		List<LinkData> links = new ArrayList<>(span.getLinks().size());
		for (LinkData link : span.getLinks()) {
			links.add(LinkData.create(link.getSpanContext(), cut(link.getAttributes(), length),
					link.getTotalAttributeCount()));
		}
		return new XraySpanView(span, cut(span.getAttributes(), length), events, links);
	}

	private static Attributes cut(Attributes attributes, int length) {
		AttributesBuilder builder = Attributes.builder();
		attributes.forEach((key, value) -> put(builder, key, cut(value, length)));
		return builder.build();
	}

	private static Object cut(Object value, int length) {
		if (value instanceof String text) {
			return cut(text, length);
		}
		if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
			return list.stream().map((element) -> cut((String) element, length)).toList();
		}
		return value;
	}

	private static String cut(String text, int length) {
		if (text.length() <= length) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
		return text.substring(0, end);
	}

	@SuppressWarnings("unchecked")
	private static <T> void put(AttributesBuilder builder, AttributeKey<T> key, Object value) {
		builder.put(key, (T) value);
	}

	private static int longestString(SpanData span) {
		int[] longest = { 0 };
		List<Attributes> all = new ArrayList<>();
		all.add(span.getAttributes());
		span.getEvents().forEach((event) -> all.add(event.getAttributes()));
		span.getLinks().forEach((link) -> all.add(link.getAttributes()));
		for (Attributes attributes : all) {
			attributes.forEach((key, value) -> longest[0] = Math.max(longest[0], longest(value)));
		}
		return longest[0];
	}

	private static int longest(Object value) {
		if (value instanceof String text) {
			return text.length();
		}
		if (value instanceof List<?> list) {
			return list.stream().mapToInt(XraySpanLimits::longest).max().orElse(0);
		}
		return 0;
	}

	/** A span ready for X-Ray, and whether values were cut to make it fit. */
	record Fitted(SpanData span, boolean truncated) {
	}

}
