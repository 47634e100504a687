package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.IncubatingAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cruddur.tracing.xray.segment.SpanFacts.Fact;

/**
 * Where an attribute goes besides the default metadata, decided by one lookup per
 * attribute: shown already (the http block, {@code user}), an annotation, or a metadata
 * alias. Built once from the settings; immutable.
 */
final class AttributeRouting {

	/**
	 * The routes of one attribute key.
	 *
	 * @param rendered the document shows the value elsewhere: not repeated in metadata
	 * @param annotationKey the sanitized annotation key when the attribute is indexed,
	 * else null
	 * @param metadataPath where an alias puts it in {@code metadata}, else null
	 */
	record Route(boolean rendered, String annotationKey, List<String> metadataPath) {
	}

	private static final Set<String> RENDERED_KEYS = renderedKeys();

	private final Map<String, Route> routes = new HashMap<>();

	private final boolean hasIndexedKeys;

	AttributeRouting(List<String> indexedAttributes, List<MetadataAlias> metadataAliases) {
		Map<String, List<String>> aliasPaths = new HashMap<>();
		metadataAliases.forEach((alias) -> aliasPaths.put(alias.attributeKey(), alias.path()));
		Set<String> keys = new HashSet<>(RENDERED_KEYS);
		keys.addAll(indexedAttributes);
		keys.addAll(aliasPaths.keySet());
		for (String key : keys) {
			String annotationKey = indexedAttributes.contains(key) ? AnnotationBlock.sanitizeKey(key) : null;
			this.routes.put(key, new Route(RENDERED_KEYS.contains(key), annotationKey, aliasPaths.get(key)));
		}
		this.hasIndexedKeys = !indexedAttributes.isEmpty();
	}

	/**
	 * The routes of this attribute key, or null when it only goes to the default
	 * metadata.
	 */
	Route route(String key) {
		return this.routes.get(key);
	}

	boolean hasIndexedKeys() {
		return this.hasIndexedKeys;
	}

	private static Set<String> renderedKeys() {
		Set<String> keys = new HashSet<>();
		for (Fact fact : Fact.values()) {
			if (fact.rendered) {
				keys.add(fact.current.getKey());
				if (fact.legacy != null) {
					keys.add(fact.legacy.getKey());
				}
			}
		}
		keys.add(IncubatingAttributes.AWS_XRAY_ANNOTATIONS.getKey());
		return Set.copyOf(keys);
	}

}
