package org.cruddur.config;

import java.util.stream.Stream;

import org.cruddur.activities.StoreProperties;
import org.cruddur.tracing.TracingProperties;
import org.cruddur.tracing.otlp.HoneycombProperties;
import org.cruddur.tracing.xray.XrayProperties;
import org.cruddur.web.AnswerLimits;
import org.cruddur.web.CorsProperties;
import org.cruddur.web.ServerLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every bound of the {@code @ConfigurationProperties} records, as a user meets it: a
 * value out of range stops the start with a bind failure that names the property; the
 * defaults bind.
 */
class PropertyChecksTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ StoreProperties.class, AnswerLimits.class, ServerLimits.class,
			CorsProperties.class, TracingProperties.class, HoneycombProperties.class, XrayProperties.class })
	static class AllProperties {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AllProperties.class)
		.withPropertyValues("cruddur.cors.allowed-origins=http://localhost:3000");

	@Test
	void theDefaultsBind() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(StoreProperties.class).maxItems()).isEqualTo(5000);
			assertThat(context.getBean(TracingProperties.class).inbound().forcedPerSecond()).isEqualTo(100);
			assertThat(context.getBean(XrayProperties.class).maxQueueSize()).isEqualTo(2048);
		});
	}

	@Test
	void valuesAtTheBoundsBind() {
		this.runner
			.withPropertyValues("cruddur.store.max-items=1", "cruddur.store.max-bytes=1MB",
					"cruddur.answers.max-items=10000", "cruddur.answers.replies-per-crud=0",
					"cruddur.answers.max-bytes=64KB", "cruddur.server.max-connections=1000000",
					"cruddur.tracing.sampling-probability=0", "cruddur.tracing.inbound.forced-per-second=0",
					"cruddur.xray.max-queue-size=1", "cruddur.xray.schedule-delay=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AnswerLimits.class).repliesPerCrud()).isZero();
				assertThat(context.getBean(TracingProperties.class).samplingProbability()).isZero();
			});
	}

	static Stream<Arguments> outOfRange() {
		return Stream.of(Arguments.of("cruddur.store.max-items=0", "cruddur.store.max-items must be between 1 and"),
				Arguments.of("cruddur.store.max-items=10000001",
						"cruddur.store.max-items must be between 1 and 10000000, was 10000001"),
				Arguments.of("cruddur.store.max-bytes=512KB",
						"cruddur.store.max-bytes must be at least 1MB, was 512KB"),
				Arguments.of("cruddur.answers.max-items=0", "cruddur.answers.max-items must be between 1 and"),
				Arguments.of("cruddur.answers.replies-per-crud=-1",
						"cruddur.answers.replies-per-crud must be between 0 and 5"),
				Arguments.of("cruddur.answers.max-bytes=3GB", "cruddur.answers.max-bytes must be between 64KB and 2GB"),
				Arguments.of("cruddur.answers.max-items=10001", "cruddur.answers.max-items must be between 1 and"),
				Arguments.of("cruddur.answers.replies-per-crud=6",
						"cruddur.answers.replies-per-crud must be between 0 and 5"),
				Arguments.of("cruddur.answers.max-bytes=1KB", "cruddur.answers.max-bytes must be between 64KB"),
				Arguments.of("cruddur.server.max-connections=1000001",
						"cruddur.server.max-connections must be between 1 and 1000000"),
				Arguments.of("cruddur.server.max-connections=0", "cruddur.server.max-connections must be between 1"),
				Arguments.of("cruddur.server.request-read-timeout=0s",
						"cruddur.server.request-read-timeout must be positive"),
				Arguments.of("cruddur.cors.allowed-origins=", "cruddur.cors.allowed-origins must not be empty"),
				Arguments.of("cruddur.tracing.sampling-probability=-0.1",
						"cruddur.tracing.sampling-probability must be between 0.0 and 1.0, was -0.1"),
				Arguments.of("cruddur.tracing.sampling-probability=1.5",
						"cruddur.tracing.sampling-probability must be between 0.0 and 1.0, was 1.5"),
				Arguments.of("cruddur.tracing.sampling-probability=NaN",
						"cruddur.tracing.sampling-probability must be between 0.0 and 1.0, was NaN"),
				Arguments.of("cruddur.tracing.inbound.forced-per-second=-1",
						"cruddur.tracing.inbound.forced-per-second must be between 0 and"),
				Arguments.of("cruddur.honeycomb.endpoint=", "cruddur.honeycomb.endpoint must not be empty"),
				Arguments.of("cruddur.xray.health-check-interval=0s",
						"cruddur.xray.health-check-interval must be positive"),
				Arguments.of("cruddur.xray.max-queue-size=1000001",
						"cruddur.xray.max-queue-size must be between 1 and 1000000"),
				Arguments.of("cruddur.xray.rules-polling-interval=0s",
						"cruddur.xray.rules-polling-interval must be positive"),
				Arguments.of("cruddur.xray.health-check-interval=-1s",
						"cruddur.xray.health-check-interval must be positive"),
				Arguments.of("cruddur.xray.max-queue-size=0", "cruddur.xray.max-queue-size must be between 1 and"),
				Arguments.of("cruddur.xray.schedule-delay=-1ms", "cruddur.xray.schedule-delay must be zero or more"));
	}

	@Test
	void anEndpointOfOnlyWhiteSpaceIsRefused() {
		// TestPropertyValues trims what it is given, so white space is tried on the
		// record.
		assertThatIllegalArgumentException().isThrownBy(() -> new HoneycombProperties(null, " \t"))
			.withMessage("cruddur.honeycomb.endpoint must not be empty");
	}

	@Test
	void sizesAreNamedInTheUnitAUserWrites() {
		assertThat(PropertyChecks.readable(DataSize.ofMegabytes(8))).isEqualTo("8MB");
		assertThat(PropertyChecks.readable(DataSize.ofKilobytes(1536))).isEqualTo("1536KB");
		assertThat(PropertyChecks.readable(DataSize.ofBytes(1000))).isEqualTo("1000B");
		assertThat(PropertyChecks.readable(DataSize.ofBytes(0))).isEqualTo("0B");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("outOfRange")
	void aValueOutOfRangeStopsTheStartNamingTheProperty(String property, String message) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class)
				.rootCause()
				.hasMessageStartingWith(message);
			assertThat(context.getStartupFailure()).hasCauseInstanceOf(BindException.class);
		});
	}

}
