package org.cruddur.tracing;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Keeps a share of new traces ({@code OTEL_TRACES_SAMPLER_ARG}) by trace id, and marks
 * each kept root span with Honeycomb's {@code SampleRate} (the inverse of the
 * probability), so Honeycomb's counts stay right under sampling. Used when X-Ray is off;
 * with X-Ray, its sampling rules decide.
 */
public final class SampleRateRatioSampler implements Sampler {

	/** Honeycomb's weight attribute: each kept span stands for this many. */
	public static final AttributeKey<Long> SAMPLE_RATE = AttributeKey.longKey("SampleRate");

	private final Sampler ratio;

	private final SamplingResult sampled;

	public SampleRateRatioSampler(double probability) {
		this.ratio = Sampler.traceIdRatioBased(probability);
		long rate = (probability > 0) ? Math.max(1, Math.round(1 / probability)) : 1;
		this.sampled = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE, Attributes.of(SAMPLE_RATE, rate));
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.ratio.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		return (result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) ? this.sampled : result;
	}

	@Override
	public String getDescription() {
		return "SampleRateRatioSampler{" + this.ratio.getDescription() + "}";
	}

}
