package org.cruddur.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.cruddur.tracing.http.HttpServerTracingHandler;
import org.cruddur.tracing.xray.XrayLogCorrelation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What two pieces of Spring Boot's wiring around the server observation cost a request,
 * with the scope events the service really has: Boot wraps OpenTelemetry's context
 * storage so that every scope attached or closed is published as an event, and its
 * listeners write the trace ids into the MDC (Boot's {@code Slf4JEventListener}, this
 * service's {@link XrayLogCorrelation}).
 * <ul>
 * <li>{@code bootTimer}: the {@code http.server.requests} timer as Boot registers it,
 * wrapped in Micrometer's {@link TracingAwareMeterObservationHandler}, which makes the
 * request's span current while the timer stops (for exemplars);</li>
 * <li>{@code plainTimer}: the same timer without the wrapper.</li>
 * </ul>
 * {@code logFields}: {@code mdc}, the listeners write the MDC on every scope event;
 * {@code none}, the events are published to no listener (what is left if the log fields
 * were written when a line is logged instead). {@code sampling}: every request sampled,
 * or none (the production rule leaves 9 of 10 unsampled). One request: the observation
 * started, one scope opened and closed (as {@code Spans.onStore} does), stopped; spans
 * recorded, not exported. Run with {@code bench/jmh.sh ObservationWiringBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservationWiringBenchmark {

	/** Whether the scope events reach the MDC listeners; set before the first request. */
	private static volatile boolean writeLogFields = true;

	private static final List<EventListener> LISTENERS = List.of(new Slf4JEventListener(), new XrayLogCorrelation());

	static {
		// As Boot's OpenTelemetryEventPublisherBeansApplicationListener does, before any
		// context is used.
		ContextStorage.addWrapper(new EventPublishingContextWrapper((event) -> {
			if (writeLogFields) {
				for (EventListener listener : LISTENERS) {
					listener.onEvent(event);
				}
			}
		}));
	}

	@Param({ "sampled", "unsampled" })
	public String sampling;

	@Param({ "mdc", "none" })
	public String logFields;

	private SdkTracerProvider provider;

	private ObservationRegistry bootTimer;

	private ObservationRegistry plainTimer;

	private final ServerRequestObservations requests = new ServerRequestObservations();

	@Setup(Level.Trial)
	public void setUp() {
		writeLogFields = "mdc".equals(this.logFields);
		this.provider = SdkTracerProvider.builder()
			.setSampler("sampled".equals(this.sampling) ? Sampler.alwaysOn() : Sampler.alwaysOff())
			.build();
		io.opentelemetry.api.trace.Tracer otelTracer = this.provider.get("bench");
		OtelTracer tracer = ServerRequestObservations.micrometerTracer(otelTracer);
		HttpServerTracingHandler serverHandler = ServerRequestObservations.serverHandler(otelTracer, tracer);
		this.bootTimer = ServerRequestObservations.registry(serverHandler, tracer,
				ServerRequestObservations.bootTimer(tracer));
		this.plainTimer = ServerRequestObservations.registry(serverHandler, tracer,
				ServerRequestObservations.plainTimer());
	}

	@TearDown
	public void close() {
		this.provider.close();
	}

	@Benchmark
	public Observation.Context bootTimer() {
		return this.requests.observe(this.bootTimer);
	}

	@Benchmark
	public Observation.Context plainTimer() {
		return this.requests.observe(this.plainTimer);
	}

}
