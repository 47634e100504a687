package org.cruddur.tracing.xray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.TracesSampler;
import org.cruddur.tracing.TracingSwitch;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.cruddur.tracing.xray.sampling.XraySamplingRules;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * X-Ray's sampling rules as the one sampler of both backends, when X-Ray is on and
 * {@code OTEL_TRACES_SAMPLER} is {@code xray} or unset: centralized rules from the
 * daemon, the local rules while it does not answer, parent-based (an upstream decision is
 * honoured).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
@Conditional(XraySamplingConfiguration.XraySamplerChosen.class)
class XraySamplingConfiguration {

	private static final Log logger = LogFactory.getLog(XraySamplingConfiguration.class);

	/**
	 * The copy of {@code aws/json/xray.json} built into the jar: the sampling policy when
	 * no file is named.
	 */
	static final String BUILT_IN_RULES = "aws/json/xray.json";

	@Bean(destroyMethod = "close")
	XrayCentralizedSampler xrayCentralizedSampler(Resource resource, XraySamplingEndpoint endpoint,
			XrayProperties properties) {
		return XrayCentralizedSampler.builder(resource)
			.endpoint(endpoint.url())
			.localRules(localRules(properties))
			.rulesPollingInterval(properties.rulesPollingInterval())
			.build();
	}

	/** The SDK's sampler (the centralized sampler is a Sampler bean too). */
	@Bean
	@Primary
	Sampler xraySampler(XrayCentralizedSampler sampler) {
		return Sampler.parentBased(sampler);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> xraySamplingLogger(XraySamplingEndpoint endpoint) {
		return (event) -> logger
			.info("Sampler: xray, rules from " + endpoint.description() + ", local rules while it does not answer");
	}

	private static XraySamplingRules localRules(XrayProperties properties) {
		if (XrayConfiguration.hasText(properties.samplingRulesFile())) {
			return XraySamplingRules.load(Path.of(properties.samplingRulesFile().strip()));
		}
		try {
			String json = new ClassPathResource(BUILT_IN_RULES).getContentAsString(StandardCharsets.UTF_8);
			return XraySamplingRules.parse(json, "classpath:" + BUILT_IN_RULES);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The built-in sampling rules are missing from the jar", ex);
		}
	}

	static class XraySamplerChosen extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (!XrayConfiguration.enabled(context)) {
				return ConditionOutcome.noMatch("X-Ray is disabled");
			}
			String configured = context.getEnvironment().getProperty(TracesSampler.PROPERTY);
			TracesSampler sampler = TracesSampler.parse(configured, TracesSampler.XRAY);
			return (sampler == TracesSampler.XRAY) ? ConditionOutcome.match("X-Ray's rules sample")
					: ConditionOutcome.noMatch("OTEL_TRACES_SAMPLER=" + sampler.configName());
		}

	}

}
