package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.IncubatingAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;

import org.cruddur.tracing.xray.segment.AttributeRouting.Route;

/**
 * The {@code metadata} block (not indexed; any JSON):
 * <ul>
 * <li>an attribute with a metadata alias goes where the alias's path says;
 * <li>{@code aws.xray.metadata.<ns>.<key>} goes to {@code metadata.<ns>.<key>};
 * <li>every other attribute goes to {@code metadata.default.<key>}, except those the
 * document shows elsewhere (http block, {@code user}, annotations).
 * </ul>
 * {@code metadata.default} is written while the attributes are walked; the other
 * namespaces are collected and written after it, entries sharing a path grouped in one
 * object, in first-seen order. Each has at most {@link Limits#maxMetadataEntries()}
 * entries. A document written at a tighter level says so in
 * {@code metadata.default."xray.document.truncated"}.
 */
final class MetadataBlock implements BiConsumer<AttributeKey<?>, Object> {

	static final String TRUNCATED_MARKER_KEY = "xray.document.truncated";

	private static final String DEFAULT_NAMESPACE = "default";

	private static final List<String> DEFAULT_PATH = List.of(DEFAULT_NAMESPACE);

	private static final String PREFIX = IncubatingAttributes.AWS_XRAY_METADATA_PREFIX;

	/** A value waiting for its place outside {@code metadata.default}. */
	private record Pending(List<String> path, Object value) {
	}

	private final JsonOutput out;

	private final SpanFacts facts;

	private final AttributeRouting routing;

	private final Limits limits;

	private boolean openedDefault;

	private int defaultCount;

	private List<Pending> pending;

	private MetadataBlock(JsonOutput out, SpanFacts facts, AttributeRouting routing, Limits limits) {
		this.out = out;
		this.facts = facts;
		this.routing = routing;
		this.limits = limits;
	}

	static void write(JsonOutput out, SpanFacts facts, AttributeRouting routing, Limits limits) {
		MetadataBlock block = new MetadataBlock(out, facts, routing, limits);
		if (limits.metadata()) {
			facts.attributes.forEach(block);
		}
		block.finish();
	}

	@Override
	public void accept(AttributeKey<?> key, Object value) {
		if (value == null) {
			return;
		}
		String name = key.getKey();
		boolean scalar = AttributeValues.isScalar(key.getType());
		Route route = this.routing.route(name);
		if (route != null) {
			if (route.rendered() || (route.annotationKey() != null && scalar)) {
				return;
			}
			if (route.metadataPath() != null) {
				place(route.metadataPath(), value);
				return;
			}
		}
		if (scalar && this.facts.isExtraAnnotation(name)) {
			return;
		}
		if (this.facts.hasNamespacedMetadata() && name.startsWith(PREFIX)) {
			int dot = name.indexOf('.', PREFIX.length());
			if (dot > PREFIX.length() && dot < name.length() - 1) {
				place(List.of(name.substring(PREFIX.length(), dot), name.substring(dot + 1)), value);
				return;
			}
		}
		writeDefault(name, value);
	}

	private void place(List<String> path, Object value) {
		if (path.size() == 2 && DEFAULT_NAMESPACE.equals(path.get(0))) {
			writeDefault(path.get(1), value); // one "default" object, never a duplicate
												// key
			return;
		}
		if (this.pending == null) {
			this.pending = new ArrayList<>(2);
		}
		if (this.pending.size() < this.limits.maxMetadataEntries()) {
			this.pending.add(new Pending(path, value));
		}
	}

	private void writeDefault(String key, Object value) {
		if (this.defaultCount >= this.limits.maxMetadataEntries()) {
			return;
		}
		openDefault();
		this.out.name(key);
		AttributeValues.write(this.out, value, this.limits.maxValueChars());
		this.defaultCount++;
	}

	private void openDefault() {
		if (!this.openedDefault) {
			this.out.name("metadata").beginObject().name(DEFAULT_NAMESPACE).beginObject();
			this.openedDefault = true;
		}
	}

	private void finish() {
		if (this.limits.marked()) {
			openDefault();
			this.out.name(TRUNCATED_MARKER_KEY).value(true);
		}
		if (hasPending(DEFAULT_PATH, 1)) {
			openDefault();
			writeMembers(DEFAULT_PATH, 1);
		}
		boolean openedMetadata = this.openedDefault;
		if (this.openedDefault) {
			this.out.endObject();
		}
		if (hasPending(List.of(), 0)) {
			if (!openedMetadata) {
				this.out.name("metadata").beginObject();
				openedMetadata = true;
			}
			writeMembers(List.of(), 0);
		}
		if (openedMetadata) {
			this.out.endObject();
		}
	}

	private boolean hasPending(List<String> prefix, int depth) {
		if (this.pending != null) {
			for (Pending entry : this.pending) {
				if (entry != null && startsWith(entry.path(), prefix, depth)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Writes the pending entries under {@code prefix} (the first {@code depth} elements
	 * of a path) as members of the open object, those sharing the next element in one
	 * object.
	 */
	private void writeMembers(List<String> prefix, int depth) {
		for (int i = 0; i < this.pending.size(); i++) {
			Pending entry = this.pending.get(i);
			if (entry == null || !startsWith(entry.path(), prefix, depth)) {
				continue;
			}
			String name = entry.path().get(depth);
			if (entry.path().size() == depth + 1) {
				this.out.name(name);
				AttributeValues.write(this.out, entry.value(), this.limits.maxValueChars());
				this.pending.set(i, null);
			}
			else {
				this.out.name(name).beginObject();
				writeMembers(entry.path(), depth + 1);
				this.out.endObject();
			}
		}
	}

	private static boolean startsWith(List<String> path, List<String> prefix, int depth) {
		for (int i = 0; i < depth; i++) {
			if (!path.get(i).equals(prefix.get(i))) {
				return false;
			}
		}
		return true;
	}

}
