package org.cruddur.tracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * What the service does with an upstream's sampling decision ({@code traceparent}'s flag,
 * {@code X-Amzn-Trace-Id}'s {@code Sampled}). A load balancer's or another service's
 * decision is honoured, so their traces stay whole; but any client can send {@code -01},
 * so traces forced this way are kept up to a number per second
 * ({@code CRUDDUR_TRACING_FORCED_PER_SECOND}, default 100; 0 keeps them all) and the rest
 * are dropped. At an internet-facing edge, {@code CRUDDUR_TRACING_HONOUR_INBOUND=false}
 * ignores inbound decisions entirely: the service's own sampler decides every trace.
 */
public final class InboundSampling {

	private InboundSampling() {
	}

	/** A parent-based sampler over {@code root}, with the inbound rules above. */
	public static Sampler parentBased(Sampler root, TracingProperties.Inbound inbound) {
		return parentBased(root, inbound, Clock.getDefault());
	}

	static Sampler parentBased(Sampler root, TracingProperties.Inbound inbound, Clock clock) {
		if (!inbound.honour()) {
			return Sampler.parentBasedBuilder(root)
				.setRemoteParentSampled(root)
				.setRemoteParentNotSampled(root)
				.build();
		}
		if (inbound.forcedPerSecond() == 0) {
			return Sampler.parentBased(root);
		}
		return Sampler.parentBasedBuilder(root)
			.setRemoteParentSampled(new ForcedSamplingLimit(new PerSecondLimit(inbound.forcedPerSecond(), clock)))
			.build();
	}

	/** Keeps the first {@code perSecond} forced traces of each clock second. */
	private record ForcedSamplingLimit(PerSecondLimit limit) implements Sampler {

		@Override
		public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
				Attributes attributes, List<LinkData> parentLinks) {
			return this.limit.tryAcquire() ? SamplingResult.recordAndSample() : SamplingResult.drop();
		}

		@Override
		public String getDescription() {
			return "ForcedSamplingLimit{" + this.limit.perSecond() + "/s}";
		}

	}

}
