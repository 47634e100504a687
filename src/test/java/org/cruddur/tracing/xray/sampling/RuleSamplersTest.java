package org.cruddur.tracing.xray.sampling;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;

/** The parts a rule's decision is made of: reservoir, fixed rate, or-else. */
class RuleSamplersTest {

	/** Lowest 64 bits 1: under any fixed rate above 0. */
	private static final String LOW_TRACE_ID = "00000000000000000000000000000001";

	/** Lowest 64 bits 2^62, about half of the range: under 0.6, not under 0.3. */
	private static final String MIDDLE_TRACE_ID = "00000000000000004000000000000000";

	private final TestClock clock = TestClock.create();

	@Test
	void theReservoirSamplesItsSizeInEachSecondWithSampleRateOne() {
		ReservoirSampler reservoir = new ReservoirSampler(2, this.clock);
		assertThat(decisions(reservoir, LOW_TRACE_ID, 3)).containsExactly(SamplingDecision.RECORD_AND_SAMPLE,
				SamplingDecision.RECORD_AND_SAMPLE, SamplingDecision.DROP);
		assertThat(decide(reservoir, LOW_TRACE_ID).getAttributes().get(SAMPLE_RATE)).isNull();

		this.clock.advance(Duration.ofMillis(999));
		assertThat(decide(reservoir, LOW_TRACE_ID).getDecision()).as("same second").isEqualTo(SamplingDecision.DROP);
		this.clock.advance(Duration.ofMillis(1));
		SamplingResult next = decide(reservoir, LOW_TRACE_ID);
		assertThat(next.getDecision()).as("next second").isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(next.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
	}

	@Test
	void anEmptyReservoirNeverSamples() {
		assertThat(decisions(new ReservoirSampler(0, this.clock), LOW_TRACE_ID, 3)).containsOnly(SamplingDecision.DROP);
	}

	@Test
	void theFixedRateSamplesByTraceIdWithTheInverseRateAsSampleRate() {
		SamplingResult third = decide(new FixedRateSampler(0.3), LOW_TRACE_ID);
		assertThat(third.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(third.getAttributes().get(SAMPLE_RATE)).isEqualTo(3L);
		assertThat(decide(new FixedRateSampler(0.3), MIDDLE_TRACE_ID).getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(new FixedRateSampler(0.6), MIDDLE_TRACE_ID).getAttributes().get(SAMPLE_RATE))
			.as("round(1 / 0.6)")
			.isEqualTo(2L);
		assertThat(decide(new FixedRateSampler(1.0), MIDDLE_TRACE_ID).getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
		assertThat(decide(new FixedRateSampler(0.0), LOW_TRACE_ID).getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(new FixedRateSampler(0.0001), LOW_TRACE_ID).getAttributes().get(SAMPLE_RATE))
			.isEqualTo(10_000L);
	}

	@Test
	void orElseAsksTheSecondOnlyWhenTheFirstDrops() {
		Sampler keep = Sampler.alwaysOn();
		Sampler drop = Sampler.alwaysOff();
		FixedRateSampler half = new FixedRateSampler(0.5);
		assertThat(decide(new OrElseSampler(keep, half), LOW_TRACE_ID).getAttributes().get(SAMPLE_RATE))
			.as("the first's result")
			.isNull();
		assertThat(decide(new OrElseSampler(drop, half), LOW_TRACE_ID).getAttributes().get(SAMPLE_RATE))
			.as("the second's result")
			.isEqualTo(2L);
		assertThat(decide(new OrElseSampler(drop, drop), LOW_TRACE_ID).getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(new OrElseSampler(new ReservoirSampler(5, this.clock), half).getDescription())
			.isEqualTo("OrElse{Reservoir{5/s}, FixedRate{0.5}}");
	}

	private static SamplingResult decide(Sampler sampler, String traceId) {
		return sampler.shouldSample(Context.root(), traceId, "span", SpanKind.SERVER, Attributes.empty(), List.of());
	}

	private static List<SamplingDecision> decisions(Sampler sampler, String traceId, int count) {
		return IntStream.range(0, count).mapToObj((i) -> decide(sampler, traceId).getDecision()).toList();
	}

}
