package org.cruddur.tracing.xray.otlp;

import java.util.Map;

import org.cruddur.testing.FakeXrayOtlpEndpoint;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.RunningApplication;
import org.cruddur.tracing.xray.XrayProperties;
import org.cruddur.tracing.xray.XraySamplingEndpoint;
import org.cruddur.tracing.xray.segment.XrayUdpSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code XRAY_EXPORT}: daemon by default, otlp on demand, a clear stop when otlp lacks
 * its region.
 */
class XrayExportSwitchTest {

	@Test
	void theSwitchAndWhatTurnsXrayOn() {
		assertThat(bind(Map.of()).export()).isEqualTo(XrayProperties.Export.DAEMON);
		assertThat(bind(Map.of()).isEnabled()).isFalse();
		assertThat(bind(Map.of("cruddur.xray.export", "otlp")).exportsOverOtlp()).isTrue();
		assertThat(bind(Map.of("cruddur.xray.export", "OTLP")).isEnabled()).isTrue();
		assertThat(bind(Map.of("cruddur.xray.export", "otlp", "cruddur.xray.enabled", "false")).exportsOverOtlp())
			.isFalse();
		assertThat(bind(Map.of("cruddur.xray.daemon-address", "127.0.0.1:2000")).exportsOverOtlp()).isFalse();
	}

	@Test
	void theDaemonIsTheDefaultAndNothingOfOtlpRuns() {
		try (RunningApplication app = RunningApplication.start("--XRAY_ENABLED=true",
				"--AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2999")) {
			assertThat(app.context().getBeansOfType(XrayUdpSpanExporter.class)).containsKey("xrayUdpSpanExporter");
			assertThat(app.context().getBeansOfType(XrayOtlpSpanExporter.class)).isEmpty();
			assertThat(app.context().getBeanNamesForType(SigningSamplingProxy.class)).isEmpty();
			assertThat(app.context().getBean(XraySamplingEndpoint.class).url()).isEqualTo("http://127.0.0.1:2999");
		}
	}

	@Test
	void whatIsQueuedForXrayIsSentSignedWhenTheApplicationStops() throws Exception {
		try (FakeXrayOtlpEndpoint xray = FakeXrayOtlpEndpoint.start(XrayOtlpExporters.VERIFIER)) {
			RunningApplication app = RunningApplication.start(XrayOtlpTracingTest.FakeCredentials.class,
					"--XRAY_EXPORT=otlp", "--AWS_REGION=us-east-1", "--XRAY_OTLP_ENDPOINT=" + xray.tracesUrl(),
					"--XRAY_API_ENDPOINT=http://127.0.0.1:9", "--cruddur.xray.schedule-delay=1h",
					"--XRAY_SAMPLING_RULES_FILE=src/test/resources/xray/sample-everything.json");
			try {
				app.client().get().uri("/api/activities/home").retrieve().toBodilessEntity().block();
				assertThat(xray.requests()).as("nothing sent before the stop (1 h schedule delay)").isEmpty();
			}
			finally {
				app.close();
			}
			assertThat(xray.spans()).extracting(ReceivedSpan::name).contains("GET /api/activities/home");
			assertThat(xray.requests()).extracting(FakeXrayOtlpEndpoint.Request::signatureProblem).containsOnlyNulls();
		}
	}

	@Test
	void otlpWithoutARegionStopsTheStartWithOneClearReason() {
		assertThatThrownBy(
				() -> RunningApplication.start("--XRAY_EXPORT=otlp", "--AWS_REGION=", "--AWS_DEFAULT_REGION="))
			.rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("XRAY_EXPORT=otlp needs AWS_REGION");
	}

	private static XrayProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("cruddur.xray",
				XrayProperties.class);
	}

}
