package org.cruddur.tracing.xray;

/**
 * Where the X-Ray sampler asks for rules and reports targets ({@code POST
 * /GetSamplingRules}, {@code POST /SamplingTargets}): the daemon's TCP address, or with
 * {@code XRAY_EXPORT=otlp} the in-process signing proxy to the X-Ray API.
 *
 * @param url the base URL, e.g. {@code http://127.0.0.1:2000}
 * @param description what answers there, for the startup line
 */
public record XraySamplingEndpoint(String url, String description) {
}
