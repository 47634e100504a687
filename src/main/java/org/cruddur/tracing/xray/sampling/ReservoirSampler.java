package org.cruddur.tracing.xray.sampling;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;

/**
 * A rule's reservoir: samples the first {@code perSecond} requests of each clock second
 * (SampleRate 1: each stands for itself), drops the rest. Lock-free.
 */
final class ReservoirSampler implements Sampler {

	private static final SamplingResult HIT = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
			Attributes.of(SAMPLE_RATE, 1L));

	private static final int USED_BITS = 24;

	private static final long NONE_YET = Long.MIN_VALUE;

	private final int perSecond;

	private final Clock clock;

	/** The current second and how many it has used, packed: (second << 24) | used. */
	private final AtomicLong window = new AtomicLong(NONE_YET);

	ReservoirSampler(int perSecond, Clock clock) {
		this.perSecond = Math.min(perSecond, (1 << USED_BITS) - 1);
		this.clock = clock;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		if (this.perSecond > 0 && take(Math.floorDiv(this.clock.nanoTime(), 1_000_000_000L))) {
			return HIT;
		}
		return SamplingResult.drop();
	}

	private boolean take(long second) {
		while (true) {
			long state = this.window.get();
			long next;
			if (state == NONE_YET || (state >> USED_BITS) != second) {
				next = (second << USED_BITS) | 1;
			}
			else if ((state & ((1 << USED_BITS) - 1)) < this.perSecond) {
				next = state + 1;
			}
			else {
				return false;
			}
			if (this.window.compareAndSet(state, next)) {
				return true;
			}
		}
	}

	@Override
	public String getDescription() {
		return "Reservoir{" + this.perSecond + "/s}";
	}

}
