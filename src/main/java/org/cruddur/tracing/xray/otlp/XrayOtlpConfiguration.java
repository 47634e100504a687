package org.cruddur.tracing.xray.otlp;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.SdkMetricsBridge;
import org.cruddur.tracing.TracingSwitch;
import org.cruddur.tracing.xray.XrayProperties;
import org.cruddur.tracing.xray.XraySamplingEndpoint;
import org.cruddur.tracing.xray.otlp.ExportFailure.Reason;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code XRAY_EXPORT=otlp}: spans straight to X-Ray's OTLP endpoint and sampling rules
 * straight from the X-Ray API, both SigV4-signed in-process with the service's own AWS
 * identity; no daemon, agent or collector. The UDP exporter is off (see
 * {@code XrayConfiguration}); the Honeycomb pipeline is untouched.
 *
 * <p>
 * Credentials come from the AWS SDK's {@link DefaultCredentialsProvider} (environment,
 * web identity / IRSA, EKS Pod Identity and container credentials, profile files,
 * instance profile), or from an {@link AwsCredentialsProvider} bean when there is one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = TracingSwitch.PROPERTY, matchIfMissing = true)
@Conditional(XrayOtlpConfiguration.XrayOverOtlp.class)
class XrayOtlpConfiguration {

	private static final Log logger = LogFactory.getLog(XrayOtlpConfiguration.class);

	/** The {@code exporter} tag of this pipeline's SDK metrics. */
	static final String EXPORTER = "xray-otlp";

	/** One export, retries included (the OTLP exporter's default). */
	static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);

	/** How long missing credentials are not looked for again. */
	static final Duration CREDENTIALS_RETRY = Duration.ofSeconds(60);

	/** One forwarded sampling request (the sampler's health probe waits 2 s). */
	static final Duration SAMPLING_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	XrayCredentials xrayCredentials(ObjectProvider<AwsCredentialsProvider> provider) {
		return new XrayCredentials(provider.getIfAvailable(() -> DefaultCredentialsProvider.builder().build()),
				CREDENTIALS_RETRY, System::nanoTime);
	}

	@Bean
	AwsRequestSigner xrayRequestSigner(XrayProperties properties, XrayCredentials credentials) {
		return new AwsRequestSigner(region(properties), credentials);
	}

	/**
	 * Shut down by its batch processor, after the last flush; not by Spring, which could
	 * do it first.
	 */
	@Bean(destroyMethod = "")
	XrayOtlpSpanExporter xrayOtlpSpanExporter(AwsRequestSigner signer, XrayCredentials credentials,
			XrayProperties properties, SdkMetricsBridge metrics) {
		SigningHttpSenderProvider sender = new SigningHttpSenderProvider(signer);
		OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder()
			.setComponentLoader(sender.componentLoader())
			.setEndpoint(otlpUrl(properties))
			.setCompression("gzip")
			.setTimeout(EXPORT_TIMEOUT)
			.setRetryPolicy(RetryPolicy.getDefault())
			.setMeterProvider(metrics.meterProvider(EXPORTER))
			.setInternalTelemetryVersion(SdkMetricsBridge.TELEMETRY_VERSION)
			.build();
		XraySpanLimits limits = new XraySpanLimits(Set.copyOf(properties.indexedAttributes()),
				XraySpanLimits.MAX_SPAN_BYTES);
		return new XrayOtlpSpanExporter(otlp, limits, credentials, SigningHttpSender.MAX_REQUEST_BYTES);
	}

	/**
	 * Its own bounded queue: a slow or throttling X-Ray costs Honeycomb nothing, and the
	 * reverse; a full queue drops (and counts) spans, never blocks a request.
	 */
	@Bean
	BatchSpanProcessor xrayOtlpSpanProcessor(XrayOtlpSpanExporter exporter, XrayProperties properties,
			SdkMetricsBridge metrics) {
		return BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(properties.maxQueueSize())
			.setMaxExportBatchSize(Math.min(512, properties.maxQueueSize()))
			.setScheduleDelay(properties.scheduleDelay())
			.setExporterTimeout(EXPORT_TIMEOUT.plusSeconds(5))
			.setMeterProvider(metrics.meterProvider(EXPORTER))
			.setInternalTelemetryVersion(SdkMetricsBridge.TELEMETRY_VERSION)
			.build();
	}

	/** Created only when the X-Ray sampler is (it is what asks for the endpoint). */
	@Bean(destroyMethod = "close")
	@Lazy
	SigningSamplingProxy xraySamplingProxy(XrayProperties properties, AwsRequestSigner signer) throws IOException {
		return SigningSamplingProxy.start(apiUrl(properties), signer, SAMPLING_TIMEOUT);
	}

	@Bean
	@Lazy
	XraySamplingEndpoint xraySamplingEndpoint(SigningSamplingProxy proxy) {
		return new XraySamplingEndpoint(proxy.url(),
				"the X-Ray API at " + proxy.api() + " (signed in-process, through " + proxy.url() + ")");
	}

	/**
	 * One line that says where X-Ray's spans go, and a first look for credentials off the
	 * startup thread (it logs whether it found any).
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> xrayOtlpStartupLogger(XrayProperties properties,
			XrayCredentials credentials) {
		return (event) -> {
			logger.info("X-Ray export: OTLP to " + otlpUrl(properties) + ", SigV4-signed (service xray, region "
					+ region(properties) + ")");
			Thread check = new Thread(credentials::current, "xray-credentials-check");
			check.setDaemon(true);
			check.start();
		};
	}

	/**
	 * A binder, not a bean that is the exporter: Spring would close such a bean (and with
	 * it the exporter) before the batch processor's last flush.
	 */
	@Bean
	MeterBinder xrayOtlpExporterMetrics(XrayOtlpSpanExporter exporter) {
		return (registry) -> {
			String name = "cruddur.tracing.xray.otlp.spans";
			FunctionCounter.builder(name, exporter, XrayOtlpSpanExporter::getSentSpans)
				.tag("result", "sent")
				.description("Spans sent to X-Ray's OTLP endpoint, or dropped and why")
				.register(registry);
			for (Reason reason : Reason.values()) {
				FunctionCounter.builder(name, exporter, (e) -> e.getDroppedSpans(reason))
					.tag("result", "dropped")
					.tag("reason", reason.tag())
					.register(registry);
			}
			FunctionCounter
				.builder("cruddur.tracing.xray.otlp.truncated", exporter, XrayOtlpSpanExporter::getTruncatedSpans)
				.description("Spans sent to X-Ray with attribute values cut to fit its 200 KB per span")
				.register(registry);
		};
	}

	static String region(XrayProperties properties) {
		if (!hasText(properties.region())) {
			throw new IllegalStateException("XRAY_EXPORT=otlp needs AWS_REGION (or AWS_DEFAULT_REGION): the region of "
					+ "X-Ray's endpoints and of their SigV4 signature");
		}
		return properties.region().strip();
	}

	static String otlpUrl(XrayProperties properties) {
		return hasText(properties.otlpEndpoint()) ? properties.otlpEndpoint().strip()
				: "https://xray." + region(properties) + ".amazonaws.com/v1/traces";
	}

	static String apiUrl(XrayProperties properties) {
		return hasText(properties.apiEndpoint()) ? properties.apiEndpoint().strip()
				: "https://xray." + region(properties) + ".amazonaws.com";
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	static class XrayOverOtlp extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			XrayProperties properties = Binder.get(context.getEnvironment())
				.bindOrCreate("cruddur.xray", XrayProperties.class);
			return properties.exportsOverOtlp() ? ConditionOutcome.match("XRAY_EXPORT=otlp")
					: ConditionOutcome.noMatch("X-Ray off, or exported through the daemon");
		}

	}

}
