package org.cruddur.tracing.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.cruddur.tracing.RequestedTraceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The server span of a request, made by the handler from an observation as WebFlux makes
 * it: what a sampler sees at the start, integer attributes, a requested trace id.
 */
class HttpServerTracingHandlerTest {

	private static final String REQUESTED = "67891233abcdef012345678912345678";

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	/** The attributes each span started with, as the sampler saw them. */
	private final List<Attributes> atStart = new ArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setIdGenerator(RequestedTraceId.honouredBy(IdGenerator.random()))
		.setSampler(new Sampler() {

			@Override
			public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
					Attributes attributes, List<LinkData> parentLinks) {
				// a copy: the span keeps writing to the attributes it started with
				HttpServerTracingHandlerTest.this.atStart.add(attributes.toBuilder().build());
				return SamplingResult.recordAndSample();
			}

			@Override
			public String getDescription() {
				return "recording";
			}

		})
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final io.opentelemetry.api.trace.Tracer otelTracer = this.provider.get("test");

	private final Tracer tracer = new OtelTracer(this.otelTracer, new OtelCurrentTraceContext(), (event) -> {
	});

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void theRequestIsOnTheSpanWhenItStartsAndIntegersStayIntegers() {
		ServerRequestObservationContext context = observe(handler(List.of()),
				MockServerHttpRequest.post("http://api.example:4567/api/activities"), HttpStatus.CREATED);

		assertThat(this.atStart).hasSize(1);
		assertThat(this.atStart.get(0).asMap()).containsExactlyInAnyOrderEntriesOf(Attributes.builder()
			.put("http.request.method", "POST")
			.put("url.path", "/api/activities")
			.put("url.scheme", "http")
			.put("server.address", "api.example")
			.build()
			.asMap());
		SpanData span = onlySpan();
		assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(span.getName()).isEqualTo("POST /api/activities");
		assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("http.response.status_code"))).isNull();
		assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(4567L);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/api/activities");
		assertThat(context.getName()).isEqualTo("http.server.requests");
	}

	@Test
	void aRelativeRequestHasNoHostAtTheStart() {
		observe(handler(List.of()), MockServerHttpRequest.get("/api/health-check"), HttpStatus.OK);
		assertThat(this.atStart.get(0).get(AttributeKey.stringKey("server.address"))).isNull();
		assertThat(this.atStart.get(0).get(AttributeKey.stringKey("url.path"))).isEqualTo("/api/health-check");
	}

	@Test
	void anIntegerTagThatIsNotANumberStaysText() {
		HttpServerTracingHandler handler = handler(List.of());
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		context.addHighCardinalityKeyValue(KeyValue.of("client.port", "unknown"));
		run(handler, context);
		SpanData span = onlySpan();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("client.port"))).isEqualTo("unknown");
		assertThat(span.getAttributes().get(AttributeKey.longKey("client.port"))).isNull();
	}

	@Test
	void aRequestedTraceIdStartsARootOfThatTraceUnlessAParentIsPropagated() {
		List<InboundTraceId> inbound = List.of((request) -> null, (request) -> REQUESTED,
				(request) -> "00000000000000000000000000000001");
		observe(handler(inbound), MockServerHttpRequest.get("/"), HttpStatus.OK);
		SpanData root = onlySpan();
		assertThat(root.getTraceId()).isEqualTo(REQUESTED);
		assertThat(root.getParentSpanContext().isValid()).isFalse();

		this.exporter.reset();
		observe(handler(inbound), MockServerHttpRequest.get("/")
			.header("traceparent", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"), HttpStatus.OK);
		SpanData child = onlySpan();
		assertThat(child.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(child.getParentSpanId()).isEqualTo("53995c3f42cd8ad8");

		this.exporter.reset();
		observe(handler(List.of((request) -> null)), MockServerHttpRequest.get("/"), HttpStatus.OK);
		assertThat(onlySpan().getTraceId()).isNotEqualTo(REQUESTED);
		assertThat(onlySpan().getSpanContext().isValid()).as("the generator's own id").isTrue();

		this.exporter.reset();
		observe(handler(List.of()), MockServerHttpRequest.get("/"), HttpStatus.OK);
		assertThat(onlySpan().getTraceId()).isNotEqualTo(REQUESTED);
		assertThat(onlySpan().getSpanContext().isValid()).isTrue();
		assertThat(this.otelTracer.spanBuilder("after").startSpan().getSpanContext().getTraceId())
			.as("the requested id is honoured only while the span starts")
			.isNotEqualTo(REQUESTED);
	}

	@Test
	void aServerErrorFailsTheSpanOtherAnswersLeaveItUnset() {
		for (int code : new int[] { 500, 503, 599 }) {
			this.exporter.reset();
			observe(handler(List.of()), MockServerHttpRequest.get("/"), HttpStatusCode.valueOf(code));
			assertThat(onlySpan().getStatus().getStatusCode()).as("status %d", code).isEqualTo(StatusCode.ERROR);
		}
		for (int code : new int[] { 200, 400, 404, 499, 600 }) {
			this.exporter.reset();
			observe(handler(List.of()), MockServerHttpRequest.get("/"), HttpStatusCode.valueOf(code));
			assertThat(onlySpan().getStatus().getStatusCode()).as("status %d", code).isEqualTo(StatusCode.UNSET);
		}
	}

	@Test
	void withTracingOffNothingFails() {
		HttpServerTracingHandler handler = new HttpServerTracingHandler(OpenTelemetry.noop().getTracer("off"),
				TextMapPropagator.noop(), Tracer.NOOP, List.of((request) -> REQUESTED));
		assertThatCode(() -> run(handler, context(MockServerHttpRequest.get("/"), HttpStatus.OK)))
			.doesNotThrowAnyException();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void aRequestThatIsNotSampledIsObservedAndExportsNothing() {
		try (SdkTracerProvider parentBased = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.alwaysOn()))
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build()) {
			io.opentelemetry.api.trace.Tracer otel = parentBased.get("test");
			HttpServerTracingHandler handler = new HttpServerTracingHandler(otel,
					W3CTraceContextPropagator.getInstance(),
					new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
					}), List.of());
			ServerRequestObservationContext context = context(
					MockServerHttpRequest.get("/api/activities/home")
						.header("traceparent", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00"),
					HttpStatus.OK);
			assertThatCode(() -> run(handler, context)).doesNotThrowAnyException();
			assertThat(context.getLowCardinalityKeyValue("http.response.status_code").getValue()).isEqualTo("200");
		}
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void aScopeMakesTheSpanCurrentAndClosingItRestoresWhatWasCurrentBefore() {
		ObservationRegistry registry = registry(handler(List.of()));
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		Observation observation = observation(context, registry).start();
		Span outside = this.otelTracer.spanBuilder("outside").startSpan();
		try (Scope outsideScope = outside.makeCurrent()) {
			SpanContext server;
			try (Observation.Scope outer = observation.openScope()) {
				server = Span.current().getSpanContext();
				assertThat(server.getSpanId()).isNotEqualTo(outside.getSpanContext().getSpanId());
				assertThat(server.getTraceId()).as("a request is a root, whatever the thread had current")
					.isNotEqualTo(outside.getSpanContext().getTraceId());
				try (Observation.Scope inner = observation.openScope()) {
					assertThat(Span.current().getSpanContext()).isEqualTo(server);
				}
				assertThat(Span.current().getSpanContext()).isEqualTo(server);
			}
			assertThat(Span.current().getSpanContext()).isEqualTo(outside.getSpanContext());
			Observation.Scope reset = observation.openScope();
			reset.reset();
			assertThat(Span.current().getSpanContext()).as("after a reset, the span is no longer current")
				.isEqualTo(outside.getSpanContext());
			observation.stop();
			assertThat(onlySpan().getSpanContext()).isEqualTo(server);
		}
		outside.end();
	}

	@Test
	void anErrorIsAnExceptionEventAndTheErrorStatus() {
		ObservationRegistry registry = registry(handler(List.of()));
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		Observation observation = observation(context, registry).start();
		observation.error(new IllegalStateException("store unavailable"));
		observation.stop();
		SpanData span = onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().getDescription()).isEqualTo("store unavailable");
		assertThat(span.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
	}

	@Test
	void aServerErrorWithAnExceptionKeepsTheExceptionsMessage() {
		ObservationRegistry registry = registry(handler(List.of()));
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/"),
				HttpStatus.INTERNAL_SERVER_ERROR);
		Observation observation = observation(context, registry).start();
		observation.error(new IllegalStateException("store unavailable"));
		observation.stop();
		assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(onlySpan().getStatus().getDescription()).isEqualTo("store unavailable");
	}

	@Test
	void scopesOfTwoRequestsClosedOutOfOrderAreNotHeldByTheThread() {
		ObservationRegistry registry = registry(handler(List.of()));
		Observation first = startedRequest(registry);
		Observation second = startedRequest(registry);
		Context before = Context.current();
		int scopesBefore = HttpServerTracingHandler.openScopesOnThisThread();
		Observation.Scope firstScope = first.openScope();
		SpanContext firstSpan = Span.current().getSpanContext();
		Observation.Scope secondScope = second.openScope();
		SpanContext secondSpan = Span.current().getSpanContext();
		assertThat(secondSpan.getTraceId()).isNotEqualTo(firstSpan.getTraceId());
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore + 2);
		firstScope.close();
		assertThat(Span.current().getSpanContext()).as("the second request's scope is still open")
			.isEqualTo(secondSpan);
		secondScope.close();
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore);
		assertThat(Context.current()).as("the thread is left with what was current before either scope")
			.isSameAs(before);
		first.stop();
		second.stop();
		// Micrometer's own record of the current scope, restored out of order too
		registry.setCurrentObservationScope(null);
	}

	@Test
	void aResetUnderAnotherRequestsScopeClosesOnlyItsOwn() {
		ObservationRegistry registry = registry(handler(List.of()));
		Observation first = startedRequest(registry);
		Observation second = startedRequest(registry);
		Context before = Context.current();
		int scopesBefore = HttpServerTracingHandler.openScopesOnThisThread();
		Observation.Scope firstScope = first.openScope();
		Observation.Scope firstAgain = first.openScope();
		Observation.Scope secondScope = second.openScope();
		SpanContext secondSpan = Span.current().getSpanContext();
		firstAgain.reset();
		assertThat(Span.current().getSpanContext()).isEqualTo(secondSpan);
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore + 1);
		secondScope.close();
		assertThat(Context.current()).isSameAs(before);
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore);
		firstScope.close();
		assertThat(Context.current()).isSameAs(before);
		first.stop();
		second.stop();
		registry.setCurrentObservationScope(null);
	}

	@Test
	void underAClientSpansScopeAnOutOfOrderCloseLeavesThatSpanCurrent() {
		ObservationRegistry registry = registry(handler(List.of()));
		Observation first = startedRequest(registry);
		Observation second = startedRequest(registry);
		Context before = Context.current();
		int scopesBefore = HttpServerTracingHandler.openScopesOnThisThread();
		Observation.Scope firstScope = first.openScope();
		Observation.Scope secondScope = second.openScope();
		SpanContext secondSpan = Span.current().getSpanContext();
		Span client = this.otelTracer.spanBuilder("client").setSpanKind(SpanKind.CLIENT).startSpan();
		Scope clientScope = client.makeCurrent();
		firstScope.close();
		assertThat(Span.current()).as("closes under the client span's scope would be ignored").isSameAs(client);
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore + 1);
		clientScope.close();
		client.end();
		assertThat(Span.current().getSpanContext()).isEqualTo(secondSpan);
		secondScope.close();
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore);
		first.stop();
		second.stop();
		// The first request's context is left current here (OpenTelemetry ignored its
		// close under the client span): what this case costs, set back for the next test.
		before.makeCurrent();
		registry.setCurrentObservationScope(null);
	}

	@Test
	void scopesNeverClosedAreLetGoOfOldestFirstAndTheThreadIsNotLeftWithThem() {
		ObservationRegistry registry = registry(handler(List.of()));
		Context before = Context.current();
		int scopesBefore = HttpServerTracingHandler.openScopesOnThisThread();
		Observation leaked = startedRequest(registry);
		// Not closed in time: a defect elsewhere.
		Observation.Scope leakedScope = leaked.openScope();
		List<Observation.Scope> scopes = new ArrayList<>();
		Observation later = startedRequest(registry);
		while (HttpServerTracingHandler.openScopesOnThisThread() < 64) {
			scopes.add(later.openScope());
		}
		scopes.add(later.openScope());
		SpanContext laterSpan = Span.current().getSpanContext();
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).as("the oldest scope was let go of")
			.isEqualTo(64);
		for (int i = scopes.size() - 1; i >= 0; i--) {
			assertThat(Span.current().getSpanContext()).isEqualTo(laterSpan);
			scopes.get(i).close();
		}
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopesBefore);
		assertThat(Context.current()).as("not the leaked request's").isSameAs(before);
		leakedScope.close();
		assertThat(Context.current()).isSameAs(before);
		leaked.stop();
		later.stop();
	}

	@Test
	void scopeCallbacksForARequestTheHandlerDidNotStartChangeNothing() {
		HttpServerTracingHandler handler = handler(List.of());
		ObservationRegistry registry = registry(handler);
		Observation other = startedRequest(registry);
		Observation.Scope otherScope = other.openScope();
		Context current = Context.current();
		int scopes = HttpServerTracingHandler.openScopesOnThisThread();
		ServerRequestObservationContext notStarted = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		notStarted.setError(new IllegalStateException("never started"));
		assertThatCode(() -> {
			handler.onScopeOpened(notStarted);
			handler.onScopeClosed(notStarted);
			handler.onScopeReset(notStarted);
			handler.onEvent(Observation.Event.of("retry"), notStarted);
			handler.onError(notStarted);
			handler.onStop(notStarted);
		}).doesNotThrowAnyException();
		assertThat(HttpServerTracingHandler.openScopesOnThisThread()).isEqualTo(scopes);
		assertThat(Context.current()).isSameAs(current);
		otherScope.close();
		other.stop();
		assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(onlySpan().getEvents()).isEmpty();
	}

	@Test
	void anObservationsEventsAreTheSpansEventsAtTheirOwnTimeWhenTheyHaveOne() {
		ObservationRegistry registry = registry(handler(List.of()));
		Observation observation = startedRequest(registry);
		long beforeEvents = System.currentTimeMillis() * 1_000_000L;
		observation.event(Observation.Event.of("cache.miss", "cache.miss", 0));
		observation.event(Observation.Event.of("retry", "retry", 1_796_000_000_123L));
		observation.stop();
		List<EventData> events = onlySpan().getEvents();
		assertThat(events).extracting(EventData::getName).containsExactly("cache.miss", "retry");
		assertThat(events.get(0).getEpochNanos()).as("no time of its own: the span's clock")
			.isGreaterThanOrEqualTo(beforeEvents - 1_000_000_000L);
		assertThat(events.get(1).getEpochNanos()).isEqualTo(1_796_000_000_123_000_000L);
	}

	@Test
	void anErrorCallbackWithoutAnErrorLeavesTheSpanUnset() {
		HttpServerTracingHandler handler = handler(List.of());
		ObservationRegistry registry = registry(handler);
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		Observation observation = observation(context, registry).start();
		handler.onError(context);
		observation.stop();
		assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(onlySpan().getEvents()).isEmpty();
	}

	@Test
	void observationsInsideTheRequestFindItsSpanAsTheirParent() {
		ObservationRegistry registry = registry(handler(List.of()));
		ServerRequestObservationContext context = context(MockServerHttpRequest.get("/"), HttpStatus.OK);
		Observation observation = observation(context, registry).start();
		io.micrometer.tracing.Span parent = context.<TracingObservationHandler.TracingContext>getRequired(
				TracingObservationHandler.TracingContext.class)
			.getSpan();
		observation.stop();
		assertThat(parent.context().spanId()).isEqualTo(onlySpan().getSpanId());
		assertThat(parent.context().traceId()).isEqualTo(onlySpan().getTraceId());
	}

	private HttpServerTracingHandler handler(List<InboundTraceId> inbound) {
		return new HttpServerTracingHandler(this.otelTracer, W3CTraceContextPropagator.getInstance(), this.tracer,
				inbound);
	}

	private ServerRequestObservationContext observe(HttpServerTracingHandler handler,
			MockServerHttpRequest.BaseBuilder<?> request, HttpStatusCode status) {
		ServerRequestObservationContext context = context(request, status);
		run(handler, context);
		return context;
	}

	private static ServerRequestObservationContext context(MockServerHttpRequest.BaseBuilder<?> request,
			HttpStatusCode status) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(status);
		return new ServerRequestObservationContext(request.build(), response, new HashMap<>());
	}

	private static void run(HttpServerTracingHandler handler, ServerRequestObservationContext context) {
		Observation observation = observation(context, registry(handler));
		observation.start();
		context.setPathPattern(context.getCarrier().getPath().value());
		observation.stop();
	}

	private static ObservationRegistry registry(HttpServerTracingHandler handler) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		return registry;
	}

	/** A started observation of {@code GET /} answered 200. */
	private static Observation startedRequest(ObservationRegistry registry) {
		return observation(context(MockServerHttpRequest.get("/"), HttpStatus.OK), registry).start();
	}

	private static Observation observation(ServerRequestObservationContext context, ObservationRegistry registry) {
		return Observation.createNotStarted(new HttpServerObservationConvention("http.server.requests"), () -> context,
				registry);
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
