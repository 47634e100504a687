package org.cruddur.tracing.otlp;

import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.cruddur.tracing.SdkMetricsBridge;
import org.cruddur.testing.ConditionContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of the OTLP configuration, one bean method and condition at a time (no
 * application context): where traces go, whether the Honeycomb key goes with them.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpPiecesTest {

	private static final String KEY = "hcaik_test_key_never_logged";

	private final OtlpExportConfiguration configuration = new OtlpExportConfiguration();

	@Test
	void theTracesUrlIsTheBaseUrlWithV1Traces() {
		assertThat(OtlpExportConfiguration.tracesUrl("https://api.honeycomb.io"))
			.isEqualTo("https://api.honeycomb.io/v1/traces");
		assertThat(OtlpExportConfiguration.tracesUrl(" https://api.eu1.honeycomb.io/ "))
			.isEqualTo("https://api.eu1.honeycomb.io/v1/traces");
		assertThat(this.configuration.honeycombConnectionDetails(honeycomb(KEY)).getUrl(Transport.HTTP))
			.isEqualTo("https://api.honeycomb.io/v1/traces");
	}

	@Test
	void honeycombIsTheDestinationOnlyWithAKeyAndNoEndpoint() {
		OtlpExportConfiguration.HoneycombKeyWithoutEndpoint condition = new OtlpExportConfiguration.HoneycombKeyWithoutEndpoint();
		assertThat(condition.getMatchOutcome(context("cruddur.honeycomb.api-key", KEY), null).isMatch()).isTrue();
		assertThat(condition.getMatchOutcome(context("cruddur.honeycomb.api-key", " "), null).isMatch()).isFalse();
		assertThat(condition.getMatchOutcome(context(), null).isMatch()).isFalse();
		assertThat(condition
			.getMatchOutcome(context("cruddur.honeycomb.api-key", KEY, OtlpExportConfiguration.ENDPOINT_PROPERTY,
					"http://collector:4318/v1/traces"), null)
			.isMatch()).isFalse();
		assertThat(condition
			.getMatchOutcome(context("cruddur.honeycomb.api-key", KEY, OtlpExportConfiguration.ENDPOINT_PROPERTY, " "),
					null)
			.isMatch()).as("a blank endpoint is none").isTrue();
	}

	@Test
	void theDestinationNamesTheUrlTheHeadersAndWhyTheKeyIsHeldBack() {
		assertThat(this.configuration.otlpDestination(details(null), new OtlpTracingProperties(), honeycomb(KEY)))
			.isEqualTo(new OtlpDestination(null, Set.of(), null));

		OtlpTracingProperties headers = new OtlpTracingProperties();
		headers.getHeaders().put("X-Custom", "value");
		assertThat(this.configuration.otlpDestination(details("https://api.honeycomb.io/v1/traces"), headers,
				honeycomb(KEY)))
			.isEqualTo(new OtlpDestination("https://api.honeycomb.io/v1/traces", Set.of("x-custom", "x-honeycomb-team"),
					null));
		assertThat(
				this.configuration.otlpDestination(details("http://collector:4318/v1/traces"), headers, honeycomb(KEY)))
			.isEqualTo(new OtlpDestination("http://collector:4318/v1/traces", Set.of("x-custom"),
					"the OTLP endpoint is not HTTPS"));
		assertThat(this.configuration.otlpDestination(details("http://collector:4318/v1/traces"), headers,
				honeycomb(null)))
			.isEqualTo(new OtlpDestination("http://collector:4318/v1/traces", Set.of("x-custom"), null));

		OtlpTracingProperties explicitKey = new OtlpTracingProperties();
		explicitKey.getHeaders().put("X-Honeycomb-Team", "explicit");
		assertThat(this.configuration.otlpDestination(details("http://collector:4318/v1/traces"), explicitKey,
				honeycomb(KEY)))
			.as("a key the user put in the headers is theirs to send")
			.isEqualTo(new OtlpDestination("http://collector:4318/v1/traces", Set.of("x-honeycomb-team"), null));
	}

	@Test
	void theExporterGetsTheKeyOnlyWhereTheRuleAllowsIt(CapturedOutput output) {
		try (SdkMetricsBridge metrics = new SdkMetricsBridge(new SimpleMeterRegistry())) {
			assertThat(exporterHeaders(
					new OtlpDestination("https://api.honeycomb.io/v1/traces", Set.of("x-honeycomb-team"), null),
					honeycomb(" " + KEY + " "), new OtlpTracingProperties(), metrics))
				.contains("x-honeycomb-team");
			assertThat(exporterHeaders(new OtlpDestination("http://collector:4318/v1/traces", Set.of(), "not HTTPS"),
					honeycomb(KEY), new OtlpTracingProperties(), metrics))
				.doesNotContain("x-honeycomb-team");
			assertThat(exporterHeaders(new OtlpDestination("https://api.honeycomb.io/v1/traces", Set.of(), null),
					honeycomb(null), new OtlpTracingProperties(), metrics))
				.doesNotContain("x-honeycomb-team");
			OtlpTracingProperties explicitKey = new OtlpTracingProperties();
			explicitKey.getHeaders().put("X-Honeycomb-Team", "explicit");
			assertThat(exporterHeaders(
					new OtlpDestination("https://api.honeycomb.io/v1/traces", Set.of("x-honeycomb-team"), null),
					honeycomb(KEY), explicitKey, metrics))
				.as("Boot adds the user's header; this adds none")
				.doesNotContain("x-honeycomb-team");
		}
		ObjectProvider<OtlpHttpSpanExporter> noExporter = new StaticListableBeanFactory()
			.getBeanProvider(OtlpHttpSpanExporter.class);
		this.configuration.otlpDestinationLogger(new OtlpDestination(null, Set.of(), null), noExporter)
			.onApplicationEvent(null);
		assertThat(output.getAll()).contains("OTLP trace export off: set HONEYCOMB_API_KEY").doesNotContain(KEY);
		this.configuration
			.otlpDestinationLogger(new OtlpDestination("http://collector:4318/v1/traces", Set.of(), null), noExporter)
			.onApplicationEvent(null);
		assertThat(output.getAll()).contains("OTLP trace export off: management.tracing.export.otlp.enabled")
			.doesNotContain("OTLP trace export to");
	}

	@Test
	void theOtlpExporterHasABatchProcessorOfItsOwnSizedByBoot() {
		OpenTelemetryTracingProperties properties = new OpenTelemetryTracingProperties();
		properties.getExport().setMaxQueueSize(100);
		properties.getExport().setMaxBatchSize(512);
		properties.getExport().setScheduleDelay(Duration.ofMillis(250));
		properties.getExport().setTimeout(Duration.ofSeconds(7));
		OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().build();
		try (SdkMetricsBridge metrics = new SdkMetricsBridge(new SimpleMeterRegistry())) {
			BatchSpanProcessor processor = new OtlpSpanProcessorAutoConfiguration().otlpSpanProcessor(exporter,
					properties, metrics);
			assertThat(processor.getSpanExporter()).isSameAs(exporter);
			assertThat(processor.toString()).contains("maxExportBatchSize=100")
				.contains("scheduleDelayNanos=" + Duration.ofMillis(250).toNanos())
				.contains("exporterTimeoutNanos=" + Duration.ofSeconds(7).toNanos());
			processor.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	@Test
	void theKeyNeverShows() {
		assertThat(honeycomb(KEY).toString())
			.isEqualTo("HoneycombProperties[apiKey=(hidden), endpoint=https://api.honeycomb.io]");
		assertThat(honeycomb(" ").toString())
			.isEqualTo("HoneycombProperties[apiKey=none, endpoint=https://api.honeycomb.io]");
		assertThat(honeycomb(KEY).hasApiKey()).isTrue();
		assertThat(honeycomb(" ").hasApiKey()).isFalse();
		assertThat(honeycomb(null).hasApiKey()).isFalse();
		assertThat(new OtlpDestination(null, Set.of(), null).describe(false))
			.isEqualTo("OTLP trace export off: set HONEYCOMB_API_KEY (Honeycomb) or OTEL_EXPORTER_OTLP_ENDPOINT "
					+ "(any OTLP/HTTP receiver) to send traces; spans are still created in-process");
		assertThat(new OtlpDestination("http://collector:4318/v1/traces", Set.of(), null).describe(true))
			.isEqualTo("OTLP trace export to http://collector:4318/v1/traces with headers []");
	}

	private String exporterHeaders(OtlpDestination destination, HoneycombProperties honeycomb,
			OtlpTracingProperties properties, SdkMetricsBridge metrics) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder();
		this.configuration.honeycombKeyAndMetrics(destination, honeycomb, properties, metrics).customize(builder);
		OtlpHttpSpanExporter exporter = builder.build();
		String text = exporter.toString();
		exporter.shutdown();
		assertThat(text).doesNotContain(KEY);
		return text;
	}

	private static HoneycombProperties honeycomb(String key) {
		return new HoneycombProperties(key, "https://api.honeycomb.io");
	}

	private static ObjectProvider<OtlpTracingConnectionDetails> details(String url) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		if (url != null) {
			beans.registerSingleton("details", (OtlpTracingConnectionDetails) (transport) -> url);
		}
		return beans.getBeanProvider(OtlpTracingConnectionDetails.class);
	}

	private static ConditionContext context(String... keysAndValues) {
		MockEnvironment environment = new MockEnvironment();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			environment.setProperty(keysAndValues[i], keysAndValues[i + 1]);
		}
		return ConditionContexts.of(environment);
	}

}
