package org.cruddur.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.DeploymentAttributes;
import io.opentelemetry.semconv.ServiceAttributes;

/**
 * Builds the OpenTelemetry resource (what every span says about the process): the service
 * version from the build, the deployment environment and, on Kubernetes, the pod,
 * namespace, node and cluster; then what the user configured, which wins:
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_SERVICE_NAME} and
 * {@code management.opentelemetry.resource-attributes}, as Spring Boot reads them
 * ({@code OpenTelemetryResourceAttributes}).
 */
public final class ResourceFactory {

	private ResourceFactory() {
	}

	/**
	 * @param properties this service's settings
	 * @param serviceVersion the build's version, or null
	 * @param userAttributes applies the user's attributes (Boot's
	 * {@code OpenTelemetryResourceAttributes::applyTo})
	 */
	public static Resource create(TracingProperties properties, String serviceVersion,
			Consumer<BiConsumer<String, String>> userAttributes) {
		Map<String, String> attributes = new LinkedHashMap<>();
		// One per process, as the semantic conventions suggest: tells replicas apart.
		attributes.put(ServiceAttributes.SERVICE_INSTANCE_ID.getKey(), UUID.randomUUID().toString());
		putIfText(attributes, ServiceAttributes.SERVICE_VERSION.getKey(), serviceVersion);
		putIfText(attributes, DeploymentAttributes.DEPLOYMENT_ENVIRONMENT_NAME.getKey(),
				properties.deploymentEnvironment());
		TracingProperties.Kubernetes kubernetes = properties.kubernetes();
		putIfText(attributes, IncubatingAttributes.K8S_POD_NAME.getKey(), kubernetes.podName());
		putIfText(attributes, IncubatingAttributes.K8S_NAMESPACE_NAME.getKey(), kubernetes.namespaceName());
		putIfText(attributes, IncubatingAttributes.K8S_NODE_NAME.getKey(), kubernetes.nodeName());
		putIfText(attributes, IncubatingAttributes.K8S_CLUSTER_NAME.getKey(), kubernetes.clusterName());
		userAttributes.accept((key, value) -> putIfText(attributes, key, value));
		var builder = Resource.builder();
		attributes.forEach(builder::put);
		return Resource.getDefault().merge(builder.build());
	}

	private static void putIfText(Map<String, String> attributes, String key, String value) {
		if (value != null && !value.isBlank()) {
			attributes.put(key, value.strip());
		}
	}

}
