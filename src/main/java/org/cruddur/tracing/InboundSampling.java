package org.cruddur.tracing;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
			.setRemoteParentSampled(new PerSecondLimit(inbound.forcedPerSecond(), clock))
			.build();
	}

	/** Keeps the first {@code perSecond} decisions of each clock second. Lock-free. */
	static final class PerSecondLimit implements Sampler {

		private final int perSecond;

		private final Clock clock;

		/** The current second and how many it has kept, packed: (second << 32) | kept. */
		private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);

		PerSecondLimit(int perSecond, Clock clock) {
			this.perSecond = perSecond;
			this.clock = clock;
		}

		@Override
		public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
				Attributes attributes, List<LinkData> parentLinks) {
			long second = Math.floorDiv(this.clock.nanoTime(), 1_000_000_000L);
			while (true) {
				long state = this.window.get();
				long next;
				if ((state >> 32) != second) {
					next = (second << 32) | 1;
				}
				else if ((state & 0xFFFF_FFFFL) < this.perSecond) {
					next = state + 1;
				}
				else {
					return SamplingResult.drop();
				}
				if (this.window.compareAndSet(state, next)) {
					return SamplingResult.recordAndSample();
				}
			}
		}

		@Override
		public String getDescription() {
			return "ForcedSamplingLimit{" + this.perSecond + "/s}";
		}

	}

}
