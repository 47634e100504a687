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
 * Gives the contrib sampler's sampled results a {@code SampleRate}. They do not say
 * whether the reservoir or the fixed rate sampled, so the first rule of the daemon's rule
 * set that matches is asked: if its fixed rate would sample this trace id (contrib uses
 * the same trace-id ratio), SampleRate = round(1 / FixedRate); else it was a reservoir
 * (or borrowed) sample and SampleRate = 1.
 *
 * <p>
 * Approximations: a reservoir hit whose trace id also falls under the fixed rate is
 * weighted as a fixed-rate hit; a fixed rate changed by a {@code SamplingTargets} answer
 * (X-Ray normally returns the rule's own) is not seen; contrib 1.43 orders rules of equal
 * priority as the daemon lists them, these rules by name.
 */
final class RemoteSampleRateSampler implements Sampler {

	private final Sampler remote;

	private final XrayLocalRuleSampler daemonRules;

	/**
	 * @param remote the contrib sampler
	 * @param daemonRules the daemon's current rules, matched as the local ones are
	 */
	RemoteSampleRateSampler(Sampler remote, XrayLocalRuleSampler daemonRules) {
		this.remote = remote;
		this.daemonRules = daemonRules;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.remote.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		if (result.getDecision() != SamplingDecision.RECORD_AND_SAMPLE
				|| result.getAttributes().get(SAMPLE_RATE) != null) {
			// dropped, or decided by contrib's initial (local) sampler with an exact rate
			return result;
		}
		Attributes request = (attributes != null) ? attributes : Attributes.empty();
		SamplingResult fixedRate = this.daemonRules.ruleFor(request)
			.fixedRate()
			.shouldSample(parentContext, traceId, name, spanKind, request, parentLinks);
		long sampleRate = (fixedRate.getDecision() == SamplingDecision.RECORD_AND_SAMPLE)
				? fixedRate.getAttributes().get(SAMPLE_RATE) : 1L;
		return SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
				result.getAttributes().toBuilder().put(SAMPLE_RATE, sampleRate).build());
	}

	@Override
	public String getDescription() {
		return "RemoteSampleRate{" + this.remote.getDescription() + "}";
	}

}
