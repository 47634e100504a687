package org.cruddur.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.cruddur.tracing.Spans;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.scheduler.Schedulers;

/**
 * What one child span costs a sampled request: the seed's
 * {@code home-activities-mock-data} span, started inside the request's span, tagged with
 * the time and the result count, current while the work runs, and ended; recorded, not
 * exported (no span processor). {@code direct}: {@link Spans#inSpan}, the OpenTelemetry
 * API. {@code micrometer}: the same through Micrometer's tracer and its OpenTelemetry
 * bridge, as {@code Spans} did before (kept here only as the baseline; the bridge copies
 * the span's data at its end to see whether a status was set). Run with
 * {@code bench/jmh.sh ChildSpanBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChildSpanBenchmark {

	private static final String NAME = "home-activities-mock-data";

	private static final String NOW = "2026-12-01T10:00:00.000000+00:00";

	private final SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();

	private final io.opentelemetry.api.trace.Tracer otelTracer = this.provider.get("bench");

	private final Spans spans = new Spans(this.otelTracer, Schedulers.immediate());

	private final OtelTracer tracer = ServerRequestObservations.micrometerTracer(this.otelTracer);

	private io.opentelemetry.api.trace.Span request;

	private io.opentelemetry.context.Scope requestScope;

	/** The request's span, current on the benchmark's thread for the whole trial. */
	@Setup
	public void startRequest() {
		this.request = this.otelTracer.spanBuilder("GET /api/activities/home").startSpan();
		this.requestScope = this.request.makeCurrent();
	}

	@TearDown
	public void close() {
		this.requestScope.close();
		this.request.end();
		this.provider.close();
	}

	@Benchmark
	public Object direct() {
		return this.spans.inSpan(NAME, (span) -> {
			Spans.tagResults(span, NOW, 3);
			return span;
		});
	}

	@Benchmark
	public Object micrometer() {
		Span current = this.tracer.currentSpan();
		if (current != null && current.isNoop()) {
			return current;
		}
		Span span = this.tracer.nextSpan().name(NAME).start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			if (!span.isNoop()) {
				span.tag(Spans.NOW.getKey(), NOW);
				span.tag(Spans.RESULT_LENGTH.getKey(), 3L);
			}
			return span;
		}
		finally {
			span.end();
		}
	}

}
