package org.cruddur.tracing.xray.otlp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.SigV4Verifier;
import org.cruddur.testing.XraySpans;
import org.cruddur.tracing.SdkMetricsBridge;
import org.cruddur.tracing.xray.XrayProperties;
import org.cruddur.tracing.xray.XraySamplingEndpoint;
import org.cruddur.testing.ConditionContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ConditionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The decisions of the X-Ray OTLP configuration, one bean method and one condition at a
 * time (no application context).
 */
@ExtendWith(OutputCaptureExtension.class)
class XrayOtlpWiringTest {

	private final XrayOtlpConfiguration configuration = new XrayOtlpConfiguration();

	@Test
	void theEndpointsAreTheRegionsUnlessNamed() {
		XrayProperties regionOnly = properties(" eu-west-1 ", null, null);
		assertThat(XrayOtlpConfiguration.region(regionOnly)).isEqualTo("eu-west-1");
		assertThat(XrayOtlpConfiguration.otlpUrl(regionOnly))
			.isEqualTo("https://xray.eu-west-1.amazonaws.com/v1/traces");
		assertThat(XrayOtlpConfiguration.apiUrl(regionOnly)).isEqualTo("https://xray.eu-west-1.amazonaws.com");

		XrayProperties named = properties(null, " http://127.0.0.1:4318/v1/traces ", " http://127.0.0.1:2000 ");
		assertThat(XrayOtlpConfiguration.otlpUrl(named)).isEqualTo("http://127.0.0.1:4318/v1/traces");
		assertThat(XrayOtlpConfiguration.apiUrl(named)).isEqualTo("http://127.0.0.1:2000");

		XrayProperties blank = properties(" ", " ", " ");
		assertThatIllegalStateException().isThrownBy(() -> XrayOtlpConfiguration.region(blank))
			.withMessage("XRAY_EXPORT=otlp needs AWS_REGION (or AWS_DEFAULT_REGION): the region of "
					+ "X-Ray's endpoints and of their SigV4 signature");
		assertThatIllegalStateException().isThrownBy(() -> XrayOtlpConfiguration.otlpUrl(blank));
		assertThatIllegalStateException().isThrownBy(() -> XrayOtlpConfiguration.apiUrl(blank));
	}

	@Test
	void theOtlpExportIsChosenByXrayExportOtlpUnlessXrayIsOff() {
		XrayOtlpConfiguration.XrayOverOtlp condition = new XrayOtlpConfiguration.XrayOverOtlp();
		assertThat(condition.getMatchOutcome(context("cruddur.xray.export=otlp"), null))
			.isEqualTo(ConditionOutcome.match("XRAY_EXPORT=otlp"));
		assertThat(condition.getMatchOutcome(context("cruddur.xray.enabled=false", "cruddur.xray.export=otlp"), null))
			.isEqualTo(ConditionOutcome.noMatch("X-Ray off, or exported through the daemon"));
		assertThat(condition.getMatchOutcome(context("cruddur.xray.enabled=true"), null).isMatch()).isFalse();
	}

	@Test
	void credentialsComeFromTheProviderBeanWhenThereIsOne() {
		XrayCredentials credentials = this.configuration.xrayCredentials(provider(XrayOtlpExporters.TEST_CREDENTIALS));
		assertThat(credentials.current().accessKeyId()).isEqualTo(SigV4Verifier.TEST_CREDENTIALS.accessKeyId());
		assertThat(this.configuration.xrayCredentials(provider(null))).isNotNull();
		AwsRequestSigner signer = this.configuration.xrayRequestSigner(properties(" eu-west-1 ", null, null),
				credentials);
		assertThat(signer.region()).isEqualTo("eu-west-1");
	}

	@Test
	void theExporterSendsGzippedSignedSpansToTheOtlpUrlAndItsMetersCountThem() throws Exception {
		try (FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER);
				SdkMetricsBridge metrics = new SdkMetricsBridge(new SimpleMeterRegistry())) {
			XrayProperties properties = properties("us-east-1", xray.tracesUrl(), null);
			XrayCredentials credentials = new XrayCredentials(XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofMinutes(1),
					System::nanoTime);
			XrayOtlpSpanExporter exporter = this.configuration.xrayOtlpSpanExporter(
					this.configuration.xrayRequestSigner(properties, credentials), credentials, properties, metrics);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			this.configuration.xrayOtlpExporterMetrics(exporter).bindTo(registry);

			assertThat(exporter.export(List.of(XraySpans.span(SpanKind.SERVER).build()))
				.join(10, TimeUnit.SECONDS)
				.isSuccess()).isTrue();
			assertThat(xray.requests()).hasSize(1);
			FakeXrayOtlpEndpoint.Request request = xray.requests().get(0);
			assertThat(request.signatureProblem()).isNull();
			assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
			assertThat(count(registry, "sent", null)).isEqualTo(1);
			assertThat(registry.get("cruddur.tracing.xray.otlp.spans")
				.tag("result", "sent")
				.functionCounter()
				.getId()
				.getDescription()).isEqualTo("Spans sent to X-Ray's OTLP endpoint, or dropped and why");
			for (ExportFailure.Reason reason : ExportFailure.Reason.values()) {
				assertThat(count(registry, "dropped", reason.tag())).as(reason.tag()).isZero();
			}
			assertThat(registry.get("cruddur.tracing.xray.otlp.truncated").functionCounter().count()).isZero();

			xray.answerNext(400);
			assertThat(exporter.export(List.of(XraySpans.span(SpanKind.SERVER).build()))
				.join(10, TimeUnit.SECONDS)
				.isSuccess()).isFalse();
			assertThat(count(registry, "dropped", "rejected")).isEqualTo(1);
			assertThat(count(registry, "sent", null)).isEqualTo(1);
			exporter.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void theProcessorHasItsOwnQueueAndBatches() {
		XrayOtlpSpanExporter exporter = XrayOtlpExporters.exporter("http://127.0.0.1:1/v1/traces",
				XrayOtlpExporters.NO_CREDENTIALS);
		try (SdkMetricsBridge metrics = new SdkMetricsBridge(new SimpleMeterRegistry())) {
			BatchSpanProcessor small = this.configuration.xrayOtlpSpanProcessor(exporter,
					new XrayProperties(true, null, null, null, null, List.of(), Duration.ofSeconds(300),
							Duration.ofSeconds(30), 100, Duration.ofMillis(250), XrayProperties.Export.OTLP, null, null,
							"us-east-1"),
					metrics);
			assertThat(small.getSpanExporter()).isSameAs(exporter);
			assertThat(small.toString()).contains("maxExportBatchSize=100")
				.contains("scheduleDelayNanos=" + Duration.ofMillis(250).toNanos())
				.contains("exporterTimeoutNanos=" + Duration.ofSeconds(15).toNanos());
			small.shutdown();
			BatchSpanProcessor large = this.configuration.xrayOtlpSpanProcessor(exporter,
					properties("us-east-1", null, null), metrics);
			assertThat(large.toString()).contains("maxExportBatchSize=512");
			large.shutdown();
		}
	}

	@Test
	void theSamplerAsksTheSigningProxyWhichNamesTheApi() throws Exception {
		XrayProperties properties = properties("us-east-1", null, " http://127.0.0.1:9/ ");
		AwsRequestSigner signer = this.configuration.xrayRequestSigner(properties,
				new XrayCredentials(XrayOtlpExporters.TEST_CREDENTIALS, Duration.ofMinutes(1), System::nanoTime));
		try (SigningSamplingProxy proxy = this.configuration.xraySamplingProxy(properties, signer)) {
			assertThat(proxy.api()).isEqualTo("http://127.0.0.1:9");
			XraySamplingEndpoint endpoint = this.configuration.xraySamplingEndpoint(proxy);
			assertThat(endpoint).isEqualTo(new XraySamplingEndpoint(proxy.url(),
					"the X-Ray API at http://127.0.0.1:9 (signed in-process, through " + proxy.url() + ")"));
		}
	}

	@Test
	void theStartupLineSaysWhereSpansGoAndCredentialsAreLookedForOffTheStartupThread(CapturedOutput output)
			throws Exception {
		CompletableFuture<Thread> lookedUpOn = new CompletableFuture<>();
		AwsCredentialsProvider recording = () -> {
			lookedUpOn.complete(Thread.currentThread());
			return XrayOtlpExporters.TEST_CREDENTIALS.resolveCredentials();
		};
		XrayCredentials credentials = new XrayCredentials(recording, Duration.ofMinutes(1), System::nanoTime);
		this.configuration.xrayOtlpStartupLogger(properties(" eu-west-1 ", null, null), credentials)
			.onApplicationEvent(null);
		assertThat(output.getAll()).contains(
				"X-Ray export: OTLP to https://xray.eu-west-1.amazonaws.com/v1/traces, SigV4-signed (service xray, "
						+ "region eu-west-1)");
		Thread thread = lookedUpOn.get(10, TimeUnit.SECONDS);
		assertThat(thread.getName()).isEqualTo("xray-credentials-check");
		assertThat(thread.isDaemon()).isTrue();
	}

	private static XrayProperties properties(String region, String otlpEndpoint, String apiEndpoint) {
		return new XrayProperties(true, null, null, null, null, List.of("http.route"), Duration.ofSeconds(300),
				Duration.ofSeconds(30), 2048, Duration.ofSeconds(1), XrayProperties.Export.OTLP, otlpEndpoint,
				apiEndpoint, region);
	}

	private static ObjectProvider<AwsCredentialsProvider> provider(AwsCredentialsProvider bean) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		if (bean != null) {
			beans.registerSingleton("credentials", bean);
		}
		return beans.getBeanProvider(AwsCredentialsProvider.class);
	}

	private static double count(SimpleMeterRegistry registry, String result, String reason) {
		var search = registry.get("cruddur.tracing.xray.otlp.spans").tag("result", result);
		FunctionCounter counter = (reason != null) ? search.tag("reason", reason).functionCounter()
				: search.functionCounter();
		return counter.count();
	}

	private static ConditionContext context(String... properties) {
		return ConditionContexts.withProperties(properties);
	}

}
