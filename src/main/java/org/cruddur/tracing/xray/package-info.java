/**
 * AWS X-Ray for the Cruddur backend, on top of the OpenTelemetry SDK: one
 * instrumentation, one sampling decision, two backends (Honeycomb over OTLP, X-Ray over
 * the daemon's UDP port).
 *
 * <p>
 * Plain Java, no Spring annotations; wiring sketch (what the application configuration
 * does): <pre>{@code
 * DaemonConfiguration daemon = new DaemonConfiguration();          // reads AWS_XRAY_DAEMON_ADDRESS
 * XraySegmentTranslator translator = XraySegmentTranslator.builder()
 *     .segmentName(System.getenv("AWS_XRAY_TRACING_NAME"))         // optional
 *     .dynamicNamingHostPattern(System.getenv("AWS_XRAY_URL"))     // optional, e.g. "*4567*"
 *     .indexedAttributes(List.of("app.user_handle"))               // optional annotations
 *     .sdkVersion(buildVersion)
 *     .build();
 * SpanExporter xray = XrayUdpSpanExporter.builder(translator).daemonConfiguration(daemon).build();
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
