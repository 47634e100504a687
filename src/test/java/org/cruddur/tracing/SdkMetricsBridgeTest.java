package org.cruddur.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SdkMetricsBridgeTest {

	@Test
	void spansDroppedByAFullQueueAndTheQueueDepthAreMetersTaggedWithTheExporter() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CountDownLatch exporting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (SdkMetricsBridge bridge = new SdkMetricsBridge(registry)) {
			BatchSpanProcessor processor = BatchSpanProcessor.builder(new BlockedExporter(exporting, release))
				.setMaxQueueSize(2)
				.setMaxExportBatchSize(1)
				.setScheduleDelay(Duration.ofMillis(1))
				.setMeterProvider(bridge.meterProvider("otlp"))
				.setInternalTelemetryVersion(SdkMetricsBridge.TELEMETRY_VERSION)
				.build();
			SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
			tracerProvider.get("test").spanBuilder("span-0").startSpan().end();
			// The first span is in the blocked export before the others come (else the
			// queue could fill before the worker takes one).
			assertThat(exporting.await(5, TimeUnit.SECONDS)).isTrue();
			for (int i = 1; i < 10; i++) {
				tracerProvider.get("test").spanBuilder("span-" + i).startSpan().end();
			}

			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(registry.find("otel.sdk.processor.span.queue.size").tag("exporter", "otlp").meter())
					.isNotNull();
				assertThat(value(registry.find("otel.sdk.processor.span.queue.size").meters())).isEqualTo(2);
			});
			Collection<Meter> dropped = registry.find("otel.sdk.processor.span.processed")
				.tag("exporter", "otlp")
				.tag("error.type", "queue_full")
				.meters();
			// One span is in the blocked export, two wait in the queue: the other seven
			// are refused.
			assertThat(value(dropped)).isEqualTo(7);
			assertThat(registry.getMeters()).allSatisfy(
					(meter) -> assertThat(meter.getId().getTag("otel.component.name")).as(meter.getId().toString())
						.isNull());

			release.countDown();
			processor.forceFlush().join(5, TimeUnit.SECONDS);
			tracerProvider.close();
		}
	}

	private static double value(Collection<Meter> meters) {
		return meters.stream()
			.flatMap((meter) -> java.util.stream.StreamSupport.stream(meter.measure().spliterator(), false))
			.mapToDouble(io.micrometer.core.instrument.Measurement::getValue)
			.sum();
	}

	/** Says when an export starts and holds it until released, so the queue fills. */
	private record BlockedExporter(CountDownLatch exporting, CountDownLatch release) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.exporting.countDown();
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
