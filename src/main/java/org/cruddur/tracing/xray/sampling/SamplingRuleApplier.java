package org.cruddur.tracing.xray.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * One rule at work: whether a request matches it, and its decision for a matching one
 * (the reservoir, or else the fixed rate).
 */
final class SamplingRuleApplier implements Sampler {

	private final String ruleName;

	private final RuleMatcher matcher;

	private final FixedRateSampler fixedRate;

	private final Sampler decision;

	SamplingRuleApplier(XraySamplingRule rule, Clock clock) {
		this.ruleName = rule.ruleName();
		this.matcher = RuleMatcher.of(rule);
		this.fixedRate = new FixedRateSampler(rule.fixedRate());
		this.decision = new OrElseSampler(new ReservoirSampler(rule.reservoirSize(), clock), this.fixedRate);
	}

	boolean matches(ServiceFacts service, SamplingRequest request, Attributes spanAttributes) {
		return this.matcher.matches(service, request, spanAttributes);
	}

	/** The fixed-rate part alone, for weighting decisions made elsewhere. */
	FixedRateSampler fixedRate() {
		return this.fixedRate;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return this.decision.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	@Override
	public String getDescription() {
		return this.ruleName + "=" + this.decision.getDescription();
	}

}
