package org.cruddur.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.cruddur.tracing.http.HttpServerAttributes;
import org.cruddur.tracing.http.HttpServerTracingHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * What the server span of one request costs its handler: the observation as WebFlux makes
 * it (start, one scope opened and closed as {@code Spans.onStore} does, stop), with
 * Boot's handlers beside it (the {@code http.server.requests} timer wrapped to be
 * tracing-aware, the default tracing handler behind the server one), spans recorded and
 * not exported. {@code direct}: {@link HttpServerTracingHandler}, the span made with the
 * OpenTelemetry API. {@code micrometer}: the handler as it was before, on Micrometer's
 * receiver handler and bridge (kept here only as the baseline). Run with
 * {@code bench/jmh.sh ServerSpanBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServerSpanBenchmark {

	private final SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();

	private final io.opentelemetry.api.trace.Tracer otelTracer = this.provider.get("bench");

	private final OtelTracer tracer = ServerRequestObservations.micrometerTracer(this.otelTracer);

	private final ObservationRegistry direct = registry(
			ServerRequestObservations.serverHandler(this.otelTracer, this.tracer));

	private final ObservationRegistry micrometer = registry(new MicrometerReceiverHandler(this.tracer,
			new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), this.otelTracer)));

	private final ServerRequestObservations requests = new ServerRequestObservations();

	@TearDown
	public void close() {
		this.provider.close();
	}

	@Benchmark
	public Observation.Context direct() {
		return this.requests.observe(this.direct);
	}

	@Benchmark
	public Observation.Context micrometer() {
		return this.requests.observe(this.micrometer);
	}

	private ObservationRegistry registry(ObservationHandler<? extends Observation.Context> serverHandler) {
		return ServerRequestObservations.registry(serverHandler, this.tracer,
				ServerRequestObservations.bootTimer(this.tracer));
	}

	/**
	 * The server span handler before session 9 ({@code 48411c7}), without the requested
	 * trace id: Micrometer's receiver handler with the request's attributes added at the
	 * start and the tags written with keys made once.
	 */
	static final class MicrometerReceiverHandler
			extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

		private static final Map<String, AttributeKey<Long>> INTEGER_KEYS = HttpServerAttributes.INTEGER_KEYS.stream()
			.collect(Collectors.toUnmodifiableMap(Function.identity(), AttributeKey::longKey));

		private static final Map<String, AttributeKey<String>> STRING_KEYS = HttpServerAttributes.STRING_KEYS.stream()
			.collect(Collectors.toUnmodifiableMap(Function.identity(), AttributeKey::stringKey));

		MicrometerReceiverHandler(OtelTracer tracer, OtelPropagator propagator) {
			super(tracer, propagator);
		}

		@Override
		public Span.Builder customizeExtractedSpan(ReceiverContext<?> context, Span.Builder builder) {
			if (context instanceof ServerRequestObservationContext serverContext) {
				ServerHttpRequest request = serverContext.getCarrier();
				String method = HttpServerAttributes.method(request);
				builder.name(method)
					.tag(HttpServerAttributes.METHOD, method)
					.tag(HttpServerAttributes.URL_PATH, HttpServerAttributes.path(request))
					.tag(HttpServerAttributes.URL_SCHEME, HttpServerAttributes.scheme(request));
				String host = HttpServerAttributes.serverAddress(request);
				if (host != null) {
					builder.tag(HttpServerAttributes.SERVER_ADDRESS, host);
				}
			}
			return builder;
		}

		@Override
		public void tagSpan(ReceiverContext<?> context, Span span) {
			if (span.isNoop()) {
				return;
			}
			io.opentelemetry.api.trace.Span otelSpan = OtelSpan.toOtel(span);
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				setAttribute(otelSpan, keyValue);
			}
			for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
				setAttribute(otelSpan, keyValue);
			}
			KeyValue status = context.getLowCardinalityKeyValue(HttpServerAttributes.STATUS_CODE);
			if (status != null && status.getValue().startsWith("5")) {
				otelSpan.setStatus(StatusCode.ERROR);
			}
		}

		private static void setAttribute(io.opentelemetry.api.trace.Span span, KeyValue keyValue) {
			AttributeKey<Long> integerKey = INTEGER_KEYS.get(keyValue.getKey());
			if (integerKey != null) {
				try {
					span.setAttribute(integerKey, Long.parseLong(keyValue.getValue()));
					return;
				}
				catch (NumberFormatException ex) {
					// kept as text below
				}
			}
			AttributeKey<String> stringKey = STRING_KEYS.get(keyValue.getKey());
			span.setAttribute((stringKey != null) ? stringKey : AttributeKey.stringKey(keyValue.getKey()),
					keyValue.getValue());
		}

	}

}
