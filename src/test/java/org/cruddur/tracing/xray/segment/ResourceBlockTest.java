package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.span;
import static org.cruddur.tracing.xray.segment.Translators.document;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ResourceBlockTest {

	@Test
	void onKubernetesTheSegmentCarriesTheEksBlockAndOrigin() {
		Resource eks = Resource.create(Attributes.builder()
			.put("service.name", "cruddur-backend")
			.put("k8s.cluster.name", "cruddur")
			.put("k8s.pod.name", "cruddur-backend-7d9f-abcde")
			.put("container.id", "0123456789ab")
			.build());
		JsonNode segment = document(span(SpanKind.SERVER).setResource(eks).build());
		assertThat(segment.get("origin").stringValue()).isEqualTo("AWS::EKS::Container");
		assertThat(segment.at("/aws/eks/cluster_name").stringValue()).isEqualTo("cruddur");
		assertThat(segment.at("/aws/eks/pod").stringValue()).isEqualTo("cruddur-backend-7d9f-abcde");
		assertThat(segment.at("/aws/eks/container_id").stringValue()).isEqualTo("0123456789ab");
		assertThat(segment.at("/aws/xray/sdk").stringValue()).isEqualTo(ResourceBlock.SDK_NAME);
		assertThat(segment.has("service")).as("no service.version on this resource").isFalse();

		JsonNode subsegment = document(
				span(SpanKind.INTERNAL).setResource(eks).setParentSpanContext(context("1111222233334444")).build());
		assertThat(subsegment.has("aws")).isFalse();
		assertThat(subsegment.has("origin")).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "aws_eks, AWS::EKS::Container", "aws_ecs, AWS::ECS::Container", "aws_ec2, AWS::EC2::Instance",
			"aws_elastic_beanstalk, AWS::ElasticBeanstalk::Environment", "aws_lambda, AWS::Lambda::Function" })
	void theOriginFollowsTheCloudPlatform(String platform, String origin) {
		JsonNode segment = document(span(SpanKind.SERVER)
			.setResource(Resource.create(Attributes.builder().put("cloud.platform", platform).build()))
			.build());
		assertThat(segment.get("origin").stringValue()).isEqualTo(origin);
		assertThat(segment.get("name").stringValue()).as("no service.name").isEqualTo("unknown_service");
	}

	@Test
	void aResourceWithoutPlatformOrNameHasNoOriginAndAnUnknownService() {
		JsonNode segment = document(span(SpanKind.SERVER)
			.setResource(Resource.create(Attributes.builder().put("service.name", " ").build()))
			.build());
		assertThat(segment.has("origin")).isFalse();
		assertThat(segment.get("name").stringValue()).isEqualTo("unknown_service");
		ResourceBlock versioned = ResourceBlock.of(
				Resource.create(Attributes.builder().put("service.name", "s").put("service.version", "1.2").build()),
				"9");
		assertThat(new String(versioned.segmentMembers(), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("\"aws\":{\"xray\":{\"sdk\":\"" + ResourceBlock.SDK_NAME
					+ "\",\"sdk_version\":\"9\"}},\"service\":{\"version\":\"1.2\"}");
		ResourceBlock none = ResourceBlock.of(null, null);
		assertThat(none.serviceName()).isEqualTo("unknown_service");
		assertThat(new String(none.segmentMembers(), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("\"aws\":{\"xray\":{\"sdk\":\"" + ResourceBlock.SDK_NAME + "\"}}");
	}

	@Test
	void anotherCloudHasNoOrigin() {
		JsonNode segment = document(span(SpanKind.SERVER)
			.setResource(Resource.create(Attributes.builder().put("cloud.platform", "gcp_compute_engine").build()))
			.build());
		assertThat(segment.has("origin")).isFalse();
		assertThat(segment.has("aws")).as("the exporter's name is always there").isTrue();
	}

}
