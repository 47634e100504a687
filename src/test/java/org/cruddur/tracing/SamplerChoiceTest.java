package org.cruddur.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.cruddur.CruddurApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code OTEL_TRACES_SAMPLER} decides which sampler the SDK gets, with X-Ray on or off.
 */
class SamplerChoiceTest {

	@Test
	void unsetWithXrayOnIsXraysRules() {
		try (ConfigurableApplicationContext context = start("XRAY_ENABLED=true")) {
			assertThat(context.getBean(Sampler.class).getDescription()).contains("XrayCentralized");
		}
	}

	@Test
	void aStandardSamplerWinsOverXraysRulesAndNoRulesArePolled() {
		try (ConfigurableApplicationContext context = start("XRAY_ENABLED=true",
				"OTEL_TRACES_SAMPLER=parentbased_always_on")) {
			assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("ParentBased{root:AlwaysOnSampler,remoteParentSampled:ForcedSamplingLimit{100/s},"
						+ "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
						+ "localParentNotSampled:AlwaysOffSampler}");
			assertThat(context
				.getBeanNamesForType(Class.forName("org.cruddur.tracing.xray.sampling.XrayCentralizedSampler")))
				.isEmpty();
		}
		catch (ClassNotFoundException ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void unsetWithXrayOffIsParentBasedRatioWithTheSamplerArgument() {
		try (ConfigurableApplicationContext context = start("XRAY_ENABLED=false", "OTEL_TRACES_SAMPLER_ARG=0.5")) {
			assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("ParentBased{root:SampleRateRatioSampler{TraceIdRatioBased{0.500000}},"
						+ "remoteParentSampled:ForcedSamplingLimit{100/s},remoteParentNotSampled:AlwaysOffSampler,"
						+ "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}");
		}
	}

	@Test
	void anUnknownSamplerStopsStartupNamingTheKnownOnes() {
		assertThatException().isThrownBy(() -> start("OTEL_TRACES_SAMPLER=bogus").close())
			.havingRootCause()
			.withMessageContaining(
					"OTEL_TRACES_SAMPLER=bogus is not a sampler this service knows; use one of always_on");
	}

	@Test
	void xrayWithoutXrayStopsStartup() {
		assertThatException().isThrownBy(() -> start("XRAY_ENABLED=false", "OTEL_TRACES_SAMPLER=xray").close())
			.havingRootCause()
			.withMessageContaining("OTEL_TRACES_SAMPLER=xray needs X-Ray");
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(CruddurApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

}
