package org.cruddur.tracing;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What spans say about this service and whether tracing is on. The OpenTelemetry
 * variables ({@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES},
 * {@code OTEL_EXPORTER_OTLP_*}, {@code OTEL_BSP_*}) are read by Spring Boot itself, which
 * maps them to its {@code management.opentelemetry.*} and {@code management.tracing.*}
 * properties.
 *
 * @param enabled {@code CRUDDUR_TRACING_ENABLED}: {@code false} turns tracing off
 * entirely ({@link TracingSwitch})
 * @param deploymentEnvironment {@code deployment.environment.name}
 * @param sampler {@code OTEL_TRACES_SAMPLER}: a {@link TracesSampler} name; unset,
 * {@code xray} with X-Ray on, else {@code parentbased_traceidratio}
 * @param samplingProbability {@code OTEL_TRACES_SAMPLER_ARG}: share of new traces kept
 * when X-Ray sampling rules do not decide (X-Ray off); parent-based
 * @param inbound what is done with an upstream's sampling decision
 * ({@link InboundSampling})
 * @param kubernetes where the pod runs (set by the Helm chart through the downward API)
 */
@ConfigurationProperties("cruddur.tracing")
public record TracingProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("development") String deploymentEnvironment, String sampler,
		@DefaultValue("1.0") double samplingProbability, @DefaultValue Inbound inbound,
		@DefaultValue Kubernetes kubernetes) {

	public TracingProperties {
		PropertyChecks.between("cruddur.tracing.sampling-probability", samplingProbability, 0.0, 1.0);
	}

	/**
	 * @param honour {@code CRUDDUR_TRACING_HONOUR_INBOUND}: {@code false} ignores inbound
	 * sampling decisions (an internet-facing edge)
	 * @param forcedPerSecond {@code CRUDDUR_TRACING_FORCED_PER_SECOND}: most traces kept
	 * per second because an upstream said so; 0 keeps them all
	 */
	public record Inbound(@DefaultValue("true") boolean honour, @DefaultValue("100") int forcedPerSecond) {

		public Inbound {
			PropertyChecks.between("cruddur.tracing.inbound.forced-per-second", forcedPerSecond, 0, Integer.MAX_VALUE);
		}

	}

	/**
	 * @param podName {@code k8s.pod.name}
	 * @param namespaceName {@code k8s.namespace.name}
	 * @param nodeName {@code k8s.node.name}
	 * @param clusterName {@code k8s.cluster.name}
	 */
	public record Kubernetes(String podName, String namespaceName, String nodeName, String clusterName) {
	}

}
