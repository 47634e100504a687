package org.cruddur.tracing.xray.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/** The first sampler's result unless it drops; then the second's. */
final class OrElseSampler implements Sampler {

	private final Sampler first;

	private final Sampler second;

	OrElseSampler(Sampler first, Sampler second) {
		this.first = first;
		this.second = second;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.first.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		if (result.getDecision() != SamplingDecision.DROP) {
			return result;
		}
		return this.second.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	@Override
	public String getDescription() {
		return "OrElse{" + this.first.getDescription() + ", " + this.second.getDescription() + "}";
	}

}
