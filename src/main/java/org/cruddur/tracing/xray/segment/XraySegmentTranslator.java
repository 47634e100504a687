package org.cruddur.tracing.xray.segment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Turns OpenTelemetry {@link SpanData} into X-Ray segment documents (X-Ray developer
 * guide, "Segment documents"), one per span or one for a segment and its subsegments,
 * following the rules of the OpenTelemetry Collector's {@code awsxray} exporter. This
 * class only orchestrates: it reads the span once ({@link SpanFacts}), writes the
 * document's identity (name, ids, type, times) and lets one writer per block do the rest
 * ({@link HttpBlock}, {@link CauseBlock}, {@link ResourceBlock}, {@link AnnotationBlock},
 * {@link MetadataBlock}).
 *
 * <p>
 * SERVER spans and spans without a parent become segments; every other span becomes a
 * subsegment. A subsegment whose segment ends in the same export rides in that segment's
 * {@code subsegments} array ({@link #datagram(SpanData, Nesting)}, as the X-Ray SDKs send
 * a finished segment): one datagram per request instead of one per span. Any other
 * subsegment is independent ({@code "type": "subsegment"}, with {@code trace_id} and
 * {@code parent_id}) and sent in its own datagram, so spans never wait for their trace to
 * complete. CLIENT and PRODUCER spans get {@code namespace: "remote"}, INTERNAL ones
 * {@code namespace: "local"} (as the seed's custom subsegments).
 *
 * <p>
 * A datagram (header and document) never exceeds {@link #MAX_DATAGRAM_BYTES}: values are
 * cut while writing; a document still too large is written again at the next, tighter
 * {@link Limits level}. Only oversized spans are written twice, and the spans of a
 * segment too large with its subsegments inside.
 *
 * <p>
 * Odd input (missing or mistyped attributes, invalid ids, huge values) yields the best
 * document possible. A {@link RuntimeException} means a defect or a broken
 * {@link SpanData}; it propagates to the caller, which counts and logs it. Thread-safe;
 * immutable apart from a one-entry resource cache.
 */
public final class XraySegmentTranslator {

	/** The X-Ray SDKs' UDPEmitter limit; the IPv4 UDP payload limit is 65,507 bytes. */
	static final int MAX_DATAGRAM_BYTES = 63 * 1024;

	/** The daemon's datagram header, followed by one document. */
	static final String DATAGRAM_HEADER = "{\"format\": \"json\", \"version\": 1}\n";

	private static final byte[] HEADER_BYTES = DATAGRAM_HEADER.getBytes(StandardCharsets.UTF_8);

	private static final String ZERO_TRACE_ID = "1-00000000-000000000000000000000000";

	private final SegmentNaming naming;

	private final AttributeRouting routing;

	private final String sdkVersion;

	private volatile ResourceBlock resourceCache;

	public XraySegmentTranslator(SegmentSettings settings) {
		this.naming = new SegmentNaming(settings.segmentName(), settings.dynamicNamingHosts());
		this.routing = new AttributeRouting(settings.indexedAttributes(), settings.metadataAliases());
		this.sdkVersion = settings.sdkVersion();
	}

	/** Header line and document as UTF-8, ready to be sent in one datagram. */
	public byte[] toDatagram(SpanData span) {
		return encode(span).toByteArray();
	}

	/**
	 * Header line and one document: {@code segment} with the subsegments that
	 * {@code nesting} puts under it embedded in {@code subsegments} arrays (without the
	 * {@code trace_id}, {@code parent_id} and {@code type} an independent subsegment
	 * carries: X-Ray takes them from the enclosing document), written at the first
	 * {@link Limits level}, as a span alone is first written. Null when that document
	 * would exceed the datagram limit; the caller then sends each span on its own, where
	 * values are cut further only when one span alone is too large.
	 */
	ByteBuffer datagram(SpanData segment, Nesting nesting) {
		JsonOutput out = encode(segment, nesting);
		return (out != null) ? out.asByteBuffer() : null;
	}

	/**
	 * {@link #toDatagram(SpanData)} without copying the bytes out of the writer's buffer
	 * (the exporter sends it once and drops it).
	 */
	ByteBuffer datagram(SpanData span) {
		return encode(span).asByteBuffer();
	}

	/**
	 * Whether {@code span} becomes a segment (a SERVER span, or one without a parent).
	 */
	static boolean isSegment(SpanData span) {
		SpanContext parent = span.getParentSpanContext();
		return span.getKind() == SpanKind.SERVER || parent == null || !parent.isValid();
	}

	/** The document alone (no header). */
	String toJson(SpanData span) {
		return encode(span).toUtf8String(HEADER_BYTES.length);
	}

	private JsonOutput encode(SpanData segment, Nesting nesting) {
		SpanFacts facts = SpanFacts.read(segment);
		ResourceBlock resource = resourceBlock(segment.getResource());
		JsonOutput out = new JsonOutput(2 * Limits.NORMAL.initialBytes());
		out.raw(HEADER_BYTES);
		writeDocument(out, facts, resource, Limits.NORMAL, false, nesting);
		return (out.size() <= MAX_DATAGRAM_BYTES) ? out : null;
	}

	private JsonOutput encode(SpanData span) {
		SpanFacts facts = SpanFacts.read(span);
		ResourceBlock resource = resourceBlock(span.getResource());
		for (Limits limits : Limits.LEVELS) {
			JsonOutput out = new JsonOutput(limits.initialBytes());
			out.raw(HEADER_BYTES);
			writeDocument(out, facts, resource, limits, false, Nesting.NONE);
			if (out.size() <= MAX_DATAGRAM_BYTES) {
				return out;
			}
		}
		return minimalDocument(facts);
	}

	/**
	 * @param embedded whether this is a subsegment inside its segment's document (ids
	 * other than its own come from there)
	 * @param nesting the spans written into this document's {@code subsegments} array
	 */
	private void writeDocument(JsonOutput out, SpanFacts facts, ResourceBlock resource, Limits limits, boolean embedded,
			Nesting nesting) {
		out.beginObject();
		out.name("name").value(this.naming.nameOf(facts, resource.serviceName()));
		if (embedded) {
			out.name("id").hex16(facts.spanId);
		}
		else {
			writeIds(out, facts);
			if (facts.hasParent) {
				out.name("parent_id").hex16(facts.parentId);
			}
		}
		if (!facts.segment) {
			if (!embedded) {
				out.name("type").value("subsegment");
			}
			if (facts.isRemoteCall()) {
				out.name("namespace").value("remote");
			}
			else if (facts.kind == SpanKind.INTERNAL) {
				out.name("namespace").value("local");
			}
		}
		long start = facts.span.getStartEpochNanos();
		out.name("start_time").epochSeconds(start);
		if (facts.span.hasEnded() && facts.span.getEndEpochNanos() > 0) {
			out.name("end_time").epochSeconds(Math.max(start, facts.span.getEndEpochNanos()));
		}
		else {
			out.name("in_progress").value(true);
		}
		HttpBlock.write(out, facts, limits);
		CauseBlock.write(out, facts, limits);
		if (facts.segment) {
			out.rawMembers(resource.segmentMembers());
			String user = facts.text(SpanFacts.Fact.END_USER);
			if (user != null) {
				out.name("user").value(user, limits.maxValueChars());
			}
		}
		AnnotationBlock.write(out, facts, this.routing, limits);
		MetadataBlock.write(out, facts, this.routing, limits);
		List<SpanData> subsegments = nesting.subsegmentsOf(facts.span);
		if (!subsegments.isEmpty()) {
			out.name("subsegments").beginArray();
			for (SpanData subsegment : subsegments) {
				if (out.size() > MAX_DATAGRAM_BYTES) {
					break; // too large already: the caller sends span by span
				}
				writeDocument(out, SpanFacts.read(subsegment), resource, limits, true, nesting);
			}
			out.endArray();
		}
		out.endObject();
	}

	private static void writeIds(JsonOutput out, SpanFacts facts) {
		out.name("id").hex16(facts.spanId);
		out.name("trace_id");
		if (facts.traceId != null) {
			out.xrayTraceId(facts.traceId);
		}
		else {
			out.value(ZERO_TRACE_ID);
		}
	}

	/**
	 * Ids, times and a truncation mark: the last resort should even the tightest level
	 * exceed the limit.
	 */
	private static JsonOutput minimalDocument(SpanFacts facts) {
		JsonOutput out = new JsonOutput(512);
		out.raw(HEADER_BYTES);
		out.beginObject();
		out.name("name").value("unknown");
		writeIds(out, facts);
		long start = facts.span.getStartEpochNanos();
		out.name("start_time").epochSeconds(start);
		out.name("end_time").epochSeconds(Math.max(start, facts.span.getEndEpochNanos()));
		out.name("metadata").beginObject().name("default").beginObject();
		out.name(MetadataBlock.TRUNCATED_MARKER_KEY).value(true).endObject().endObject();
		out.endObject();
		return out;
	}

	private ResourceBlock resourceBlock(Resource resource) {
		ResourceBlock cached = this.resourceCache;
		if (cached != null && cached.resource() == resource) {
			return cached;
		}
		ResourceBlock computed = ResourceBlock.of(resource, this.sdkVersion);
		this.resourceCache = computed;
		return computed;
	}

}
