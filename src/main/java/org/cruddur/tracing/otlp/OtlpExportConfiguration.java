package org.cruddur.tracing.otlp;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.SdkMetricsBridge;
import org.cruddur.tracing.TracingSwitch;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * OTLP export to Honeycomb or any OTLP/HTTP receiver, on top of Spring Boot's own: Boot
 * reads {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code _TRACES_ENDPOINT}, {@code _HEADERS},
 * {@code _COMPRESSION}, {@code _TIMEOUT} and builds the exporter; this adds the seed's
 * {@code HONEYCOMB_API_KEY} shortcut (Honeycomb as the default destination, the key as a
 * header, but only to Honeycomb over HTTPS), the exporter's metrics and one startup line
 * that says where traces go. {@link OtlpSpanProcessorAutoConfiguration} gives the
 * exporter its own batch processor.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
class OtlpExportConfiguration {

	private static final Log logger = LogFactory.getLog(OtlpExportConfiguration.class);

	static final String ENDPOINT_PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

	/**
	 * Only a Honeycomb key: Honeycomb is where traces go (Boot creates the exporter only
	 * when it has a URL).
	 */
	@Bean
	@Conditional(HoneycombKeyWithoutEndpoint.class)
	OtlpTracingConnectionDetails honeycombConnectionDetails(HoneycombProperties honeycomb) {
		String url = tracesUrl(honeycomb.endpoint());
		return (transport) -> url;
	}

	@Bean
	OtlpDestination otlpDestination(ObjectProvider<OtlpTracingConnectionDetails> connectionDetails,
			OtlpTracingProperties properties, HoneycombProperties honeycomb) {
		OtlpTracingConnectionDetails details = connectionDetails.getIfAvailable();
		if (details == null) {
			return new OtlpDestination(null, Set.of(), null);
		}
		String url = details.getUrl(Transport.HTTP);
		Set<String> headers = new LinkedHashSet<>();
		properties.getHeaders().keySet().forEach((name) -> headers.add(name.toLowerCase(Locale.ROOT)));
		String heldBack = null;
		if (honeycomb.hasApiKey() && !headers.contains(HoneycombProperties.TEAM_HEADER)) {
			heldBack = HoneycombKeyRule.reasonToHoldBack(url);
			if (heldBack == null) {
				headers.add(HoneycombProperties.TEAM_HEADER);
			}
		}
		return new OtlpDestination(url, headers, heldBack);
	}

	/**
	 * Applied by Boot when it builds the exporter: the key (where the rule allows it) and
	 * the exporter's own metrics.
	 */
	@Bean
	OtlpHttpSpanExporterBuilderCustomizer honeycombKeyAndMetrics(OtlpDestination destination,
			HoneycombProperties honeycomb, OtlpTracingProperties properties, SdkMetricsBridge metrics) {
		boolean sendKey = honeycomb.hasApiKey() && destination.keyHeldBack() == null
				&& properties.getHeaders()
					.keySet()
					.stream()
					.noneMatch(HoneycombProperties.TEAM_HEADER::equalsIgnoreCase);
		return (builder) -> {
			builder.setMeterProvider(metrics.meterProvider(OtlpSpanProcessorAutoConfiguration.EXPORTER))
				.setInternalTelemetryVersion(SdkMetricsBridge.TELEMETRY_VERSION);
			if (sendKey) {
				builder.addHeader(HoneycombProperties.TEAM_HEADER, honeycomb.apiKey().strip());
			}
		};
	}

	/**
	 * One line at startup that says where traces go (never the key), instead of an error
	 * per request. A URL alone is not enough: Boot's export switches can leave it without
	 * an exporter.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> otlpDestinationLogger(OtlpDestination destination,
			ObjectProvider<OtlpHttpSpanExporter> exporter) {
		return (event) -> logger.info(destination.describe(exporter.getIfAvailable() != null));
	}

	/**
	 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is a base URL: the spec appends
	 * {@code v1/traces}.
	 */
	static String tracesUrl(String base) {
		String stripped = base.strip();
		return (stripped.endsWith("/") ? stripped : stripped + "/") + "v1/traces";
	}

	static class HoneycombKeyWithoutEndpoint extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			boolean key = binder.bind("cruddur.honeycomb.api-key", String.class)
				.map((value) -> !value.isBlank())
				.orElse(false);
			boolean endpoint = binder.bind(ENDPOINT_PROPERTY, String.class)
				.map((value) -> !value.isBlank())
				.orElse(false);
			return (key && !endpoint) ? ConditionOutcome.match("a Honeycomb key and no OTLP endpoint")
					: ConditionOutcome.noMatch("no Honeycomb key, or an OTLP endpoint is set");
		}

	}

}
