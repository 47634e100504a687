package org.cruddur.tracing.xray.segment;

import java.util.List;

/**
 * Routes one span attribute to a place in the document's {@code metadata}: the path names
 * the namespace, then the keys below it. {@code ("app.now", ["namespace", "now"])} writes
 * {@code "metadata": {"namespace": {"now": ...}}}; a longer path nests deeper.
 *
 * @param attributeKey the span attribute
 * @param path the namespace and at least one key, none blank
 */
public record MetadataAlias(String attributeKey, List<String> path) {

	public MetadataAlias {
		if (attributeKey == null || attributeKey.isBlank()) {
			throw new IllegalArgumentException("A metadata alias needs an attribute key");
		}
		path = List.copyOf(path);
		if (path.size() < 2 || path.stream().anyMatch(String::isBlank)) {
			throw new IllegalArgumentException(
					"A metadata path names a namespace and at least one key, none blank: " + path);
		}
	}

	/** Whether this path is the start of {@code other}'s (or the same path). */
	boolean isPrefixOf(MetadataAlias other) {
		return other.path.size() >= this.path.size() && other.path.subList(0, this.path.size()).equals(this.path);
	}

}
