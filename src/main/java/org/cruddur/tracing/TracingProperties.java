package org.cruddur.tracing;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where spans go and what they say about this service. Bound in {@code application.yaml}
 * from the OpenTelemetry environment variables ({@code OTEL_*}) and
 * {@code HONEYCOMB_API_KEY}, which Spring Boot does not read by itself.
 *
 * @param enabled {@code CRUDDUR_TRACING_ENABLED}: {@code false} turns tracing off
 * entirely ({@link TracingSwitch})
 * @param serviceName {@code OTEL_SERVICE_NAME}; wins over {@code service.name} in the
 * resource attributes
 * @param resourceAttributes {@code OTEL_RESOURCE_ATTRIBUTES}: {@code k=v,k2=v2}, values
 * URL-encoded
 * @param deploymentEnvironment {@code deployment.environment.name}
 * @param samplingProbability {@code OTEL_TRACES_SAMPLER_ARG}: share of new traces kept
 * when X-Ray sampling rules do not decide (X-Ray off); parent-based
 * @param kubernetes where the pod runs (set by the Helm chart through the downward API)
 * @param otlp the OTLP/HTTP exporter (Honeycomb)
 */
@Validated
@ConfigurationProperties("cruddur.tracing")
public record TracingProperties(@DefaultValue("true") boolean enabled, String serviceName, String resourceAttributes,
		@DefaultValue("development") String deploymentEnvironment,
		@DefaultValue("1.0") @DecimalMin("0.0") @DecimalMax("1.0") double samplingProbability,
		@Valid @DefaultValue Kubernetes kubernetes, @Valid @DefaultValue Otlp otlp) {

	/** The default {@code service.name}. */
	public static final String DEFAULT_SERVICE_NAME = "cruddur-backend";

	/**
	 * @param podName {@code k8s.pod.name}
	 * @param namespaceName {@code k8s.namespace.name}
	 * @param nodeName {@code k8s.node.name}
	 * @param clusterName {@code k8s.cluster.name}
	 */
	public record Kubernetes(String podName, String namespaceName, String nodeName, String clusterName) {
	}

	/**
	 * @param endpoint {@code OTEL_EXPORTER_OTLP_ENDPOINT}: base URL, {@code /v1/traces}
	 * is appended
	 * @param tracesEndpoint {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}: full URL, used as
	 * is
	 * @param headers {@code OTEL_EXPORTER_OTLP_HEADERS}: {@code k=v,k2=v2}, values
	 * URL-encoded
	 * @param honeycombApiKey {@code HONEYCOMB_API_KEY}: sent as {@code x-honeycomb-team};
	 * defaults the endpoint to Honeycomb
	 * @param honeycombEndpoint the endpoint used when only a Honeycomb key is given
	 * @param compression {@code OTEL_EXPORTER_OTLP_COMPRESSION}: {@code none} or
	 * {@code gzip}
	 * @param timeout how long one export may take before it is abandoned
	 * @param maxQueueSize spans waiting for export; more are dropped (and counted), never
	 * blocking a request
	 * @param maxBatchSize spans per export request
	 * @param scheduleDelay how long spans wait before a partial batch is sent
	 */
	public record Otlp(String endpoint, String tracesEndpoint, String headers, String honeycombApiKey,
			@DefaultValue("https://api.honeycomb.io") @NotNull String honeycombEndpoint,
			@DefaultValue("none") String compression, @DefaultValue("10s") @NotNull Duration timeout,
			@DefaultValue("2048") @Min(1) @Max(1_000_000) int maxQueueSize,
			@DefaultValue("512") @Min(1) @Max(100_000) int maxBatchSize,
			@DefaultValue("1s") @NotNull Duration scheduleDelay) {

		@Override
		public String toString() {
			// Never print the key, whatever logs this record.
			return "Otlp[endpoint=" + this.endpoint + ", tracesEndpoint=" + this.tracesEndpoint + ", headers="
					+ ((this.headers == null || this.headers.isBlank()) ? "none" : "(hidden)") + ", honeycombApiKey="
					+ ((this.honeycombApiKey == null || this.honeycombApiKey.isBlank()) ? "none" : "(hidden)") + "]";
		}

	}

}
