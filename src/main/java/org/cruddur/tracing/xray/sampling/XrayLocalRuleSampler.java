package org.cruddur.tracing.xray.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Applies X-Ray sampling rules without the daemon: the first matching rule
 * ({@link XraySamplingRules} order) decides with its reservoir, then its fixed rate;
 * X-Ray's default (1/s, then 5%) takes what no rule matches. Sampled results carry
 * Honeycomb's {@code SampleRate}: 1 for reservoir hits, the rounded inverse of the fixed
 * rate otherwise.
 *
 * <p>
 * The request is read from span-start attributes ({@link SamplingRequest}), the service
 * from the resource ({@link ServiceFacts}). Thread-safe and lock-free.
 */
public final class XrayLocalRuleSampler implements Sampler {

	private final List<SamplingRuleApplier> rules;

	private final SamplingRuleApplier defaultRule;

	private final ServiceFacts service;

	public XrayLocalRuleSampler(XraySamplingRules rules, Resource resource) {
		this(rules, resource, Clock.getDefault());
	}

	XrayLocalRuleSampler(XraySamplingRules rules, Resource resource, Clock clock) {
		this.rules = rules.rules().stream().map((rule) -> new SamplingRuleApplier(rule, clock)).toList();
		this.defaultRule = new SamplingRuleApplier(XraySamplingRules.DEFAULT_RULE, clock);
		this.service = ServiceFacts.of(resource);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		Attributes request = (attributes != null) ? attributes : Attributes.empty();
		return ruleFor(request).shouldSample(parentContext, traceId, name, spanKind, request, parentLinks);
	}

	/** The first rule the request matches, else the default rule. */
	SamplingRuleApplier ruleFor(Attributes attributes) {
		SamplingRequest request = SamplingRequest.of(attributes);
		for (SamplingRuleApplier rule : this.rules) {
			if (rule.matches(this.service, request, attributes)) {
				return rule;
			}
		}
		return this.defaultRule;
	}

	@Override
	public String getDescription() {
		return "XrayLocalRuleSampler{" + this.rules.stream().map(SamplingRuleApplier::getDescription).toList()
				+ ", default=" + this.defaultRule.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

}
