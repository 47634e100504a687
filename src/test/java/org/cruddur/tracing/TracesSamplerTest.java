package org.cruddur.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TracesSamplerTest {

	private static final String TRACE_ID = "6b07fbd63a2482d4fd7fe384ee609d52";

	private static final TracingProperties.Inbound HONOUR_ALL = new TracingProperties.Inbound(true, 0);

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			always_on                 | ALWAYS_ON
			always_off                | ALWAYS_OFF
			traceidratio              | TRACE_ID_RATIO
			parentbased_always_on     | PARENT_BASED_ALWAYS_ON
			 ParentBased_Always_Off   | PARENT_BASED_ALWAYS_OFF
			parentbased_traceidratio  | PARENT_BASED_TRACE_ID_RATIO
			XRAY                      | XRAY
			""")
	void everyNameOfTheSpecAndXray(String value, TracesSampler expected) {
		assertThat(TracesSampler.parse(value, TracesSampler.ALWAYS_OFF)).isEqualTo(expected);
	}

	@Test
	void unsetIsTheDefaultAndAnUnknownNameListsTheKnownOnes() {
		assertThat(TracesSampler.parse(null, TracesSampler.XRAY)).isEqualTo(TracesSampler.XRAY);
		assertThat(TracesSampler.parse(" ", TracesSampler.PARENT_BASED_TRACE_ID_RATIO))
			.isEqualTo(TracesSampler.PARENT_BASED_TRACE_ID_RATIO);
		assertThatIllegalArgumentException().isThrownBy(() -> TracesSampler.parse("jaeger_remote", TracesSampler.XRAY))
			.withMessage("OTEL_TRACES_SAMPLER=jaeger_remote is not a sampler this service knows; use one of always_on, "
					+ "always_off, traceidratio, parentbased_always_on, parentbased_always_off, "
					+ "parentbased_traceidratio, xray");
		assertThatIllegalStateException().isThrownBy(() -> TracesSampler.XRAY.create(1.0, HONOUR_ALL))
			.withMessageContaining("needs X-Ray");
	}

	@Test
	void samplersDecideAsNamedAndRatioSamplersCarrySampleRate() {
		assertThat(decide(TracesSampler.ALWAYS_ON.create(0.0, HONOUR_ALL)).getDecision())
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(TracesSampler.ALWAYS_OFF.create(1.0, HONOUR_ALL)).getDecision())
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(TracesSampler.PARENT_BASED_ALWAYS_ON.create(0.0, HONOUR_ALL)).getDecision())
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(TracesSampler.PARENT_BASED_ALWAYS_OFF.create(1.0, HONOUR_ALL)).getDecision())
			.isEqualTo(SamplingDecision.DROP);
		// The ratio samplers keep trace ids whose lower 64 bits are below ratio * 2^63.
		SamplingResult quarter = TracesSampler.TRACE_ID_RATIO.create(0.25, HONOUR_ALL)
			.shouldSample(Context.root(), "6b07fbd63a2482d40000000000000001", "GET", SpanKind.SERVER,
					Attributes.empty(), java.util.List.of());
		assertThat(quarter.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(quarter.getAttributes().get(SampleRateRatioSampler.SAMPLE_RATE)).isEqualTo(4L);
		SamplingResult all = decide(TracesSampler.PARENT_BASED_TRACE_ID_RATIO.create(1.0, HONOUR_ALL));
		assertThat(all.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(all.getAttributes().get(SampleRateRatioSampler.SAMPLE_RATE)).isEqualTo(1L);
		assertThat(decide(TracesSampler.TRACE_ID_RATIO.create(0.0, HONOUR_ALL)).getDecision())
			.isEqualTo(SamplingDecision.DROP);
	}

	private static SamplingResult decide(Sampler sampler) {
		return sampler.shouldSample(Context.root(), TRACE_ID, "GET", SpanKind.SERVER, Attributes.empty(),
				java.util.List.of());
	}

}
