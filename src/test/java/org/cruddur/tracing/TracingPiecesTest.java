package org.cruddur.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertySource;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracing switch, the sampler choice, the requested trace id and the pipeline's small
 * decisions, each without an application context.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingPiecesTest {

	private static final String TRACING_AUTO_CONFIGURATIONS = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration,"
			+ "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration";

	@Test
	void tracingOnLeavesTheEnvironmentAlone() {
		MockEnvironment environment = new MockEnvironment();
		int sources = environment.getPropertySources().size();
		new TracingSwitch().postProcessEnvironment(environment, null);
		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
		environment.setProperty("cruddur.tracing.enabled", "true");
		new TracingSwitch().postProcessEnvironment(environment, null);
		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
		assertThat(new TracingSwitch().getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
	}

	@Test
	void tracingOffExcludesTheTracingAutoConfigurationsAndLimitsContextPropagation() {
		MockEnvironment environment = new MockEnvironment().withProperty("cruddur.tracing.enabled", "false");
		new TracingSwitch().postProcessEnvironment(environment, null);
		PropertySource<?> off = environment.getPropertySources().iterator().next();
		assertThat(off.getName()).isEqualTo("cruddurTracingOff");
		assertThat(environment.getProperty("spring.autoconfigure.exclude")).isEqualTo(TRACING_AUTO_CONFIGURATIONS);
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("limited");

		MockEnvironment excluding = new MockEnvironment().withProperty("cruddur.tracing.enabled", "false")
			.withProperty("spring.autoconfigure.exclude", "com.example.Other");
		new TracingSwitch().postProcessEnvironment(excluding, null);
		assertThat(excluding.getProperty("spring.autoconfigure.exclude"))
			.isEqualTo("com.example.Other," + TRACING_AUTO_CONFIGURATIONS);
	}

	@Test
	void aRequestedTraceIdIsGivenToRootsStartedInItsScopeOnly() {
		AtomicInteger calls = new AtomicInteger();
		IdGenerator delegate = new IdGenerator() {

			@Override
			public String generateSpanId() {
				return "00000000000000a" + calls.incrementAndGet();
			}

			@Override
			public String generateTraceId() {
				return "0000000000000000000000000000000" + calls.incrementAndGet();
			}

			@Override
			public boolean generatesRandomTraceIds() {
				return false;
			}

		};
		IdGenerator honouring = RequestedTraceId.honouredBy(delegate);
		try (Scope scope = RequestedTraceId.request("67891233abcdef012345678912345678")) {
			assertThat(honouring.generateTraceId()).isEqualTo("67891233abcdef012345678912345678");
		}
		assertThat(honouring.generateTraceId()).isEqualTo("00000000000000000000000000000001");
		assertThat(honouring.generateSpanId()).isEqualTo("00000000000000a2");
		assertThat(honouring.generatesRandomTraceIds()).isFalse();
		assertThat(RequestedTraceId.honouredBy(IdGenerator.random()).generatesRandomTraceIds()).isTrue();
		assertThat(Context.current()).isSameAs(Context.root());
	}

	@Test
	void theRatioSamplerWeighsWhatItKeeps() {
		SampleRateRatioSampler third = new SampleRateRatioSampler(0.3);
		assertThat(third.getDescription()).isEqualTo("SampleRateRatioSampler{TraceIdRatioBased{0.300000}}");
		SamplingResult kept = decide(third, "00000000000000000000000000000001");
		assertThat(kept.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(kept.getAttributes().get(SampleRateRatioSampler.SAMPLE_RATE)).isEqualTo(3L);
		assertThat(decide(third, "00000000000000007fffffffffffffff").getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(new SampleRateRatioSampler(1.0), "00000000000000007ffffffffffffff0").getAttributes()
			.get(SampleRateRatioSampler.SAMPLE_RATE)).isEqualTo(1L);
		assertThat(decide(new SampleRateRatioSampler(0.0), "00000000000000000000000000000001").getDecision())
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(new SampleRateRatioSampler(0.6), "00000000000000000000000000000001").getAttributes()
			.get(SampleRateRatioSampler.SAMPLE_RATE)).as("round(1 / 0.6)").isEqualTo(2L);
	}

	@Test
	void theSamplerAutoConfigurationCreatesTheNamedSamplerAndSaysWhich(CapturedOutput output) {
		SamplerAutoConfiguration configuration = new SamplerAutoConfiguration();
		Sampler unset = configuration.tracesSampler(tracing(null, 0.25));
		assertThat(unset.getDescription())
			.startsWith("ParentBased{root:SampleRateRatioSampler{TraceIdRatioBased{0.250000}}");
		assertThat(output.getAll()).contains("Sampler: parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG=0.25");
		assertThat(configuration.tracesSampler(tracing("always_off", 0.25))).isSameAs(Sampler.alwaysOff());
		assertThat(output.getAll().lines()).anyMatch((line) -> line.endsWith("Sampler: always_off"));
		assertThat(output.getAll()).doesNotContain("always_off with");
		assertThat(configuration.tracesSampler(tracing("traceidratio", 0.5)).getDescription())
			.isEqualTo("SampleRateRatioSampler{TraceIdRatioBased{0.500000}}");
		assertThat(output.getAll()).contains("Sampler: traceidratio with OTEL_TRACES_SAMPLER_ARG=0.5");
	}

	@Test
	void actuatorRequestsAreNotObservedAndEverythingElseIs() {
		ObservationPredicate predicate = new TracingConfiguration().actuatorRequestsNotObserved();
		assertThat(predicate.test("http.server.requests", server("/actuator/health"))).isFalse();
		assertThat(predicate.test("http.server.requests", server("/api/actuator"))).isTrue();
		assertThat(predicate.test("http.server.requests", server("/api/activities/home"))).isTrue();
		assertThat(predicate.test("other", new Observation.Context())).isTrue();
		assertThat(new TracingConfiguration().httpServerObservationConvention().getName())
			.isEqualTo("http.server.requests");
	}

	@Test
	void theStartupLineSaysWhenTracingIsOff(CapturedOutput output) {
		new TracingConfiguration().tracingOffLogger(tracing(null, 1.0)).onApplicationEvent(null);
		assertThat(output.getAll()).doesNotContain("Tracing off");
		new TracingConfiguration()
			.tracingOffLogger(new TracingProperties(false, "development", null, 1.0,
					new TracingProperties.Inbound(true, 100), new TracingProperties.Kubernetes(null, null, null, null)))
			.onApplicationEvent(null);
		assertThat(output.getAll())
			.contains("Tracing off (CRUDDUR_TRACING_ENABLED=false): no spans are created or exported");
	}

	@Test
	void theResourceCarriesTheBuildVersionWhenThereIsABuild() {
		TracingConfiguration configuration = new TracingConfiguration();
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		Properties build = new Properties();
		build.setProperty("version", "1.2.3");
		beans.registerSingleton("buildProperties", new BuildProperties(build));
		Resource resource = configuration.openTelemetryResource(tracing(null, 1.0),
				beans.getBeanProvider(BuildProperties.class), new MockEnvironment(), new OpenTelemetryProperties());
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.2.3");
		Resource withoutBuild = configuration.openTelemetryResource(tracing(null, 1.0),
				new DefaultListableBeanFactory().getBeanProvider(BuildProperties.class), new MockEnvironment(),
				new OpenTelemetryProperties());
		assertThat(withoutBuild.getAttribute(AttributeKey.stringKey("service.version"))).isNull();
		assertThat(configuration.httpServerTracingHandler(io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"),
				io.opentelemetry.context.propagation.ContextPropagators.noop(), io.micrometer.tracing.Tracer.NOOP,
				new DefaultListableBeanFactory().getBeanProvider(org.cruddur.tracing.http.InboundTraceId.class)))
			.isInstanceOf(org.cruddur.tracing.http.HttpServerTracingHandler.class);
	}

	@Test
	void eachPipelineHasOneMeterProvider() {
		try (SdkMetricsBridge bridge = new TracingConfiguration().sdkMetricsBridge(new SimpleMeterRegistry())) {
			assertThat(bridge.meterProvider("otlp")).isSameAs(bridge.meterProvider("otlp"))
				.isNotSameAs(bridge.meterProvider("xray"));
		}
	}

	@Test
	void workRunsWithTheRequestsContextAndItsResultOrFailureIsTheMonos() {
		StepVerifier.create(Spans.withRequestContext(() -> "value")).expectNext("value").verifyComplete();
		StepVerifier.create(Spans.withRequestContext(() -> null)).verifyComplete();
		StepVerifier.create(Spans.withRequestContext(() -> {
			throw new java.io.IOException("broken");
		})).expectErrorMessage("broken").verify();
		Spans spans = new Spans(io.opentelemetry.api.trace.TracerProvider.noop().get("test"),
				reactor.core.scheduler.Schedulers.immediate());
		StepVerifier.create(spans.onStore(() -> List.of("a"))).expectNext(List.of("a")).verifyComplete();
		StepVerifier.create(Mono.defer(() -> spans.onStore(() -> {
			throw new IllegalStateException("store broken");
		}))).expectErrorMessage("store broken").verify();
	}

	private static ServerRequestObservationContext server(String path) {
		return new ServerRequestObservationContext(MockServerHttpRequest.get(path).build(),
				new MockServerHttpResponse(), new HashMap<>());
	}

	private static TracingProperties tracing(String sampler, double probability) {
		return new TracingProperties(true, "development", sampler, probability,
				new TracingProperties.Inbound(true, 100), new TracingProperties.Kubernetes(null, null, null, null));
	}

	private static SamplingResult decide(Sampler sampler, String traceId) {
		return sampler.shouldSample(Context.root(), traceId, "span", SpanKind.SERVER, Attributes.empty(), List.of());
	}

}
