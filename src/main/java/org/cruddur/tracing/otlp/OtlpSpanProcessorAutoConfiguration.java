package org.cruddur.tracing.otlp;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.cruddur.tracing.SdkMetricsBridge;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The OTLP exporter Boot built, in its own batch processor: Boot's default puts every
 * exporter behind one processor, so a slow or broken Honeycomb would hold up X-Ray and a
 * full queue would drop spans for both. Sized by Boot's
 * {@code management.opentelemetry.tracing.export.*} ({@code OTEL_BSP_*}). Runs after Boot
 * has made the exporter and before Boot makes its own processor (which then stands back).
 */
@AutoConfiguration(after = OtlpTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
public class OtlpSpanProcessorAutoConfiguration {

	/** The {@code exporter} tag of this pipeline's metrics. */
	static final String EXPORTER = "otlp";

	@Bean
	@ConditionalOnBean({ OtlpHttpSpanExporter.class, SdkMetricsBridge.class })
	BatchSpanProcessor otlpSpanProcessor(OtlpHttpSpanExporter exporter, OpenTelemetryTracingProperties properties,
			SdkMetricsBridge metrics) {
		OpenTelemetryTracingProperties.Export export = properties.getExport();
		return BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(export.getMaxQueueSize())
			.setMaxExportBatchSize(Math.min(export.getMaxBatchSize(), export.getMaxQueueSize()))
			.setScheduleDelay(export.getScheduleDelay())
			.setExporterTimeout(export.getTimeout())
			.setMeterProvider(metrics.meterProvider(EXPORTER))
			.setInternalTelemetryVersion(SdkMetricsBridge.TELEMETRY_VERSION)
			.build();
	}

}
