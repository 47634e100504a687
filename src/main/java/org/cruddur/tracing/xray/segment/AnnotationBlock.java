package org.cruddur.tracing.xray.segment;

import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;

import org.cruddur.tracing.xray.segment.AttributeRouting.Route;

/**
 * The {@code annotations} block (indexed, searchable in the console and in group filter
 * expressions): the configured indexed attributes and those the span lists in
 * {@code aws.xray.annotations}, when their values are strings, numbers or booleans. Keys
 * are sanitized to {@code [A-Za-z0-9_]}.
 */
final class AnnotationBlock implements BiConsumer<AttributeKey<?>, Object> {

	private static final int MAX_KEY_CHARS = 500;

	private final JsonOutput out;

	private final SpanFacts facts;

	private final AttributeRouting routing;

	private final Limits limits;

	private int count;

	private AnnotationBlock(JsonOutput out, SpanFacts facts, AttributeRouting routing, Limits limits) {
		this.out = out;
		this.facts = facts;
		this.routing = routing;
		this.limits = limits;
	}

	static void write(JsonOutput out, SpanFacts facts, AttributeRouting routing, Limits limits) {
		if (!routing.hasIndexedKeys() && !facts.hasExtraAnnotations()) {
			return;
		}
		AnnotationBlock block = new AnnotationBlock(out, facts, routing, limits);
		facts.attributes.forEach(block);
		if (block.count > 0) {
			out.endObject();
		}
	}

	@Override
	public void accept(AttributeKey<?> key, Object value) {
		if (this.count >= this.limits.maxAnnotations() || value == null || !AttributeValues.isScalar(key.getType())) {
			return;
		}
		String name = key.getKey();
		Route route = this.routing.route(name);
		String annotationKey = (route != null) ? route.annotationKey() : null;
		if (annotationKey == null && this.facts.isExtraAnnotation(name)) {
			annotationKey = sanitizeKey(name);
		}
		if (annotationKey == null) {
			return;
		}
		if (this.count == 0) {
			this.out.name("annotations").beginObject();
		}
		this.out.name(annotationKey);
		AttributeValues.writeScalar(this.out, value, this.limits.maxAnnotationChars());
		this.count++;
	}

	/**
	 * Annotation keys allow only {@code [A-Za-z0-9_]}; anything else becomes {@code _}.
	 */
	static String sanitizeKey(String key) {
		int n = Math.min(key.length(), MAX_KEY_CHARS);
		StringBuilder sanitized = new StringBuilder(n);
		for (int i = 0; i < n; i++) {
			char c = key.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
			sanitized.append(allowed ? c : '_');
		}
		return sanitized.toString();
	}

}
