package org.cruddur.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The sampler {@code OTEL_TRACES_SAMPLER} names, when X-Ray's rules do not decide (the
 * X-Ray configuration provides that sampler for {@code xray}, or by default when X-Ray is
 * on). Unset, without X-Ray: {@code parentbased_traceidratio} with
 * {@code OTEL_TRACES_SAMPLER_ARG} (default 1.0). An unknown name stops startup. None with
 * tracing off ({@link TracingSwitch}).
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
public class SamplerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(SamplerAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(Sampler.class)
	Sampler tracesSampler(TracingProperties properties) {
		TracesSampler sampler = TracesSampler.parse(properties.sampler(), TracesSampler.PARENT_BASED_TRACE_ID_RATIO);
		logger.info("Sampler: " + sampler.configName() + ((sampler.configName().endsWith("traceidratio"))
				? " with OTEL_TRACES_SAMPLER_ARG=" + properties.samplingProbability() : ""));
		return sampler.create(properties.samplingProbability(), properties.inbound());
	}

}
