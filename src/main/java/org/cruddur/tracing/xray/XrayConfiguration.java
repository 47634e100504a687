package org.cruddur.tracing.xray;

import org.cruddur.tracing.xray.sampling.GlobPattern;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.cruddur.tracing.xray.sampling.XraySamplingRules;
import org.cruddur.tracing.xray.segment.MetadataAlias;
import org.cruddur.tracing.xray.segment.SegmentSettings;
import org.cruddur.tracing.xray.segment.XraySegmentTranslator;
import org.cruddur.tracing.xray.segment.XrayUdpSpanExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.AwsXrayIdGenerator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.SampleRateRatioSampler;
import org.cruddur.tracing.SpanProcessorMetrics;
import org.cruddur.tracing.Spans;
import org.cruddur.tracing.TracingProperties;
import org.cruddur.tracing.TracingSwitch;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * AWS X-Ray from the same spans that go to Honeycomb: X-Ray-compatible trace ids and the
 * {@code X-Amzn-Trace-Id} header always (so a trace id is the same in both consoles, and
 * a trace started by an AWS load balancer continues); when X-Ray is enabled
 * ({@link XrayProperties#isEnabled()}), the segment exporter in its own batch processor
 * and the X-Ray sampling rules as the one sampler of both backends.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
class XrayConfiguration {

	private static final Log logger = LogFactory.getLog(XrayConfiguration.class);

	/**
	 * The copy of {@code aws/json/xray.json} built into the jar: the sampling policy when
	 * no file is named.
	 */
	static final String BUILT_IN_RULES = "aws/json/xray.json";

	/**
	 * The seed's {@code mock-data} metadata, {@code {"namespace": {"now": ...,
	 * "results-size": N}}}, from the attributes {@link Spans} sets.
	 */
	static final List<MetadataAlias> SEED_METADATA = List.of(new MetadataAlias(Spans.NOW, List.of("namespace", "now")),
			new MetadataAlias(Spans.RESULT_LENGTH, List.of("namespace", "results-size")));

	@Bean
	SdkTracerProviderBuilderCustomizer xrayIdGenerator() {
		return (builder) -> builder.setIdGenerator(AwsXrayIdGenerator.getInstance());
	}

	/**
	 * Joins Boot's W3C propagator: both headers are read on the way in and written on the
	 * way out.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	TextMapPropagator awsXrayPropagator() {
		return AwsXrayPropagator.getInstance();
	}

	@Bean
	XrayTraceHeaderFilter xrayTraceHeaderFilter() {
		return new XrayTraceHeaderFilter();
	}

	@Bean
	XrayLogCorrelation xrayLogCorrelation() {
		return new XrayLogCorrelation();
	}

	/**
	 * Without X-Ray, {@code OTEL_TRACES_SAMPLER_ARG} decides (parent-based), and kept
	 * roots carry SampleRate.
	 */
	@Bean
	@Conditional(XrayDisabled.class)
	Sampler ratioSampler(TracingProperties properties) {
		return Sampler.parentBased(new SampleRateRatioSampler(properties.samplingProbability()));
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(XrayEnabled.class)
	static class XrayExport {

		@Bean
		DaemonConfiguration xrayDaemonConfiguration(XrayProperties properties) {
			DaemonConfiguration daemon = new DaemonConfiguration();
			if (properties.daemonAddress() != null && !properties.daemonAddress().isBlank()) {
				daemon.setDaemonAddress(properties.daemonAddress().strip());
			}
			return daemon;
		}

		@Bean
		XraySegmentTranslator xraySegmentTranslator(XrayProperties properties,
				ObjectProvider<BuildProperties> buildProperties) {
			BuildProperties build = buildProperties.getIfAvailable();
			return new XraySegmentTranslator(new SegmentSettings(properties.tracingName(),
					dynamicNamingHosts(properties.dynamicNaming()), properties.indexedAttributes(), SEED_METADATA,
					(build != null) ? build.getVersion() : null));
		}

		@Bean
		XrayUdpSpanExporter xrayUdpSpanExporter(XraySegmentTranslator translator, DaemonConfiguration daemon) {
			return new XrayUdpSpanExporter(translator, daemon);
		}

		/**
		 * Its own batch processor and queue: a slow Honeycomb costs X-Ray nothing, and
		 * the reverse.
		 */
		@Bean
		BatchSpanProcessor xraySpanProcessor(XrayUdpSpanExporter exporter, XrayProperties properties,
				MeterRegistry meterRegistry) {
			return BatchSpanProcessor.builder(exporter)
				.setMaxQueueSize(properties.maxQueueSize())
				.setMaxExportBatchSize(Math.min(512, properties.maxQueueSize()))
				.setScheduleDelay(properties.scheduleDelay())
				.setMeterProvider(new SpanProcessorMetrics(meterRegistry, "xray"))
				.build();
		}

		@Bean(destroyMethod = "close")
		XrayCentralizedSampler xrayCentralizedSampler(Resource resource, DaemonConfiguration daemon,
				XrayProperties properties) {
			return XrayCentralizedSampler.builder(resource)
				.daemonConfiguration(daemon)
				.localRules(localRules(properties))
				.rulesPollingInterval(properties.rulesPollingInterval())
				.build();
		}

		/**
		 * The X-Ray sampling rules decide for both backends; an upstream decision is
		 * honoured.
		 */
		@Bean
		@Primary
		Sampler xraySampler(XrayCentralizedSampler sampler) {
			return Sampler.parentBased(sampler);
		}

		@Bean
		ApplicationListener<ApplicationReadyEvent> xrayDestinationLogger(XrayUdpSpanExporter exporter,
				XrayCentralizedSampler sampler) {
			return (event) -> logger.info("X-Ray export to the daemon at udp:" + exporter.getDaemonAddress()
					+ "; sampling rules from " + sampler.getEndpoint() + ", local rules while it does not answer");
		}

		@Bean
		Object xrayExporterMetrics(MeterRegistry registry, XrayUdpSpanExporter exporter) {
			String name = "cruddur.tracing.xray.documents";
			FunctionCounter.builder(name, exporter, XrayUdpSpanExporter::getSentDocuments)
				.tag("result", "sent")
				.description("X-Ray segment documents sent to the daemon")
				.register(registry);
			FunctionCounter.builder(name, exporter, XrayUdpSpanExporter::getFailedDocuments)
				.tag("result", "failed")
				.register(registry);
			FunctionCounter.builder(name, exporter, XrayUdpSpanExporter::getDroppedDocuments)
				.tag("result", "dropped")
				.register(registry);
			return exporter;
		}

		/**
		 * {@code AWS_XRAY_URL}: the hosts (an X-Ray glob, as the X-Ray SDKs match it)
		 * that name their segment; none when unset.
		 */
		private static Predicate<String> dynamicNamingHosts(String pattern) {
			return hasText(pattern) ? GlobPattern.of(pattern.strip())::matches : null;
		}

		private static XraySamplingRules localRules(XrayProperties properties) {
			if (hasText(properties.samplingRulesFile())) {
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

	}

	static class XrayEnabled extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return enabled(context) ? ConditionOutcome.match("X-Ray is enabled")
					: ConditionOutcome.noMatch("X-Ray is disabled");
		}

	}

	static class XrayDisabled extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return enabled(context) ? ConditionOutcome.noMatch("X-Ray is enabled")
					: ConditionOutcome.match("X-Ray is disabled");
		}

	}

	private static boolean enabled(ConditionContext context) {
		return Binder.get(context.getEnvironment()).bindOrCreate("cruddur.xray", XrayProperties.class).isEnabled();
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
