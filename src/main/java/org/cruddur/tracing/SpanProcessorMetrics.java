package org.cruddur.tracing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * Shows a {@code BatchSpanProcessor}'s own metrics in Micrometer (so at
 * {@code /actuator/metrics}): the processor reports through an OpenTelemetry
 * {@link MeterProvider}, and this is the smallest one that forwards its two instruments,
 * {@code processedSpans} (with {@code dropped=true} for spans refused by a full queue)
 * and {@code queueSize}, as {@code cruddur.tracing.spans} and
 * {@code cruddur.tracing.queue}, tagged with the exporter. Any other instrument is
 * dropped.
 */
public final class SpanProcessorMetrics implements MeterProvider {

	public static final String SPANS = "cruddur.tracing.spans";

	public static final String QUEUE = "cruddur.tracing.queue";

	private static final Meter NOOP = MeterProvider.noop().get("noop");

	private final MeterRegistry registry;

	private final Tags tags;

	public SpanProcessorMetrics(MeterRegistry registry, String exporter) {
		this.registry = registry;
		this.tags = Tags.of("exporter", exporter);
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return new ForwardingMeter();
			}

		};
	}

	private Tags tags(Attributes attributes) {
		Tags all = this.tags;
		for (var entry : attributes.asMap().entrySet()) {
			all = all.and(entry.getKey().getKey(), String.valueOf(entry.getValue()));
		}
		return all;
	}

	private final class ForwardingMeter implements Meter {

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			return "processedSpans".equals(name) ? new SpanCounterBuilder() : NOOP.counterBuilder(name);
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return NOOP.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return NOOP.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return "queueSize".equals(name) ? new QueueGaugeBuilder() : NOOP.gaugeBuilder(name);
		}

	}

	private final class SpanCounterBuilder implements LongCounterBuilder {

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return NOOP.counterBuilder("processedSpans").ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new LongCounter() {

				@Override
				public void add(long value) {
					add(value, Attributes.empty());
				}

				@Override
				public void add(long value, Attributes attributes) {
					Counter.builder(SPANS)
						.description(
								"Spans handed to the exporter's batch processor; dropped=true: refused by a full queue")
						.tags(tags(attributes))
						.register(SpanProcessorMetrics.this.registry)
						.increment(value);
				}

				@Override
				public void add(long value, Attributes attributes, Context context) {
					add(value, attributes);
				}

			};
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return NOOP.counterBuilder("processedSpans").buildWithCallback(callback);
		}

	}

	private final class QueueGaugeBuilder implements DoubleGaugeBuilder {

		@Override
		public DoubleGaugeBuilder setDescription(String description) {
			return this;
		}

		@Override
		public DoubleGaugeBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public LongGaugeBuilder ofLongs() {
			return new LongGaugeBuilder() {

				@Override
				public LongGaugeBuilder setDescription(String description) {
					return this;
				}

				@Override
				public LongGaugeBuilder setUnit(String unit) {
					return this;
				}

				@Override
				public ObservableLongGauge buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
					Gauge.builder(QUEUE, () -> observe(callback))
						.description("Spans waiting in the exporter's batch processor queue")
						.tags(SpanProcessorMetrics.this.tags)
						.register(SpanProcessorMetrics.this.registry);
					return new ObservableLongGauge() {
					};
				}

			};
		}

		@Override
		public ObservableDoubleGauge buildWithCallback(
				Consumer<io.opentelemetry.api.metrics.ObservableDoubleMeasurement> callback) {
			return NOOP.gaugeBuilder("queueSize").buildWithCallback(callback);
		}

	}

	private static long observe(Consumer<ObservableLongMeasurement> callback) {
		AtomicLong last = new AtomicLong();
		callback.accept(new ObservableLongMeasurement() {

			@Override
			public void record(long value) {
				last.set(value);
			}

			@Override
			public void record(long value, Attributes attributes) {
				last.set(value);
			}

		});
		return last.get();
	}

}
