package org.cruddur.tracing.xray.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.cruddur.tracing.PerSecondLimit;

import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;

/**
 * A rule's reservoir: samples the first {@code perSecond} requests of each clock second
 * (SampleRate 1: each stands for itself), drops the rest.
 */
final class ReservoirSampler implements Sampler {

	private static final SamplingResult HIT = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
			Attributes.of(SAMPLE_RATE, 1L));

	private final PerSecondLimit limit;

	ReservoirSampler(int perSecond, Clock clock) {
		this.limit = new PerSecondLimit(perSecond, clock);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return this.limit.tryAcquire() ? HIT : SamplingResult.drop();
	}

	@Override
	public String getDescription() {
		return "Reservoir{" + this.limit.perSecond() + "/s}";
	}

}
