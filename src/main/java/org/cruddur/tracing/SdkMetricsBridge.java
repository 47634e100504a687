package org.cruddur.tracing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.contrib.metrics.micrometer.MicrometerMeterProvider;
import io.opentelemetry.contrib.metrics.micrometer.ScheduledCallbackRegistrar;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;

/**
 * Shows the OpenTelemetry SDK's reports on itself in Micrometer (so at
 * {@code /actuator/metrics}): span processors and the OTLP exporter report through an
 * OpenTelemetry {@link MeterProvider} under the semantic-convention names
 * ({@code otel.sdk.processor.span.processed} with {@code error.type=queue_full} for
 * dropped spans, {@code otel.sdk.processor.span.queue.size}, ...), and contrib's
 * {@link MicrometerMeterProvider} turns every instrument into a Micrometer meter of the
 * same name. Whatever the SDK adds or renames shows up as it is; nothing here matches
 * instrument names.
 * <p>
 * One provider per pipeline, so every meter carries {@code exporter=otlp|xray}: the SDK's
 * own {@code otel.component.name} numbers instances in creation order
 * ({@code batching_span_processor/0}), which says nothing about the destination and is
 * dropped.
 */
public final class SdkMetricsBridge implements AutoCloseable {

	/** The SDK reports under the semantic-convention names, not the legacy ones. */
	public static final InternalTelemetryVersion TELEMETRY_VERSION = InternalTelemetryVersion.LATEST;

	/** The tag that names the pipeline a meter belongs to. */
	public static final String EXPORTER_TAG = "exporter";

	private static final Duration GAUGE_REFRESH = Duration.ofSeconds(1);

	private final MeterRegistry registry;

	/** Reads the SDK's observable instruments (queue size) for every pipeline. */
	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "otel-sdk-metrics");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, MicrometerMeterProvider> providers = new ConcurrentHashMap<>();

	public SdkMetricsBridge(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The meter provider for one export pipeline's span processor and exporter.
	 * @param exporter the value of the {@code exporter} tag
	 */
	public MeterProvider meterProvider(String exporter) {
		return this.providers.computeIfAbsent(exporter, this::createMeterProvider);
	}

	private MicrometerMeterProvider createMeterProvider(String exporter) {
		CompositeMeterRegistry tagged = new CompositeMeterRegistry();
		tagged.config().meterFilter(MeterFilter.ignoreTags("otel.component.name")).commonTags(EXPORTER_TAG, exporter);
		tagged.add(this.registry);
		return MicrometerMeterProvider.builder(tagged)
			.setCallbackRegistrar(ScheduledCallbackRegistrar.builder(this.poller)
				.setPeriod(GAUGE_REFRESH)
				.setShutdownExecutorOnClose(false)
				.build())
			.build();
	}

	@Override
	public void close() {
		this.providers.values().forEach(MicrometerMeterProvider::close);
		this.poller.shutdownNow();
	}

}
