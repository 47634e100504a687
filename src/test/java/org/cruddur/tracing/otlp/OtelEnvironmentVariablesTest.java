package org.cruddur.tracing.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.cruddur.testing.AppProcess;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.Received;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every OpenTelemetry variable of the README's table, set as a real environment variable
 * of the process (Spring Boot reads them from the environment, not from properties), and
 * what it changes at an OTLP receiver.
 */
// Each test has its own child JVM and receiver: they start at the same time.
@Execution(ExecutionMode.CONCURRENT)
class OtelEnvironmentVariablesTest {

	private static final String HONEYCOMB_KEY = "hc-env-SENTINEL-77aa";

	private final OtlpReceiver receiver = OtlpReceiver.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void endpointHeadersCompressionServiceNameResourceAndDeploymentVariables() throws Exception {
		Map<String, String> environment = Map.ofEntries(Map.entry("XRAY_ENABLED", "false"),
				Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", this.receiver.baseUrl()),
				Map.entry("OTEL_EXPORTER_OTLP_HEADERS", "x-extra=a%20b,x-dataset=cruddur"),
				Map.entry("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"), Map.entry("OTEL_BSP_SCHEDULE_DELAY", "100"),
				Map.entry("OTEL_SERVICE_NAME", "cruddur-under-test"),
				Map.entry("OTEL_RESOURCE_ATTRIBUTES", "team=crud%2Cders,service.name=overridden-by-otel-service-name"),
				Map.entry("DEPLOYMENT_ENVIRONMENT", "ci"), Map.entry("K8S_POD_NAME", "backend-7d9f-abcde"),
				Map.entry("K8S_NAMESPACE_NAME", "cruddur"), Map.entry("K8S_NODE_NAME", "node-1"),
				Map.entry("K8S_CLUSTER_NAME", "eks-1"), Map.entry("HONEYCOMB_API_KEY", HONEYCOMB_KEY));
		try (AppProcess app = AppProcess.start(environment)) {
			get(app, "/api/activities/home", null);
			ReceivedSpan server = awaitServerSpans(1).get(0);
			Received request = this.receiver.requests().get(0);

			assertThat(request.path()).as("OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces").isEqualTo("/v1/traces");
			assertThat(request.headers()).as("OTEL_EXPORTER_OTLP_HEADERS, percent-decoded")
				.containsEntry("x-extra", "a b")
				.containsEntry("x-dataset", "cruddur");
			assertThat(request.headers()).as("OTEL_EXPORTER_OTLP_COMPRESSION")
				.containsEntry("Content-Encoding", "gzip");
			assertThat(request.headers()).as("the key goes only to Honeycomb over HTTPS")
				.doesNotContainKey("x-honeycomb-team");
			assertThat(server.resourceAttribute("service.name").getStringValue()).as("OTEL_SERVICE_NAME")
				.isEqualTo("cruddur-under-test");
			assertThat(server.resourceAttribute("team").getStringValue()).as("OTEL_RESOURCE_ATTRIBUTES")
				.isEqualTo("crud,ders");
			assertThat(server.resourceAttribute("deployment.environment.name").getStringValue())
				.as("DEPLOYMENT_ENVIRONMENT")
				.isEqualTo("ci");
			assertThat(server.resourceAttribute("k8s.pod.name").getStringValue()).isEqualTo("backend-7d9f-abcde");
			assertThat(server.resourceAttribute("k8s.namespace.name").getStringValue()).isEqualTo("cruddur");
			assertThat(server.resourceAttribute("k8s.node.name").getStringValue()).isEqualTo("node-1");
			assertThat(server.resourceAttribute("k8s.cluster.name").getStringValue()).isEqualTo("eks-1");
			assertThat(app.output())
				.contains("OTLP trace export to " + this.receiver.baseUrl()
						+ "/v1/traces with headers [x-dataset, x-extra]")
				.contains("HONEYCOMB_API_KEY is not sent: the OTLP endpoint is not HTTPS")
				.doesNotContain(HONEYCOMB_KEY);
		}
	}

	@Test
	void tracesEndpointIsUsedAsItIsAndTheSamplerArgumentDecidesNewTraces() throws Exception {
		Map<String, String> environment = Map.of("XRAY_ENABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT",
				"http://127.0.0.1:9", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", this.receiver.tracesUrl(),
				"OTEL_BSP_SCHEDULE_DELAY", "100", "OTEL_TRACES_SAMPLER_ARG", "0");
		try (AppProcess app = AppProcess.start(environment)) {
			for (int i = 0; i < 3; i++) {
				get(app, "/api/activities/home", null);
			}
			String upstream = "0af7651916cd43dd8448eb211c80319c";
			get(app, "/api/activities/home", "00-" + upstream + "-b7ad6b7169203331-01");

			List<ReceivedSpan> servers = awaitServerSpans(1);
			assertThat(servers).as("OTEL_TRACES_SAMPLER_ARG=0 keeps no new trace; the upstream decision is honoured")
				.extracting(ReceivedSpan::traceId)
				.containsExactly(upstream);
			assertThat(this.receiver.requests()).extracting(Received::path).containsOnly("/v1/traces");
		}
	}

	private void get(AppProcess app, String path, String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
			.timeout(Duration.ofSeconds(10));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private List<ReceivedSpan> awaitServerSpans(int count) {
		await().atMost(Duration.ofSeconds(15)).until(() -> serverSpans().size() >= count);
		// Anything more would arrive within a few schedule delays.
		await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
		return serverSpans();
	}

	private List<ReceivedSpan> serverSpans() {
		return this.receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.toList();
	}

}
