package org.cruddur.tracing;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceFactoryTest {

	private static final TracingProperties.Kubernetes NOT_ON_KUBERNETES = new TracingProperties.Kubernetes(null, null,
			null, null);

	private static final Consumer<BiConsumer<String, String>> NO_USER_ATTRIBUTES = (attributes) -> {
	};

	@Test
	void defaultsNameTheServiceVersionAndEnvironment() {
		Resource resource = ResourceFactory.create(properties(NOT_ON_KUBERNETES), "1.2.3", NO_USER_ATTRIBUTES);
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.2.3");
		assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name")))
			.isEqualTo("development");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.pod.name"))).isNull();
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.instance.id")))
			.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
			.isNotEqualTo(ResourceFactory.create(properties(NOT_ON_KUBERNETES), "1.2.3", NO_USER_ATTRIBUTES)
				.getAttribute(AttributeKey.stringKey("service.instance.id")));
	}

	@Test
	void theUsersAttributesWinAndBlankOnesAreLeftOut() {
		Resource resource = ResourceFactory.create(properties(NOT_ON_KUBERNETES), "1.2.3", (attributes) -> {
			attributes.accept("service.name", "from-user");
			attributes.accept("service.version", "9.9.9");
			attributes.accept("team", " ");
		});
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("from-user");
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("9.9.9");
		assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isNull();
	}

	@Test
	void kubernetesValuesComeFromTheDownwardApiVariablesUnlessTheAttributesSayOtherwise() {
		Resource resource = ResourceFactory.create(
				properties(new TracingProperties.Kubernetes("pod-1", "ns", "node-from-env", "eks-1")), null,
				(attributes) -> attributes.accept("k8s.node.name", "explicit"));
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("pod-1");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.namespace.name"))).isEqualTo("ns");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.cluster.name"))).isEqualTo("eks-1");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.node.name"))).isEqualTo("explicit");
		assertThat(ResourceFactory
			.create(properties(new TracingProperties.Kubernetes(null, null, " node-1 ", null)), null,
					NO_USER_ATTRIBUTES)
			.getAttribute(AttributeKey.stringKey("k8s.node.name"))).isEqualTo("node-1");
	}

	private static TracingProperties properties(TracingProperties.Kubernetes kubernetes) {
		return new TracingProperties(true, "development", null, 1.0, new TracingProperties.Inbound(true, 100),
				kubernetes);
	}

}
