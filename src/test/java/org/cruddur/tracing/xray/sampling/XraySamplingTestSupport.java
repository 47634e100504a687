package org.cruddur.tracing.xray.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/** Decisions for server spans as the lead's WebFilter will start them. */
final class XraySamplingTestSupport {

	private XraySamplingTestSupport() {
	}

	static Attributes request(String method, String path) {
		return Attributes.builder()
			.put("http.request.method", method)
			.put("url.path", path)
			.put("server.address", "api.cruddur.example")
			.build();
	}

	static SamplingResult decide(Sampler sampler, String method, String path) {
		return decide(sampler, Context.root(), method, path);
	}

	static SamplingResult decide(Sampler sampler, Context parent, String method, String path) {
		return sampler.shouldSample(parent, IdGenerator.random().generateTraceId(), "http " + method.toLowerCase(),
				SpanKind.SERVER, request(method, path), List.of());
	}

	static SamplingResult decide(Sampler sampler, Attributes request) {
		return sampler.shouldSample(Context.root(), IdGenerator.random().generateTraceId(), "http request",
				SpanKind.SERVER, request, List.of());
	}

}
