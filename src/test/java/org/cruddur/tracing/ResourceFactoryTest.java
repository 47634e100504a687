package org.cruddur.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceFactoryTest {

	private static final TracingProperties.Kubernetes NOT_ON_KUBERNETES = new TracingProperties.Kubernetes(null, null,
			null, null);

	@Test
	void defaultsNameTheServiceAndItsVersion() {
		Resource resource = ResourceFactory.create(properties(null, null, NOT_ON_KUBERNETES), "1.2.3");
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("cruddur-backend");
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.2.3");
		assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name")))
			.isEqualTo("development");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.pod.name"))).isNull();
	}

	@Test
	void resourceAttributesNameTheServiceUnlessOtelServiceNameIsSet() {
		assertThat(ResourceFactory.create(properties(null, "service.name=from-attributes", NOT_ON_KUBERNETES), null)
			.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("from-attributes");
		assertThat(
				ResourceFactory.create(properties("from-env", "service.name=from-attributes", NOT_ON_KUBERNETES), null)
					.getAttribute(AttributeKey.stringKey("service.name")))
			.isEqualTo("from-env");
	}

	@Test
	void kubernetesValuesComeFromTheDownwardApiVariablesUnlessTheAttributesSayOtherwise() {
		Resource resource = ResourceFactory.create(properties(null, "k8s.node.name=explicit",
				new TracingProperties.Kubernetes("pod-1", "ns", "node-from-env", "eks-1")), null);
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("pod-1");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.namespace.name"))).isEqualTo("ns");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.cluster.name"))).isEqualTo("eks-1");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.node.name"))).isEqualTo("explicit");
	}

	private static TracingProperties properties(String serviceName, String attributes,
			TracingProperties.Kubernetes kubernetes) {
		return new TracingProperties(true, serviceName, attributes, "development", 1.0, kubernetes, null);
	}

}
