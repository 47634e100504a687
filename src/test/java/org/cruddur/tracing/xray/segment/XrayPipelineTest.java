package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;

import org.cruddur.testing.XraySpans;
import org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler;
import org.cruddur.tracing.xray.sampling.XraySamplingRules;
import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.contrib.awsxray.AwsXrayIdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pieces wired as the application will: SDK spans, the rule sampler, the UDP
 * exporter.
 */
class XrayPipelineTest {

	@Test
	void aRealRequestTraceArrivesAtTheDaemonAsSegmentAndSubsegments() throws Exception {
		try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			daemon.setSoTimeout(2000);
			DaemonConfiguration daemonConfiguration = new DaemonConfiguration();
			daemonConfiguration.setDaemonAddress("127.0.0.1:" + daemon.getLocalPort());
			XrayUdpSpanExporter exporter = new XrayUdpSpanExporter(Translators.DEFAULT, daemonConfiguration);
			XrayLocalRuleSampler rules = new XrayLocalRuleSampler(
					XraySamplingRules.load(Path.of("src/test/resources/xray/local-rules.json")), XraySpans.RESOURCE);
			SdkTracerProvider provider = SdkTracerProvider.builder()
				.setResource(XraySpans.RESOURCE)
				.setIdGenerator(AwsXrayIdGenerator.getInstance())
				.setSampler(Sampler.parentBased(rules))
				.addSpanProcessor(SimpleSpanProcessor.create(exporter))
				.build();
			Tracer tracer = provider.get("test");

			Span health = tracer.spanBuilder("http get /api/health-check")
				.setSpanKind(SpanKind.SERVER)
				.setAttribute("http.request.method", "GET")
				.setAttribute("url.path", "/api/health-check")
				.startSpan();
			health.end();

			Span server = tracer.spanBuilder("http post /api/activities")
				.setSpanKind(SpanKind.SERVER)
				.setAttribute("http.request.method", "POST")
				.setAttribute("url.path", "/api/activities")
				.setAttribute("server.address", "localhost")
				.startSpan();
			try (Scope ignored = server.makeCurrent()) {
				Span mock = tracer.spanBuilder("mock-data").startSpan();
				mock.setAttribute("app.now", "2026-11-26T10:00:00Z");
				mock.setAttribute("app.result_length", 3L);
				mock.recordException(new IllegalStateException("boom"));
				mock.setStatus(StatusCode.ERROR);
				mock.end();
			}
			server.setAttribute("http.response.status_code", 200L);
			server.end();
			provider.shutdown();

			Map<String, JsonNode> byName = new HashMap<>();
			for (int i = 0; i < 2; i++) {
				JsonNode doc = receive(daemon);
				byName.put(doc.get("name").stringValue(), doc);
			}
			JsonNode segment = byName.get("cruddur-backend");
			JsonNode subsegment = byName.get("mock-data");
			assertThat(segment.get("trace_id").stringValue()).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
			long epoch = Long.parseLong(segment.get("trace_id").stringValue().substring(2, 10), 16);
			assertThat(epoch).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(300L));
			assertThat(segment.at("/metadata/default/SampleRate").longValue()).as("root decision weight").isEqualTo(1);
			assertThat(subsegment.get("parent_id").stringValue()).isEqualTo(segment.get("id").stringValue());
			assertThat(subsegment.get("trace_id").stringValue()).isEqualTo(segment.get("trace_id").stringValue());
			assertThat(subsegment.get("fault").booleanValue()).isTrue();
			assertThat(subsegment.at("/cause/exceptions/0/type").stringValue())
				.isEqualTo("java.lang.IllegalStateException");
			assertThat(subsegment.at("/cause/exceptions/0/stack/0/label").stringValue())
				.isEqualTo(getClass().getName() + ".aRealRequestTraceArrivesAtTheDaemonAsSegmentAndSubsegments");
			assertThat(subsegment.at("/metadata/namespace/key/results-size").longValue()).isEqualTo(3);
			assertThat(exporter.getSentDocuments()).as("the health check was not sampled").isEqualTo(2);
		}
	}

	private static JsonNode receive(DatagramSocket daemon) throws Exception {
		byte[] buffer = new byte[65_536];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		daemon.receive(packet);
		String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
		return XraySpans.parse(text.substring(text.indexOf('\n') + 1));
	}

}
