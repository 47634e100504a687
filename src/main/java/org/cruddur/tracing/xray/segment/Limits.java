package org.cruddur.tracing.xray.segment;

import java.util.List;

/**
 * How much of a span one document may carry. A document is written at {@link #NORMAL}
 * first; only when it exceeds the datagram limit is it written again at the next, tighter
 * level ({@link #LEVELS}).
 *
 * @param initialBytes the output buffer to start with
 * @param maxValueChars attribute values (strings are cut and marked)
 * @param maxMessageChars exception messages
 * @param maxFramesPerException stack frames per exception
 * @param maxExceptions exceptions per document, {@code Caused by} chains included
 * @param maxMetadataEntries entries of {@code metadata.default}, and separately of the
 * other namespaces
 * @param maxUrlChars {@code http.request.url}
 * @param maxAnnotations annotations per document
 * @param maxAnnotationChars annotation values
 * @param metadata whether span attributes are written to metadata at all
 * @param marked whether the document says it was cut
 * ({@code metadata.default."xray.document.truncated": true})
 */
record Limits(int initialBytes, int maxValueChars, int maxMessageChars, int maxFramesPerException, int maxExceptions,
		int maxMetadataEntries, int maxUrlChars, int maxAnnotations, int maxAnnotationChars, boolean metadata,
		boolean marked) {

	static final Limits NORMAL = new Limits(1024, 8192, 4096, 50, 10, 256, 4096, 50, 1000, true, false);

	static final Limits COMPACT = new Limits(4096, 512, 512, 16, 5, 64, 2048, 50, 1000, true, true);

	static final Limits MINIMAL = new Limits(4096, 128, 128, 0, 3, 0, 512, 10, 128, false, true);

	static final List<Limits> LEVELS = List.of(NORMAL, COMPACT, MINIMAL);

}
