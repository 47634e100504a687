package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.IncubatingAttributes;
import java.util.Arrays;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.ServiceAttributes;

/**
 * What a segment says about the process, from the SDK's {@link Resource}: {@code aws}
 * ({@code xray} with the exporter's name and version; {@code eks} with cluster, pod and
 * container on Kubernetes), {@code origin} (from {@code cloud.platform}, or
 * {@code AWS::EKS::Container} on Kubernetes) and {@code service.version}. Subsegments
 * carry none of it. Encoded once per resource (the SDK has one for all spans) and copied
 * into each segment as bytes.
 *
 * @param resource the resource this was computed from
 * @param serviceName the resource's {@code service.name}, the default segment name
 * @param segmentMembers the encoded members, without braces
 */
record ResourceBlock(Resource resource, String serviceName, byte[] segmentMembers) {

	static final String SDK_NAME = "cruddur-backend X-Ray exporter (OpenTelemetry Java)";

	private static final String UNKNOWN_SERVICE = "unknown_service";

	private static final int MAX_VALUE_CHARS = 256;

	static ResourceBlock of(Resource resource, String sdkVersion) {
		Attributes attributes = (resource != null) ? resource.getAttributes() : Attributes.empty();
		String serviceName = attributes.get(ServiceAttributes.SERVICE_NAME);
		if (serviceName == null || serviceName.isBlank()) {
			serviceName = UNKNOWN_SERVICE;
		}
		JsonOutput out = new JsonOutput(256);
		out.beginObject();
		out.name("aws").beginObject();
		out.name("xray").beginObject().name("sdk").value(SDK_NAME, MAX_VALUE_CHARS);
		if (sdkVersion != null) {
			out.name("sdk_version").value(sdkVersion, 64);
		}
		out.endObject();
		String origin = originOf(attributes.get(IncubatingAttributes.CLOUD_PLATFORM));
		String pod = attributes.get(IncubatingAttributes.K8S_POD_NAME);
		if (pod != null) {
			writeEks(out, attributes, pod);
			origin = "AWS::EKS::Container";
		}
		out.endObject();
		if (origin != null) {
			out.name("origin").value(origin);
		}
		String serviceVersion = attributes.get(ServiceAttributes.SERVICE_VERSION);
		if (serviceVersion != null) {
			out.name("service").beginObject().name("version").value(serviceVersion, MAX_VALUE_CHARS).endObject();
		}
		out.endObject();
		byte[] object = out.toByteArray();
		return new ResourceBlock(resource, serviceName, Arrays.copyOfRange(object, 1, object.length - 1));
	}

	private static void writeEks(JsonOutput out, Attributes attributes, String pod) {
		out.name("eks").beginObject();
		String cluster = attributes.get(IncubatingAttributes.K8S_CLUSTER_NAME);
		if (cluster != null) {
			out.name("cluster_name").value(cluster, MAX_VALUE_CHARS);
		}
		out.name("pod").value(pod, MAX_VALUE_CHARS);
		String containerId = attributes.get(IncubatingAttributes.CONTAINER_ID);
		if (containerId != null) {
			out.name("container_id").value(containerId, MAX_VALUE_CHARS);
		}
		out.endObject();
	}

	private static String originOf(String cloudPlatform) {
		if (cloudPlatform == null) {
			return null;
		}
		return switch (cloudPlatform) {
			case "aws_eks" -> "AWS::EKS::Container";
			case "aws_ecs" -> "AWS::ECS::Container";
			case "aws_ec2" -> "AWS::EC2::Instance";
			case "aws_elastic_beanstalk" -> "AWS::ElasticBeanstalk::Environment";
			case "aws_lambda" -> "AWS::Lambda::Function";
			default -> null;
		};
	}

}
