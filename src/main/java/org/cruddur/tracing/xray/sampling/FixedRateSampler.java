package org.cruddur.tracing.xray.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;

/**
 * A rule's fixed rate: samples that share of trace ids, with the trace-id ratio contrib's
 * sampler uses (so every service decides alike for a trace); a sampled result carries
 * SampleRate = the rounded inverse of the rate, at least 1.
 */
final class FixedRateSampler implements Sampler {

	private final double rate;

	private final Sampler byTraceId;

	private final SamplingResult hit;

	FixedRateSampler(double rate) {
		this.rate = rate;
		this.byTraceId = Sampler.traceIdRatioBased(rate);
		long sampleRate = (rate > 0) ? Math.max(1L, Math.round(1.0 / rate)) : 1L;
		this.hit = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE, Attributes.of(SAMPLE_RATE, sampleRate));
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		if (this.rate > 0
				&& this.byTraceId.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks)
					.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
			return this.hit;
		}
		return SamplingResult.drop();
	}

	@Override
	public String getDescription() {
		return "FixedRate{" + this.rate + "}";
	}

}
