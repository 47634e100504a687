package org.cruddur.tracing.xray;

import org.cruddur.tracing.xray.sampling.GlobPattern;
import org.cruddur.tracing.xray.segment.MetadataAlias;
import org.cruddur.tracing.xray.segment.SegmentSettings;
import org.cruddur.tracing.xray.segment.XraySegmentTranslator;
import org.cruddur.tracing.xray.segment.XrayUdpSpanExporter;
import java.util.List;
import java.util.function.Predicate;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.AwsXrayIdGenerator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.RequestedTraceId;
import org.cruddur.tracing.SdkMetricsBridge;
import org.cruddur.tracing.Spans;
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
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
	 * The seed's {@code mock-data} metadata: its {@code put_metadata('key', dict,
	 * 'namespace')} wrote {@code {"namespace": {"key": {"now": ..., "results-size":
	 * N}}}}, here from the attributes {@link Spans} sets.
	 */
	static final List<MetadataAlias> SEED_METADATA = List.of(
			new MetadataAlias(Spans.NOW.getKey(), List.of("namespace", "key", "now")),
			new MetadataAlias(Spans.RESULT_LENGTH.getKey(), List.of("namespace", "key", "results-size")));

	@Bean
	SdkTracerProviderBuilderCustomizer xrayIdGenerator() {
		return (builder) -> builder.setIdGenerator(RequestedTraceId.honouredBy(AwsXrayIdGenerator.getInstance()));
	}

	@Bean
	XrayRootWithoutParent xrayRootWithoutParent() {
		return new XrayRootWithoutParent();
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

	@Configuration(proxyBeanMethods = false)
	@Conditional(XrayOverDaemon.class)
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
		XraySamplingEndpoint xraySamplingEndpoint(DaemonConfiguration daemon) {
			String url = daemon.getEndpointForTCPConnection();
			return new XraySamplingEndpoint(url, url);
		}

		@Bean
		XraySegmentTranslator xraySegmentTranslator(XrayProperties properties,
				ObjectProvider<BuildProperties> buildProperties) {
			BuildProperties build = buildProperties.getIfAvailable();
			return new XraySegmentTranslator(new SegmentSettings(properties.tracingName(),
					dynamicNamingHosts(properties.dynamicNaming()), properties.indexedAttributes(), SEED_METADATA,
					(build != null) ? build.getVersion() : null));
		}

		/**
		 * Shut down by its batch processor after the last flush, not by Spring before it.
		 */
		@Bean(destroyMethod = "")
		XrayUdpSpanExporter xrayUdpSpanExporter(XraySegmentTranslator translator, DaemonConfiguration daemon) {
			return new XrayUdpSpanExporter(translator, daemon);
		}

		/**
		 * Its own batch processor and queue: a slow Honeycomb costs X-Ray nothing, and
		 * the reverse.
		 */
		@Bean
		BatchSpanProcessor xraySpanProcessor(XrayUdpSpanExporter exporter, XrayProperties properties,
				SdkMetricsBridge metrics) {
			return BatchSpanProcessor.builder(exporter)
				.setMaxQueueSize(properties.maxQueueSize())
				.setMaxExportBatchSize(Math.min(512, properties.maxQueueSize()))
				.setScheduleDelay(properties.scheduleDelay())
				.setMeterProvider(metrics.meterProvider("xray"))
				.setInternalTelemetryVersion(SdkMetricsBridge.TELEMETRY_VERSION)
				.build();
		}

		@Bean
		ApplicationListener<ApplicationReadyEvent> xrayDestinationLogger(XrayUdpSpanExporter exporter) {
			return (event) -> logger.info("X-Ray export to the daemon at udp:" + exporter.getDaemonAddress());
		}

		/**
		 * A binder, not a bean that is the exporter: Spring would close such a bean (and
		 * with it the exporter) before the batch processor's last flush.
		 */
		@Bean
		MeterBinder xrayExporterMetrics(XrayUdpSpanExporter exporter) {
			return (registry) -> {
				String name = "cruddur.tracing.xray.documents";
				FunctionCounter.builder(name, exporter, XrayUdpSpanExporter::getSentDocuments)
					.tag("result", "sent")
					.description("X-Ray span documents sent to the daemon, subsegments embedded in a segment included")
					.register(registry);
				FunctionCounter.builder(name, exporter, XrayUdpSpanExporter::getFailedDocuments)
					.tag("result", "failed")
					.register(registry);
				FunctionCounter.builder(name, exporter, XrayUdpSpanExporter::getDroppedDocuments)
					.tag("result", "dropped")
					.register(registry);
			};
		}

		/**
		 * {@code AWS_XRAY_URL}: the hosts (an X-Ray glob, as the X-Ray SDKs match it)
		 * that name their segment; none when unset.
		 */
		private static Predicate<String> dynamicNamingHosts(String pattern) {
			return hasText(pattern) ? GlobPattern.of(pattern.strip())::matches : null;
		}

	}

	/** X-Ray on, through the daemon ({@code XRAY_EXPORT=daemon}, the default). */
	static class XrayOverDaemon extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			XrayProperties properties = properties(context);
			if (!properties.isEnabled()) {
				return ConditionOutcome.noMatch("X-Ray is disabled");
			}
			return properties.exportsOverOtlp() ? ConditionOutcome.noMatch("X-Ray export over OTLP")
					: ConditionOutcome.match("X-Ray export through the daemon");
		}

	}

	static boolean enabled(ConditionContext context) {
		return properties(context).isEnabled();
	}

	/** The X-Ray settings as they will be bound, for conditions. */
	static XrayProperties properties(ConditionContext context) {
		return Binder.get(context.getEnvironment()).bindOrCreate("cruddur.xray", XrayProperties.class);
	}

	static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
