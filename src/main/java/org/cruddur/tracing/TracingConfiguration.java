package org.cruddur.tracing;

import org.cruddur.tracing.http.HttpServerObservationConvention;
import org.cruddur.tracing.http.HttpServerTracingHandler;
import org.cruddur.tracing.otlp.OtlpExportSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The tracing pipeline on top of Spring Boot's OpenTelemetry auto-configuration: the HTTP
 * server convention and span handler, the resource, span limits, and the OTLP/HTTP export
 * to Honeycomb in its own batch processor (bounded queue, never blocking a request).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	private static final Log logger = LogFactory.getLog(TracingConfiguration.class);

	/**
	 * Longest attribute value kept on a span; longer values (an 8 KiB path, a huge user
	 * agent) are cut.
	 */
	static final int MAX_ATTRIBUTE_VALUE_LENGTH = 2048;

	@Bean
	HttpServerObservationConvention httpServerObservationConvention() {
		return new HttpServerObservationConvention("http.server.requests");
	}

	@Bean
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
	HttpServerTracingHandler httpServerTracingHandler(Tracer tracer, Propagator propagator) {
		return new HttpServerTracingHandler(tracer, propagator);
	}

	/**
	 * Probes and metrics scrapes are not user requests: no spans for {@code /actuator}.
	 */
	@Bean
	ObservationPredicate actuatorRequestsNotObserved() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext serverContext
				&& serverContext.getCarrier().getPath().value().startsWith("/actuator"));
	}

	@Bean
	Resource openTelemetryResource(TracingProperties properties, ObjectProvider<BuildProperties> buildProperties) {
		BuildProperties build = buildProperties.getIfAvailable();
		return ResourceFactory.create(properties, (build != null) ? build.getVersion() : null);
	}

	@Bean
	SdkTracerProviderBuilderCustomizer spanLimits() {
		return (builder) -> builder
			.setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(MAX_ATTRIBUTE_VALUE_LENGTH).build());
	}

	@Bean
	OtlpExportSettings otlpExportSettings(TracingProperties properties) {
		return OtlpExportSettings.from(properties.otlp());
	}

	/**
	 * Its own batch processor, so a slow or broken Honeycomb holds up no other exporter.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
	@Conditional(OtlpExportEnabled.class)
	BatchSpanProcessor otlpSpanProcessor(TracingProperties properties, OtlpExportSettings settings,
			MeterRegistry meterRegistry) {
		TracingProperties.Otlp otlp = properties.otlp();
		OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
			.setEndpoint(settings.tracesUrl())
			.setTimeout(otlp.timeout())
			.setCompression(otlp.compression());
		settings.headers().forEach(exporter::addHeader);
		return BatchSpanProcessor.builder(exporter.build())
			.setMaxQueueSize(otlp.maxQueueSize())
			.setMaxExportBatchSize(Math.min(otlp.maxBatchSize(), otlp.maxQueueSize()))
			.setScheduleDelay(otlp.scheduleDelay())
			.setExporterTimeout(otlp.timeout())
			.setMeterProvider(new SpanProcessorMetrics(meterRegistry, "otlp"))
			.build();
	}

	/**
	 * One line at startup that says where traces go (never the key), instead of an error
	 * per request.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> tracingDestinationLogger(OtlpExportSettings settings,
			TracingProperties properties) {
		return (event) -> logger.info(properties.enabled() ? settings.describe()
				: "Tracing off (CRUDDUR_TRACING_ENABLED=false): no spans are created or exported");
	}

	static class OtlpExportEnabled extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			TracingProperties.Otlp otlp = Binder.get(context.getEnvironment())
				.bindOrCreate("cruddur.tracing.otlp", TracingProperties.Otlp.class);
			return OtlpExportSettings.from(otlp).enabled() ? ConditionOutcome.match("an OTLP endpoint or key is set")
					: ConditionOutcome.noMatch("no OTLP endpoint and no Honeycomb key");
		}

	}

}
