/**
 * {@code XRAY_EXPORT=otlp}: X-Ray without a daemon, agent or collector.
 *
 * <ul>
 * <li>{@link org.cruddur.tracing.xray.otlp.XrayOtlpSpanExporter}: X-Ray's copy of the
 * spans within X-Ray's limits ({@code XraySpanLimits}: 200 KB per span, the annotation
 * list; requests of at most 10,000 spans and 5 MB, sized by {@code SpanSize}), through
 * the SDK's own {@code OtlpHttpSpanExporter}, every span counted once: sent, or dropped
 * with its reason ({@code ExportFailure}).
 * <li>{@code SigningHttpSender} (given to that exporter by
 * {@code SigningHttpSenderProvider}): the exact bytes sent, SigV4-signed
 * ({@code AwsRequestSigner}, the AWS SDK's signer), retried on 429, 5xx and network
 * errors within the export timeout.
 * <li>{@code XrayCredentials}: the AWS SDK's credentials chain, off the request path,
 * with one line when credentials go missing or come back.
 * <li>{@code SigningSamplingProxy}: the daemon's sampling proxy in-process, so the X-Ray
 * sampler of the daemon path reads rules and reports targets straight to the X-Ray API.
 * <li>{@code XrayOtlpConfiguration}: the wiring, only with {@code XRAY_EXPORT=otlp}.
 * </ul>
 */
package org.cruddur.tracing.xray.otlp;
