package org.cruddur.tracing;

import org.cruddur.tracing.http.HttpServerObservationConvention;
import org.cruddur.tracing.http.HttpServerTracingHandler;
import org.cruddur.tracing.http.InboundTraceId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.resources.Resource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryResourceAttributes;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The tracing pipeline on top of Spring Boot's OpenTelemetry auto-configuration: the HTTP
 * server convention and span handler, the resource, and the bridge that shows the SDK's
 * own metrics in Micrometer. The exporters live with their backends
 * ({@code tracing.otlp}, {@code tracing.xray}).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	private static final Log logger = LogFactory.getLog(TracingConfiguration.class);

	@Bean
	HttpServerObservationConvention httpServerObservationConvention() {
		return new HttpServerObservationConvention("http.server.requests");
	}

	/**
	 * Ahead of Boot's receiver handler (which still serves other kinds of received
	 * messages): the first tracing handler that supports an observation is the only one
	 * called for it.
	 */
	@Bean
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER - 1)
	@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
	HttpServerTracingHandler httpServerTracingHandler(io.opentelemetry.api.trace.Tracer otelTracer,
			ContextPropagators propagators, Tracer tracer, ObjectProvider<InboundTraceId> inboundTraceIds) {
		return new HttpServerTracingHandler(otelTracer, propagators.getTextMapPropagator(), tracer,
				inboundTraceIds.orderedStream().toList());
	}

	/**
	 * The child spans of the services, made by Boot's OpenTelemetry tracer; with tracing
	 * off ({@code CRUDDUR_TRACING_ENABLED=false}) there is none, and a no-op tracer makes
	 * no spans.
	 */
	@Bean
	Spans spans(ObjectProvider<io.opentelemetry.api.trace.Tracer> otelTracer, Scheduler storeScheduler) {
		return new Spans(otelTracer.getIfAvailable(() -> TracerProvider.noop().get("cruddur")), storeScheduler);
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
	Resource openTelemetryResource(TracingProperties properties, ObjectProvider<BuildProperties> buildProperties,
			Environment environment, OpenTelemetryProperties openTelemetryProperties) {
		BuildProperties build = buildProperties.getIfAvailable();
		OpenTelemetryResourceAttributes userAttributes = new OpenTelemetryResourceAttributes(environment,
				openTelemetryProperties.getResourceAttributes());
		return ResourceFactory.create(properties, (build != null) ? build.getVersion() : null, userAttributes::applyTo);
	}

	@Bean(destroyMethod = "close")
	SdkMetricsBridge sdkMetricsBridge(MeterRegistry meterRegistry) {
		return new SdkMetricsBridge(meterRegistry);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> tracingOffLogger(TracingProperties properties) {
		return (event) -> {
			if (!properties.enabled()) {
				logger.info("Tracing off (CRUDDUR_TRACING_ENABLED=false): no spans are created or exported");
			}
		};
	}

}
