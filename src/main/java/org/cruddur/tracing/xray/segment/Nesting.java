package org.cruddur.tracing.xray.segment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Which spans of one export ride inside their segment's document: the subsegments that
 * descend, through parents in the same export and trace, from a segment of the export (in
 * this service, a request's {@code home-activities-mock-data} span inside the request's
 * segment). At most {@link #MAX_EMBEDDED} per segment (the X-Ray SDKs send a segment's
 * subsegments on their own beyond 100). A span that is not reached from a segment (its
 * parent ended in another export, or a broken parent link) stays an independent
 * subsegment. Spans are compared by identity; immutable.
 */
final class Nesting {

	static final int MAX_EMBEDDED = 100;

	static final Nesting NONE = new Nesting(Map.of(), Set.of());

	private final Map<SpanData, List<SpanData>> subsegmentsByParent;

	private final Set<SpanData> embedded;

	private Nesting(Map<SpanData, List<SpanData>> subsegmentsByParent, Set<SpanData> embedded) {
		this.subsegmentsByParent = subsegmentsByParent;
		this.embedded = embedded;
	}

	/**
	 * The nesting of {@code spans}; none at all when a span cannot be read (each is then
	 * sent on its own, and only the broken one fails).
	 */
	static Nesting of(List<SpanData> spans) {
		if (spans.size() < 2) {
			return NONE;
		}
		try {
			return read(spans);
		}
		catch (RuntimeException ex) {
			return NONE;
		}
	}

	private static Nesting read(List<SpanData> spans) {
		Map<String, SpanData> bySpanId = new HashMap<>();
		for (SpanData span : spans) {
			bySpanId.put(span.getSpanId(), span);
		}
		Map<SpanData, List<SpanData>> childrenByParent = new IdentityHashMap<>();
		for (SpanData span : spans) {
			SpanData parent = localParent(span, bySpanId);
			if (parent != null) {
				childrenByParent.computeIfAbsent(parent, (key) -> new ArrayList<>(2)).add(span);
			}
		}
		if (childrenByParent.isEmpty()) {
			return NONE;
		}
		Map<SpanData, List<SpanData>> subsegmentsByParent = new IdentityHashMap<>();
		Set<SpanData> embedded = Collections.newSetFromMap(new IdentityHashMap<>());
		for (SpanData span : spans) {
			if (XraySegmentTranslator.isSegment(span)) {
				embedDescendants(span, childrenByParent, subsegmentsByParent, embedded);
			}
		}
		return new Nesting(subsegmentsByParent, embedded);
	}

	/**
	 * The parent of a would-be subsegment when it is in the export and the same trace;
	 * null for segments and spans whose parent is elsewhere.
	 */
	private static SpanData localParent(SpanData span, Map<String, SpanData> bySpanId) {
		SpanContext parent = span.getParentSpanContext();
		if (XraySegmentTranslator.isSegment(span) || parent.isRemote()) {
			return null;
		}
		SpanData found = bySpanId.get(parent.getSpanId());
		return (found != null && found != span && found.getTraceId().equals(span.getTraceId())) ? found : null;
	}

	/** Walks down from a segment; a span already embedded is not visited again. */
	private static void embedDescendants(SpanData segment, Map<SpanData, List<SpanData>> childrenByParent,
			Map<SpanData, List<SpanData>> subsegmentsByParent, Set<SpanData> embedded) {
		Deque<SpanData> pending = new ArrayDeque<>();
		pending.push(segment);
		int count = 0;
		while (!pending.isEmpty() && count < MAX_EMBEDDED) {
			SpanData parent = pending.pop();
			for (SpanData child : childrenByParent.getOrDefault(parent, List.of())) {
				if (count == MAX_EMBEDDED || !embedded.add(child)) {
					continue;
				}
				count++;
				subsegmentsByParent.computeIfAbsent(parent, (key) -> new ArrayList<>(2)).add(child);
				pending.push(child);
			}
		}
	}

	/** Whether {@code span} is sent inside its segment's document. */
	boolean isEmbedded(SpanData span) {
		return this.embedded.contains(span);
	}

	/**
	 * The subsegments written into {@code span}'s {@code subsegments} array; empty for
	 * most spans.
	 */
	List<SpanData> subsegmentsOf(SpanData span) {
		return this.subsegmentsByParent.getOrDefault(span, List.of());
	}

}
