package org.cruddur.tracing.xray.sampling;

import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What rules are matched against: the request from span attributes, the service from the
 * resource.
 */
class SamplingRequestTest {

	@Test
	void currentKeysComeFirst() {
		Attributes both = Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.method", "POST")
			.put("url.path", "/api/activities/home")
			.put("http.target", "/old")
			.put("server.address", "api.cruddur.example")
			.put("net.host.name", "old.example")
			.build();
		assertThat(SamplingRequest.of(both))
			.isEqualTo(new SamplingRequest("GET", "/api/activities/home", "api.cruddur.example"));
	}

	@Test
	void legacyKeysStandInInTheTablesOrder() {
		Attributes legacy = Attributes.builder()
			.put("http.method", "POST")
			.put("http.target", "/api/activities?limit=5")
			.put("http.host", "host.example:8080")
			.put("net.host.name", "net.example")
			.build();
		assertThat(SamplingRequest.of(legacy)).isEqualTo(new SamplingRequest("POST", "/api/activities", "net.example"));
		assertThat(SamplingRequest.of(Attributes.builder().put("http.host", "host.example:8080").build()).host())
			.isEqualTo("host.example:8080");
	}

	@Test
	void thePathOfAFullUrlWithoutQueryOrFragment() {
		assertThat(pathOf("https://h:8080/api/health-check?y#z")).isEqualTo("/api/health-check");
		assertThat(pathOf("https://h/api/a#frag?not-a-query")).isEqualTo("/api/a");
		assertThat(pathOf("https://h")).isEqualTo("/");
		assertThat(pathOf("/relative/only")).isNull();
		assertThat(SamplingRequest.of(Attributes.builder().put("http.target", "?only=query").build()).path()).isEmpty();
		assertThat(pathOf("://h/p")).as("no scheme").isNull();
		assertThat(pathOf("h://x/p")).isEqualTo("/p");
		assertThat(pathOf("https://h/a?q")).isEqualTo("/a");
		assertThat(pathOf("https://h/a#f")).isEqualTo("/a");
		assertThat(pathOf("https://h?next=/admin")).as("a slash in the query is no path").isEqualTo("/");
		assertThat(pathOf("https://h#/admin")).as("nor one in the fragment").isEqualTo("/");
		assertThat(SamplingRequest.of(Attributes.empty())).isEqualTo(new SamplingRequest(null, null, null));
	}

	@Test
	void theServiceFromTheResource() {
		Resource eks = Resource.create(Attributes.builder()
			.put("service.name", "cruddur-backend")
			.put("cloud.platform", "aws_eks")
			.put("aws.ecs.container.arn", "arn:aws:ecs:container")
			.build());
		assertThat(ServiceFacts.of(eks))
			.isEqualTo(new ServiceFacts("cruddur-backend", "AWS::EKS::Container", "arn:aws:ecs:container"));
		Resource lambda = Resource.create(Attributes.builder()
			.put("cloud.platform", "aws_lambda")
			.put("cloud.resource_id", "arn:aws:lambda:fn")
			.build());
		assertThat(ServiceFacts.of(lambda))
			.isEqualTo(new ServiceFacts(null, "AWS::Lambda::Function", "arn:aws:lambda:fn"));
		Resource gcp = Resource.create(Attributes.builder()
			.put("cloud.platform", "gcp_kubernetes_engine")
			.put("cloud.resource_id", "id")
			.build());
		assertThat(ServiceFacts.of(gcp)).isEqualTo(new ServiceFacts(null, null, null));
		Map.of("aws_ec2", "AWS::EC2::Instance", "aws_ecs", "AWS::ECS::Container", "aws_elastic_beanstalk",
				"AWS::ElasticBeanstalk::Environment")
			.forEach((platform,
					type) -> assertThat(ServiceFacts.of(Resource.create(Attributes.builder()
						.put("cloud.platform", platform)
						.put("cloud.resource_id", "not-for-lambda-only")
						.build()))).isEqualTo(new ServiceFacts(null, type, null)));
		assertThat(ServiceFacts.of(null)).isEqualTo(new ServiceFacts(null, null, null));
	}

	private static String pathOf(String url) {
		return SamplingRequest.of(Attributes.builder().put("url.full", url).build()).path();
	}

}
