package org.cruddur.tracing.xray;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.cruddur.testing.XraySpans;
import org.cruddur.tracing.RequestedTraceId;
import org.cruddur.tracing.SdkMetricsBridge;
import org.cruddur.tracing.TracingProperties;
import org.cruddur.tracing.xray.segment.XraySegmentTranslator;
import org.cruddur.tracing.xray.segment.XrayUdpSpanExporter;
import org.cruddur.tracing.xray.sampling.XrayCentralizedSampler;
import org.assertj.core.data.Offset;
import org.cruddur.testing.ConditionContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ConditionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The decisions the X-Ray configuration makes, taken one bean method and one condition at
 * a time (no application context).
 */
@ExtendWith(OutputCaptureExtension.class)
class XrayWiringTest {

	private final XrayConfiguration.XrayExport export = new XrayConfiguration.XrayExport();

	@TempDir
	Path dir;

	@Test
	void theDaemonAddressIsTheSdksDefaultUnlessOneIsNamed() {
		DaemonConfiguration sdkDefault = new DaemonConfiguration();
		assertThat(this.export.xrayDaemonConfiguration(properties(null, null)).getAddressForEmitter())
			.isEqualTo(sdkDefault.getAddressForEmitter());
		assertThat(this.export.xrayDaemonConfiguration(properties(" ", null)).getAddressForEmitter())
			.isEqualTo(sdkDefault.getAddressForEmitter());
		DaemonConfiguration named = this.export
			.xrayDaemonConfiguration(properties(" tcp:127.0.0.2:2100 udp:127.0.0.3:2200 ", null));
		assertThat(named.getAddressForEmitter().getHostString()).isEqualTo("127.0.0.3");
		assertThat(named.getAddressForEmitter().getPort()).isEqualTo(2200);
		assertThat(named.getEndpointForTCPConnection()).isEqualTo("http://127.0.0.2:2100");
	}

	@Test
	void theTranslatorGetsTheNameTheHostPatternTheIndexedKeysAndTheBuildVersion() {
		XrayProperties properties = new XrayProperties(true, null, "cruddur", " *.cruddur.example ", null,
				List.of("app.tenant"), Duration.ofSeconds(300), Duration.ofSeconds(30), 2048, Duration.ofSeconds(1),
				XrayProperties.Export.DAEMON, null, null, null);
		XraySegmentTranslator translator = this.export.xraySegmentTranslator(properties, buildVersion("1.2.3"));
		JsonNode byHost = document(translator,
				Attributes.builder()
					.put("server.address", "api.cruddur.example")
					.put("app.tenant", "gold")
					.put("app.now", "2026-11-26T10:00:00Z")
					.build());
		assertThat(byHost.get("name").stringValue()).isEqualTo("api.cruddur.example");
		assertThat(byHost.at("/annotations/app_tenant").stringValue()).isEqualTo("gold");
		assertThat(byHost.at("/aws/xray/sdk_version").stringValue()).isEqualTo("1.2.3");
		assertThat(byHost.at("/metadata/namespace/key/now").stringValue()).as("the seed's metadata")
			.isEqualTo("2026-11-26T10:00:00Z");
		assertThat(document(translator, Attributes.builder().put("server.address", "localhost").build()).get("name")
			.stringValue()).isEqualTo("cruddur");

		XraySegmentTranslator plain = this.export.xraySegmentTranslator(properties(null, " "), buildVersion(null));
		JsonNode doc = document(plain, Attributes.builder().put("server.address", "api.cruddur.example").build());
		assertThat(doc.get("name").stringValue()).as("no pattern, no name: the service").isEqualTo("cruddur-backend");
		assertThat(doc.at("/aws/xray").has("sdk_version")).isFalse();
	}

	@Test
	void theExporterItsProcessorItsMetersAndItsStartupLine(CapturedOutput output) {
		XrayProperties properties = new XrayProperties(true, "127.0.0.1:2999", null, null, null, List.of(),
				Duration.ofSeconds(300), Duration.ofSeconds(30), 100, Duration.ofMillis(250),
				XrayProperties.Export.DAEMON, null, null, null);
		XrayUdpSpanExporter exporter = this.export.xrayUdpSpanExporter(
				this.export.xraySegmentTranslator(properties, buildVersion(null)),
				this.export.xrayDaemonConfiguration(properties));
		assertThat(exporter.getDaemonAddress()).hasToString("/127.0.0.1:2999");

		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.export.xrayExporterMetrics(exporter).bindTo(registry);
		assertThat(
				registry.get("cruddur.tracing.xray.documents").tag("result", "sent").meter().getId().getDescription())
			.isEqualTo("X-Ray span documents sent to the daemon, subsegments embedded in a segment included");
		exporter.export(List.of(XraySpans.span(SpanKind.SERVER).build()));
		exporter.shutdown();
		exporter.export(List.of(XraySpans.span(SpanKind.SERVER).build()));
		assertThat(count(registry, "sent")).isEqualTo(1);
		assertThat(count(registry, "failed")).isZero();
		assertThat(count(registry, "dropped")).isEqualTo(1);

		try (SdkMetricsBridge metrics = new SdkMetricsBridge(registry)) {
			BatchSpanProcessor processor = this.export.xraySpanProcessor(exporter, properties, metrics);
			assertThat(processor.getSpanExporter()).isSameAs(exporter);
			assertThat(processor.toString()).contains("maxExportBatchSize=100")
				.contains("scheduleDelayNanos=" + Duration.ofMillis(250).toNanos());
			processor.shutdown();
			BatchSpanProcessor large = this.export.xraySpanProcessor(exporter,
					new XrayProperties(true, null, null, null, null, List.of(), Duration.ofSeconds(300),
							Duration.ofSeconds(30), 4096, Duration.ofSeconds(1), XrayProperties.Export.DAEMON, null,
							null, null),
					metrics);
			assertThat(large.toString()).contains("maxExportBatchSize=512");
			large.shutdown();
		}

		this.export.xrayDestinationLogger(exporter).onApplicationEvent(null);
		assertThat(output.getAll()).contains("X-Ray export to the daemon at udp:/127.0.0.1:2999");
	}

	@Test
	void theDaemonExportFollowsTheSwitchAndTheExportChoice() {
		XrayConfiguration.XrayOverDaemon overDaemon = new XrayConfiguration.XrayOverDaemon();
		assertThat(outcome(overDaemon, "cruddur.xray.enabled=true"))
			.isEqualTo(ConditionOutcome.match("X-Ray export through the daemon"));
		assertThat(outcome(overDaemon, "cruddur.xray.daemon-address=h:2000").isMatch()).isTrue();
		assertThat(outcome(overDaemon)).isEqualTo(ConditionOutcome.noMatch("X-Ray is disabled"));
		assertThat(outcome(overDaemon, "cruddur.xray.enabled=false", "cruddur.xray.daemon-address=h:2000").isMatch())
			.isFalse();
		assertThat(outcome(overDaemon, "cruddur.xray.enabled=true", "cruddur.xray.export=otlp"))
			.isEqualTo(ConditionOutcome.noMatch("X-Ray export over OTLP"));
		assertThat(outcome(overDaemon, "cruddur.xray.export=otlp").isMatch()).as("OTLP turns X-Ray on, not the daemon")
			.isFalse();
		assertThat(outcome(overDaemon, "cruddur.xray.enabled=true", "cruddur.xray.export=daemon").isMatch()).isTrue();
	}

	@Test
	void xraysSamplerIsChosenWhenXrayIsOnAndNoOtherSamplerIsNamed() {
		XraySamplingConfiguration.XraySamplerChosen chosen = new XraySamplingConfiguration.XraySamplerChosen();
		assertThat(outcome(chosen, "cruddur.xray.enabled=true")).as("unset: X-Ray's rules")
			.isEqualTo(ConditionOutcome.match("X-Ray's rules sample"));
		assertThat(outcome(chosen, "cruddur.xray.enabled=true", "cruddur.tracing.sampler=XRAY").isMatch()).isTrue();
		assertThat(outcome(chosen, "cruddur.xray.export=otlp").isMatch()).as("X-Ray on over OTLP").isTrue();
		assertThat(outcome(chosen, "cruddur.xray.enabled=true", "cruddur.tracing.sampler=always_on"))
			.isEqualTo(ConditionOutcome.noMatch("OTEL_TRACES_SAMPLER=always_on"));
		assertThat(outcome(chosen, "cruddur.tracing.sampler=xray")).as("X-Ray off")
			.isEqualTo(ConditionOutcome.noMatch("X-Ray is disabled"));
	}

	@Test
	void theSamplerAsksTheDaemonsTcpAddressAndUsesTheBuiltInRulesOrTheNamedFile(CapturedOutput output)
			throws Exception {
		XraySamplingConfiguration configuration = new XraySamplingConfiguration();
		XraySamplingEndpoint endpoint = this.export
			.xraySamplingEndpoint(this.export.xrayDaemonConfiguration(properties("127.0.0.1:1", null)));
		assertThat(endpoint).isEqualTo(new XraySamplingEndpoint("http://127.0.0.1:1", "http://127.0.0.1:1"));
		try (XrayCentralizedSampler builtIn = configuration.xrayCentralizedSampler(XraySpans.RESOURCE, endpoint,
				properties(null, null))) {
			assertThat(builtIn.getEndpoint()).isEqualTo("http://127.0.0.1:1");
			assertThat(builtIn.getDescription()).contains("Cruddur=OrElse{Reservoir{5/s}, FixedRate{0.1}}");
			Sampler sdkSampler = configuration.xraySampler(builtIn, tracing(true, 7));
			assertThat(sdkSampler.getDescription()).startsWith("ParentBased{root:" + builtIn.getDescription())
				.contains("remoteParentSampled:ForcedSamplingLimit{7/s}");
			assertThat(configuration.xraySampler(builtIn, tracing(false, 7)).getDescription())
				.contains("remoteParentSampled:" + builtIn.getDescription());
			configuration.xraySamplingLogger(new XraySamplingEndpoint("http://127.0.0.1:1", "the daemon at h:1"))
				.onApplicationEvent(null);
			assertThat(output.getAll())
				.contains("Sampler: xray, rules from the daemon at h:1, local rules while it does not answer");
		}

		Path file = Files.writeString(this.dir.resolve("rules.json"),
				"{\"SamplingRule\": {\"RuleName\": \"from-file\", \"FixedRate\": 0.5, \"ReservoirSize\": 3}}");
		XrayProperties withFile = new XrayProperties(true, null, null, null, " " + file + " ", List.of(),
				Duration.ofSeconds(300), Duration.ofSeconds(30), 2048, Duration.ofSeconds(1),
				XrayProperties.Export.DAEMON, null, null, null);
		try (XrayCentralizedSampler fromFile = configuration.xrayCentralizedSampler(XraySpans.RESOURCE, endpoint,
				withFile)) {
			assertThat(fromFile.getDescription()).contains("from-file=OrElse{Reservoir{3/s}, FixedRate{0.5}}")
				.doesNotContain("Cruddur=");
		}
		XrayProperties missing = new XrayProperties(true, null, null, null, this.dir.resolve("none.json").toString(),
				List.of(), Duration.ofSeconds(300), Duration.ofSeconds(30), 2048, Duration.ofSeconds(1),
				XrayProperties.Export.DAEMON, null, null, null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> configuration.xrayCentralizedSampler(XraySpans.RESOURCE, endpoint, missing));
	}

	@Test
	void traceIdsAreXraysUnlessTheRequestAskedForOneAndBothHeadersAreSpoken() {
		XrayConfiguration configuration = new XrayConfiguration();
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder();
		configuration.xrayIdGenerator().customize(builder);
		try (SdkTracerProvider provider = builder.build()) {
			String traceId = provider.get("test").spanBuilder("s").startSpan().getSpanContext().getTraceId();
			assertThat(Long.parseLong(traceId.substring(0, 8), 16)).as("epoch seconds first")
				.isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(300L));
			try (Scope scope = RequestedTraceId.request("67891233abcdef012345678912345678")) {
				assertThat(provider.get("test").spanBuilder("s").startSpan().getSpanContext().getTraceId())
					.isEqualTo("67891233abcdef012345678912345678");
			}
		}
		assertThat(configuration.awsXrayPropagator()).isSameAs(AwsXrayPropagator.getInstance());
		assertThat(configuration.xrayRootWithoutParent()).isInstanceOf(XrayRootWithoutParent.class);
		assertThat(configuration.xrayTraceHeaderFilter()).isInstanceOf(XrayTraceHeaderFilter.class);
		assertThat(configuration.xrayLogCorrelation()).isInstanceOf(XrayLogCorrelation.class);
	}

	@Test
	void textIsWhatIsNotBlank() {
		assertThat(XrayConfiguration.hasText("x")).isTrue();
		assertThat(XrayConfiguration.hasText(" ")).isFalse();
		assertThat(XrayConfiguration.hasText(null)).isFalse();
	}

	private static XrayProperties properties(String daemonAddress, String dynamicNaming) {
		return new XrayProperties(true, daemonAddress, null, dynamicNaming, null, List.of(), Duration.ofSeconds(300),
				Duration.ofSeconds(30), 2048, Duration.ofSeconds(1), XrayProperties.Export.DAEMON, null, null, null);
	}

	private static ObjectProvider<BuildProperties> buildVersion(String version) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		if (version != null) {
			Properties build = new Properties();
			build.setProperty("version", version);
			beans.registerSingleton("buildProperties", new BuildProperties(build));
		}
		return beans.getBeanProvider(BuildProperties.class);
	}

	private static JsonNode document(XraySegmentTranslator translator, Attributes attributes) {
		byte[] datagram = translator.toDatagram(XraySpans.span(SpanKind.SERVER).setAttributes(attributes).build());
		String text = new String(datagram, StandardCharsets.UTF_8);
		return XraySpans.parse(text.substring(text.indexOf('\n') + 1));
	}

	private static double count(SimpleMeterRegistry registry, String result) {
		return registry.get("cruddur.tracing.xray.documents").tag("result", result).functionCounter().count();
	}

	private static TracingProperties tracing(boolean honourInbound, int forcedPerSecond) {
		return new TracingProperties(true, "test", null, 1.0,
				new TracingProperties.Inbound(honourInbound, forcedPerSecond),
				new TracingProperties.Kubernetes(null, null, null, null));
	}

	private static ConditionOutcome outcome(SpringBootCondition condition, String... properties) {
		return condition.getMatchOutcome(context(properties), null);
	}

	private static ConditionContext context(String... properties) {
		return ConditionContexts.withProperties(properties);
	}

}
