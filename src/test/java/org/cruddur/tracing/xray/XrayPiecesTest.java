package org.cruddur.tracing.xray;

import java.lang.reflect.Proxy;
import java.util.HashMap;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The small X-Ray pieces the application wires: the response header, the log key, the id
 * spelling, the load balancer's Root.
 */
class XrayPiecesTest {

	private static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void anOpenTelemetryTraceIdInXraySpelling() {
		assertThat(XrayTraceIds.toXray(TRACE_ID)).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
		assertThatIllegalArgumentException().isThrownBy(() -> XrayTraceIds.toXray(TRACE_ID.substring(1)))
			.withMessage("not an OpenTelemetry trace id: " + TRACE_ID.substring(1));
		assertThatIllegalArgumentException().isThrownBy(() -> XrayTraceIds.toXray(TRACE_ID + "0"));
		assertThatIllegalArgumentException().isThrownBy(() -> XrayTraceIds.toXray(null));
	}

	@Test
	void theResponseNamesTheTraceOfItsSpan() {
		MockServerWebExchange exchange = exchangeWithSpan(span(TRACE_ID, false));
		new XrayTraceHeaderFilter().filter(exchange, (filtered) -> filtered.getResponse().setComplete()).block();
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Amzn-Trace-Id"))
			.isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
		assertThat(new XrayTraceHeaderFilter().getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
	}

	@Test
	void aResponseWithoutASpanOrWithANoopOneOrAnOddIdHasNoHeader() {
		for (MockServerWebExchange exchange : new MockServerWebExchange[] {
				MockServerWebExchange.from(MockServerHttpRequest.get("/")), exchangeWithSpan(span(TRACE_ID, true)),
				exchangeWithSpan(span("5759e988bd862e3f", false)), exchangeWithSpan(null), exchangeWithoutTracing() }) {
			new XrayTraceHeaderFilter().filter(exchange, (filtered) -> filtered.getResponse().setComplete()).block();
			assertThat(exchange.getResponse().getHeaders().containsHeader("X-Amzn-Trace-Id")).isFalse();
		}
	}

	@Test
	void theLogKeyFollowsTheScopes() {
		XrayLogCorrelation correlation = new XrayLogCorrelation();
		SpanContext context = SpanContext.create(TRACE_ID, "53995c3f42cd8ad8", TraceFlags.getSampled(),
				TraceState.getDefault());
		correlation.onEvent(new EventPublishingContextWrapper.ScopeAttachedEvent(
				Context.root().with(io.opentelemetry.api.trace.Span.wrap(context))));
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo("1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8");

		correlation.onEvent(new EventPublishingContextWrapper.ScopeClosedEvent());
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();

		correlation.onEvent(new EventPublishingContextWrapper.ScopeRestoredEvent(
				Context.root().with(io.opentelemetry.api.trace.Span.wrap(context))));
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo("1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8");

		SpanContext child = SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(),
				TraceState.getDefault());
		SpanContext otherTrace = SpanContext.create("6b07fbd63a2482d4fd7fe384ee609d52", "00f067aa0ba902b7",
				TraceFlags.getSampled(), TraceState.getDefault());
		correlation.onEvent(new EventPublishingContextWrapper.ScopeAttachedEvent(
				Context.root().with(io.opentelemetry.api.trace.Span.wrap(child))));
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).as("another span of the same trace, same thread")
			.isEqualTo("1-5759e988-bd862e3fe1be46a994272793@00f067aa0ba902b7");
		correlation.onEvent(new EventPublishingContextWrapper.ScopeRestoredEvent(
				Context.root().with(io.opentelemetry.api.trace.Span.wrap(otherTrace))));
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).as("the same span id in another trace")
			.isEqualTo("1-6b07fbd6-3a2482d4fd7fe384ee609d52@00f067aa0ba902b7");

		MDC.clear();
		correlation.onEvent(new EventPublishingContextWrapper.ScopeAttachedEvent(Context.root()));
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).as("no valid span").isNull();
		correlation.onEvent("another event");
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();
	}

	@Test
	void theLoadBalancersRootIsReadFromTheRequestHeader() {
		assertThat(new XrayRootWithoutParent().traceId(MockServerHttpRequest.get("/")
			.header("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678")
			.build())).isEqualTo("67891233abcdef012345678912345678");
		assertThat(new XrayRootWithoutParent().traceId(MockServerHttpRequest.get("/").build())).isNull();
		assertThat(XrayRootWithoutParent.rootWithoutParent(
				"Root=1-67891233-abcdef012345678912345678;" + "x".repeat(XrayRootWithoutParent.MAX_HEADER_LENGTH - 41)))
			.as("exactly the longest header read")
			.isEqualTo("67891233abcdef012345678912345678");
		assertThat(XrayRootWithoutParent
			.rootWithoutParent("=1-67891233-abcdef012345678912345678;" + "Root=1-67891233-abcdef012345678912345678"))
			.isEqualTo("67891233abcdef012345678912345678");
	}

	@Test
	void xrayIsOnWhenSwitchedOnOrWhenADaemonIsNamed() {
		assertThat(properties(true, null).isEnabled()).isTrue();
		assertThat(properties(false, "10.0.0.1:2000").isEnabled()).isFalse();
		assertThat(properties(null, "10.0.0.1:2000").isEnabled()).isTrue();
		assertThat(properties(null, " ").isEnabled()).isFalse();
		assertThat(properties(null, null).isEnabled()).isFalse();
	}

	static XrayProperties properties(Boolean enabled, String daemonAddress) {
		return new XrayProperties(enabled, daemonAddress, null, null, null, java.util.List.of(),
				java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(30), 2048,
				java.time.Duration.ofSeconds(1), XrayProperties.Export.DAEMON, null, null, null);
	}

	private static MockServerWebExchange exchangeWithSpan(Span span) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		ServerRequestObservationContext context = new ServerRequestObservationContext(exchange.getRequest(),
				exchange.getResponse(), new HashMap<>());
		TracingObservationHandler.TracingContext tracing = new TracingObservationHandler.TracingContext();
		tracing.setSpan(span);
		context.put(TracingObservationHandler.TracingContext.class, tracing);
		exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
		return exchange;
	}

	private static MockServerWebExchange exchangeWithoutTracing() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		exchange.getAttributes()
			.put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE,
					new ServerRequestObservationContext(exchange.getRequest(), exchange.getResponse(),
							new HashMap<>()));
		return exchange;
	}

	/**
	 * An implementation answering the named methods with the given values, and no others.
	 */
	private static <T> T proxy(Class<T> type, Object... namesAndValues) {
		return type
			.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, arguments) -> {
				for (int i = 0; i < namesAndValues.length; i += 2) {
					if (method.getName().equals(namesAndValues[i])) {
						return namesAndValues[i + 1];
					}
				}
				throw new UnsupportedOperationException(method.getName());
			}));
	}

	private static Span span(String traceId, boolean noop) {
		TraceContext context = proxy(TraceContext.class, "traceId", traceId);
		return proxy(Span.class, "isNoop", noop, "context", context);
	}

}
