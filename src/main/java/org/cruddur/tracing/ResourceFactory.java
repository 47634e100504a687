package org.cruddur.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.opentelemetry.sdk.resources.Resource;

/**
 * Builds the OpenTelemetry resource (what every span says about the process) the way the
 * OpenTelemetry SDKs do: {@code OTEL_RESOURCE_ATTRIBUTES}, then {@code OTEL_SERVICE_NAME}
 * over {@code service.name}, plus the service version from the build, the deployment
 * environment and, on Kubernetes, the pod, namespace, node and cluster.
 */
public final class ResourceFactory {

	private ResourceFactory() {
	}

	public static Resource create(TracingProperties properties, String serviceVersion) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("service.name", TracingProperties.DEFAULT_SERVICE_NAME);
		putIfText(attributes, "service.version", serviceVersion);
		putIfText(attributes, "deployment.environment.name", properties.deploymentEnvironment());
		TracingProperties.Kubernetes kubernetes = properties.kubernetes();
		putIfText(attributes, "k8s.pod.name", kubernetes.podName());
		putIfText(attributes, "k8s.namespace.name", kubernetes.namespaceName());
		putIfText(attributes, "k8s.node.name", kubernetes.nodeName());
		putIfText(attributes, "k8s.cluster.name", kubernetes.clusterName());
		attributes.putAll(KeyValueList.parse(properties.resourceAttributes()));
		putIfText(attributes, "service.name", properties.serviceName());
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
