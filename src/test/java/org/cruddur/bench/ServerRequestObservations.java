package org.cruddur.bench;

import java.util.HashMap;
import java.util.List;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import org.cruddur.tracing.http.HttpServerObservationConvention;
import org.cruddur.tracing.http.HttpServerTracingHandler;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

/**
 * The server request observation as WebFlux makes it for the seed's GET, and the handlers
 * as Spring Boot registers them, shared by the benchmarks that measure pieces of it.
 */
final class ServerRequestObservations {

	private final HttpServerObservationConvention convention = new HttpServerObservationConvention(
			"http.server.requests");

	private final MockServerHttpRequest request = MockServerHttpRequest.get("http://localhost:4567/api/activities/home")
		.header("User-Agent", "wrk")
		.build();

	private final MockServerHttpResponse response = new MockServerHttpResponse();

	ServerRequestObservations() {
		this.response.setStatusCode(HttpStatus.OK);
	}

	/**
	 * One request: the observation started, one scope opened and closed (as
	 * {@code Spans.onStore} does), stopped.
	 */
	Observation.Context observe(ObservationRegistry registry) {
		ServerRequestObservationContext context = new ServerRequestObservationContext(this.request, this.response,
				new HashMap<>());
		Observation observation = Observation.createNotStarted(this.convention, () -> context, registry).start();
		try (Observation.Scope scope = observation.openScope()) {
			context.setPathPattern("/api/activities/home");
		}
		observation.stop();
		return context;
	}

	/** Micrometer's tracer over OpenTelemetry's, publishing its events nowhere. */
	static OtelTracer micrometerTracer(io.opentelemetry.api.trace.Tracer otelTracer) {
		return new OtelTracer(otelTracer, new OtelCurrentTraceContext(), (event) -> {
		});
	}

	/** The service's server span handler, reading W3C trace headers. */
	static HttpServerTracingHandler serverHandler(io.opentelemetry.api.trace.Tracer otelTracer, OtelTracer tracer) {
		return new HttpServerTracingHandler(otelTracer, W3CTraceContextPropagator.getInstance(), tracer, List.of());
	}

	/** As Boot registers them: the tracing handlers first-match, then the timer. */
	static ObservationRegistry registry(ObservationHandler<? extends Observation.Context> serverHandler, Tracer tracer,
			ObservationHandler<Observation.Context> timer) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(serverHandler,
					new DefaultTracingObservationHandler(tracer)))
			.observationHandler(timer);
		return registry;
	}

	/** The {@code http.server.requests} timer as Boot registers it: tracing-aware. */
	static ObservationHandler<Observation.Context> bootTimer(Tracer tracer) {
		return new TracingAwareMeterObservationHandler<>(new DefaultMeterObservationHandler(new SimpleMeterRegistry()),
				tracer);
	}

	/** The same timer without the tracing-aware wrapper. */
	static ObservationHandler<Observation.Context> plainTimer() {
		return new DefaultMeterObservationHandler(new SimpleMeterRegistry());
	}

}
