package org.cruddur.tracing.xray.segment;

import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;
import tools.jackson.databind.JsonNode;

import org.cruddur.testing.XraySpans;

/** Translators configured as the application configures them, and their documents. */
final class Translators {

	/** The aliases the application passes for the seed's {@code mock-data} span. */
	static final List<MetadataAlias> SEED_METADATA = List.of(
			new MetadataAlias("app.now", List.of("namespace", "key", "now")),
			new MetadataAlias("app.result_length", List.of("namespace", "key", "results-size")));

	/** No segment name, no dynamic naming, no indexed attributes, SDK version 0.1.0. */
	static final XraySegmentTranslator DEFAULT = new XraySegmentTranslator(
			new SegmentSettings(null, null, List.of(), SEED_METADATA, "0.1.0"));

	private Translators() {
	}

	static XraySegmentTranslator indexing(List<String> indexedAttributes) {
		return new XraySegmentTranslator(new SegmentSettings(null, null, indexedAttributes, SEED_METADATA, null));
	}

	/** The document {@link #DEFAULT} writes, parsed strictly (a duplicate key fails). */
	static JsonNode document(SpanData span) {
		return XraySpans.parse(DEFAULT.toJson(span));
	}

}
