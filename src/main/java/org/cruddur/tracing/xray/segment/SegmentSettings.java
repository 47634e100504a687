package org.cruddur.tracing.xray.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the application tells the translator.
 *
 * @param segmentName the segments' name ({@code AWS_XRAY_TRACING_NAME}); null or blank:
 * the resource's {@code service.name}
 * @param dynamicNamingHosts the hosts whose name a segment takes instead (the seed's
 * {@code AWS_XRAY_URL}), tested against {@code server.address} or {@code http.host};
 * null: none
 * @param indexedAttributes the attributes written as annotations (indexed, searchable)
 * instead of metadata; blank entries are ignored
 * @param metadataAliases attributes written to a metadata namespace other than
 * {@code default}; one alias per attribute, and no path may begin another
 * @param sdkVersion {@code aws.xray.sdk_version}; null: not written
 */
public record SegmentSettings(String segmentName, Predicate<String> dynamicNamingHosts, List<String> indexedAttributes,
		List<MetadataAlias> metadataAliases, String sdkVersion) {

	public SegmentSettings {
		segmentName = (segmentName == null || segmentName.isBlank()) ? null : segmentName.strip();
		indexedAttributes = nonBlank(indexedAttributes);
		metadataAliases = (metadataAliases != null) ? List.copyOf(metadataAliases) : List.of();
		for (MetadataAlias alias : metadataAliases) {
			for (MetadataAlias other : metadataAliases) {
				if (alias != other && (alias.attributeKey().equals(other.attributeKey()) || alias.isPrefixOf(other))) {
					throw new IllegalArgumentException("Metadata aliases collide: " + alias + " and " + other);
				}
			}
		}
	}

	private static List<String> nonBlank(List<String> keys) {
		List<String> result = new ArrayList<>();
		if (keys != null) {
			for (String key : keys) {
				if (key != null && !key.isBlank()) {
					result.add(key);
				}
			}
		}
		return List.copyOf(result);
	}

}
