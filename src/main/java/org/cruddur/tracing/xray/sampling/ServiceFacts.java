package org.cruddur.tracing.xray.sampling;

import org.cruddur.tracing.IncubatingAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.ServiceAttributes;

/**
 * The service side of rule matching, read once from the resource.
 *
 * @param serviceName {@code service.name}, for {@code ServiceName}
 * @param serviceType the X-Ray origin for {@code cloud.platform}, for
 * {@code ServiceType}; {@code null} off AWS
 * @param resourceArn the ECS container or Lambda function ARN, for {@code ResourceARN}
 */
record ServiceFacts(String serviceName, String serviceType, String resourceArn) {

	static ServiceFacts of(Resource resource) {
		Attributes attributes = (resource != null) ? resource.getAttributes() : Attributes.empty();
		String platform = attributes.get(IncubatingAttributes.CLOUD_PLATFORM);
		String arn = attributes.get(IncubatingAttributes.AWS_ECS_CONTAINER_ARN);
		if (arn == null && "aws_lambda".equals(platform)) {
			arn = attributes.get(IncubatingAttributes.CLOUD_RESOURCE_ID);
		}
		return new ServiceFacts(attributes.get(ServiceAttributes.SERVICE_NAME), serviceType(platform), arn);
	}

	private static String serviceType(String platform) {
		if (platform == null) {
			return null;
		}
		return switch (platform) {
			case "aws_ec2" -> "AWS::EC2::Instance";
			case "aws_ecs" -> "AWS::ECS::Container";
			case "aws_eks" -> "AWS::EKS::Container";
			case "aws_elastic_beanstalk" -> "AWS::ElasticBeanstalk::Environment";
			case "aws_lambda" -> "AWS::Lambda::Function";
			default -> null;
		};
	}

}
