package org.cruddur.tracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundSamplingTest {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private final FixedClock clock = new FixedClock();

	@Test
	void forcedTracesAreKeptUpToTheLimitEachSecond() {
		Sampler sampler = InboundSampling.parentBased(Sampler.alwaysOff(), new TracingProperties.Inbound(true, 2),
				this.clock);
		assertThat(decisions(sampler, 5, true)).containsExactly(SamplingDecision.RECORD_AND_SAMPLE,
				SamplingDecision.RECORD_AND_SAMPLE, SamplingDecision.DROP, SamplingDecision.DROP,
				SamplingDecision.DROP);
		this.clock.nanos += 1_000_000_000L;
		assertThat(decisions(sampler, 3, true)).containsExactly(SamplingDecision.RECORD_AND_SAMPLE,
				SamplingDecision.RECORD_AND_SAMPLE, SamplingDecision.DROP);
		// An upstream's "not sampled" is still honoured.
		assertThat(decisions(
				InboundSampling.parentBased(Sampler.alwaysOn(), new TracingProperties.Inbound(true, 2), this.clock), 1,
				false))
			.containsExactly(SamplingDecision.DROP);
	}

	@Test
	void zeroKeepsEveryForcedTrace() {
		Sampler sampler = InboundSampling.parentBased(Sampler.alwaysOff(), new TracingProperties.Inbound(true, 0),
				this.clock);
		assertThat(decisions(sampler, 500, true)).containsOnly(SamplingDecision.RECORD_AND_SAMPLE).hasSize(500);
	}

	@Test
	void notHonouringLetsTheServicesSamplerDecideEveryTrace() {
		TracingProperties.Inbound distrust = new TracingProperties.Inbound(false, 100);
		assertThat(decisions(InboundSampling.parentBased(Sampler.alwaysOff(), distrust, this.clock), 3, true))
			.containsOnly(SamplingDecision.DROP);
		assertThat(decisions(InboundSampling.parentBased(Sampler.alwaysOn(), distrust, this.clock), 3, false))
			.containsOnly(SamplingDecision.RECORD_AND_SAMPLE);
	}

	private static List<SamplingDecision> decisions(Sampler sampler, int count, boolean upstreamSampled) {
		SpanContext remote = SpanContext.createFromRemoteParent(TRACE_ID, "b7ad6b7169203331",
				upstreamSampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
		Context parent = Context.root().with(Span.wrap(remote));
		return java.util.stream.IntStream.range(0, count)
			.mapToObj(
					(i) -> sampler.shouldSample(parent, TRACE_ID, "GET", SpanKind.SERVER, Attributes.empty(), List.of())
						.getDecision())
			.toList();
	}

	private static final class FixedClock implements Clock {

		long nanos = 5_000_000_000L;

		@Override
		public long now() {
			return this.nanos;
		}

		@Override
		public long nanoTime() {
			return this.nanos;
		}

	}

}
