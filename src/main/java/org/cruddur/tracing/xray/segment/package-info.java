/**
 * From an OpenTelemetry span to an X-Ray segment document, and the UDP exporter that
 * sends it to the daemon.
 *
 * <h2>Layout: one small writer per block of the document</h2> As opentelemetry-java's
 * {@code SpanMarshaler} does for OTLP, the top-level class only orchestrates and each
 * block of the wire format has its own writer, so that changing how exceptions or
 * metadata are written means opening one file of about a hundred lines:
 * <ul>
 * <li>{@link org.cruddur.tracing.xray.segment.XraySegmentTranslator}: orchestration; the
 * document's identity (name, ids, type, times); the size levels.
 * <li>{@code SpanFacts}: what a span says, read once. A table of facts gives, for each
 * value, its semantic-convention name ({@code io.opentelemetry.semconv}) and the older
 * name read when it is absent; the writers read facts, not attributes.
 * <li>{@code IncubatingAttributes}: the one table of the names the stable semconv
 * artifact lacks (old HTTP and network names, incubating names, AWS conventions).
 * <li>{@code SegmentNaming}: segment and subsegment names, dynamic naming, sanitizing.
 * <li>{@code HttpBlock}: {@code http.request} and {@code http.response}.
 * <li>{@code CauseBlock}: {@code error}/{@code throttle}/{@code fault} and
 * {@code cause.exceptions}, from {@code ExceptionInfo} (a record per exception, read from
 * the recorded {@link java.lang.Throwable}) or {@code StackTraceText} (parsed from
 * {@code exception.stacktrace}).
 * <li>{@code AttributeRouting}: where an attribute goes (shown elsewhere, annotation,
 * metadata alias), one lookup shared by {@code AnnotationBlock} and
 * {@code MetadataBlock}, which write those blocks with their caps.
 * <li>{@code ResourceBlock}: {@code aws} ({@code xray}, {@code eks}), {@code origin},
 * {@code service.version}; encoded once per resource.
 * <li>{@code Limits}: the caps of each size level; {@code JsonOutput}: the UTF-8 JSON
 * writer that knows each document's exact size while writing it; {@code AttributeValues}:
 * attribute values as JSON.
 * <li>{@link org.cruddur.tracing.xray.segment.XrayUdpSpanExporter}: sampled spans to
 * datagrams, counting and rate-limited logging of failures
 * ({@code tracing.RateLimitedWarning}); the socket is {@code DaemonSocket}.
 * </ul>
 * Where this goes beyond the split first proposed: routing is its own class because the
 * annotation and metadata writers must agree on every attribute; the stack-trace parser
 * is apart from the exception value; naming is apart from the identity block because its
 * rules (dynamic naming, the remote-service order) change on their own; the exporter's
 * socket and its rate-limited log are apart from the counting.
 *
 * <h2>What comes in from outside</h2> The public surface is the translator, its settings
 * ({@link org.cruddur.tracing.xray.segment.SegmentSettings},
 * {@link org.cruddur.tracing.xray.segment.MetadataAlias}) and the exporter; the rest is
 * package-private. The package depends on no other part of the application: the
 * dynamic-naming hosts arrive as a {@code Predicate<String>} (the application builds it
 * from the X-Ray glob of {@code AWS_XRAY_URL}) and the seed's metadata aliases
 * ({@code app.now}, {@code app.result_length}) as settings.
 *
 * <h2>Failures</h2> Odd input (missing or mistyped attributes, invalid ids, huge values)
 * yields the best document possible. A {@link java.lang.RuntimeException} while
 * translating means a defect or a broken span: the translator lets it through, the
 * exporter counts the span as failed ({@code cruddur.tracing.xray.documents
 * {result=failed}}), logs at most one line per 30 s naming the span and the exception
 * class (never attribute values), and goes on with the batch. Errors are never caught.
 *
 * <h2>Cost</h2> Translation is on the export thread for every sampled span (see
 * {@code XrayTranslationBenchmark}): attributes are walked without building maps or
 * streams, the writers are static or one small object per document, the resource block is
 * copied as bytes, and only a document over the datagram limit is written twice.
 */
package org.cruddur.tracing.xray.segment;
