/**
 * AWS X-Ray for the Cruddur backend, on top of the OpenTelemetry SDK: one
 * instrumentation, one sampling decision, two backends (Honeycomb over OTLP, X-Ray over
 * the daemon's UDP port).
 *
 * <p>
 * Plain Java, no Spring annotations; wiring sketch (what the application configuration
 * does): <pre>{@code
 * DaemonConfiguration daemon = new DaemonConfiguration();          // reads AWS_XRAY_DAEMON_ADDRESS
 * XraySegmentTranslator translator = new XraySegmentTranslator(new SegmentSettings(
 *     System.getenv("AWS_XRAY_TRACING_NAME"),                     // null: service.name
 *     GlobPattern.of("*4567*")::matches,                           // AWS_XRAY_URL; null: none
 *     List.of("app.user_handle"),                                  // annotations
 *     List.of(new MetadataAlias(Spans.NOW.getKey(), List.of("namespace", "now"))),
 *     buildVersion));
 * SpanExporter xray = new XrayUdpSpanExporter(translator, daemon);
 *
 * XrayCentralizedSampler centralized = XrayCentralizedSampler.builder(sdkResource)
 *     .daemonConfiguration(daemon)                                 // TCP address: sampling API
 *     .localRules(XraySamplingRules.load(Path.of("aws/json/xray.json")))
 *     .build();                                                    // close() on shutdown
 * Sampler sampler = Sampler.parentBased(centralized);
 * }</pre>
 *
 * <p>
 * The sampler sees the request only through span-start attributes: the server span must
 * be started with {@code http.request.method}, {@code url.path} and
 * {@code server.address} (current semantic conventions) for path/method/host rules to
 * apply.
 */
package org.cruddur.tracing.xray;
