package org.cruddur.tracing.xray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.InboundSampling;
import org.cruddur.tracing.TracesSampler;
import org.cruddur.tracing.TracingProperties;
import org.cruddur.tracing.TracingSwitch;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.cruddur.tracing.xray.sampling.XraySamplingRule;
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
	 * The copies of {@code aws/json/}'s rule files built into the jar: the sampling
	 * policy when no file is named (the main rule, and the rule that never samples health
	 * checks).
	 */
	static final List<String> BUILT_IN_RULES = List.of("aws/json/xray.json", "aws/json/xray-health-check.json");

	@Bean(destroyMethod = "close")
	XrayCentralizedSampler xrayCentralizedSampler(Resource resource, XraySamplingEndpoint endpoint,
			XrayProperties properties) {
		return XrayCentralizedSampler.builder(resource)
			.endpoint(endpoint.url())
			.localRules(localRules(properties))
			.rulesPollingInterval(properties.rulesPollingInterval())
			.healthCheckInterval(properties.healthCheckInterval())
			.build();
	}

	/** The SDK's sampler (the centralized sampler is a Sampler bean too). */
	@Bean
	@Primary
	Sampler xraySampler(XrayCentralizedSampler sampler, TracingProperties properties) {
		return InboundSampling.parentBased(sampler, properties.inbound());
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
		List<XraySamplingRule> rules = new ArrayList<>();
		for (String file : BUILT_IN_RULES) {
			try {
				String json = new ClassPathResource(file).getContentAsString(StandardCharsets.UTF_8);
				rules.addAll(XraySamplingRules.parse(json, "classpath:" + file).rules());
			}
			catch (IOException ex) {
				throw new IllegalStateException("The built-in sampling rules " + file + " are missing from the jar",
						ex);
			}
		}
		return new XraySamplingRules(rules);
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
