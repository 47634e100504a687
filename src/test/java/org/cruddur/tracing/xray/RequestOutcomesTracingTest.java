package org.cruddur.tracing.xray;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.cruddur.activities.Activity;
import org.cruddur.activities.ActivityRepository;
import org.cruddur.activities.InMemoryActivityRepository;
import org.cruddur.activities.Reply;
import org.cruddur.testing.OtlpReceiver;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;
import org.cruddur.testing.XraySpans;
import org.cruddur.testing.XrayUdpListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a failure, a client error and a search look like in both backends, end to end
 * (every request sampled): a failing store is a 500 problem without a stack trace and a
 * fault with its cause; an unknown activity is the caller's error and nobody's fault; a
 * search keeps its query, its size and where its client came from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureTracing
@DirtiesContext
class RequestOutcomesTracingTest {

	static final OtlpReceiver otlp = OtlpReceiver.start();

	static final XrayUdpListener udp = XrayUdpListener.start();

	@DynamicPropertySource
	static void environment(DynamicPropertyRegistry registry) {
		registry.add("XRAY_ENABLED", () -> "true");
		registry.add("AWS_XRAY_DAEMON_ADDRESS", () -> "127.0.0.1:" + udp.port());
		registry.add("cruddur.tracing.sampler", () -> "always_on");
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesUrl);
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
		registry.add("cruddur.xray.schedule-delay", () -> "100ms");
	}

	@AfterAll
	static void stop() {
		otlp.close();
		udp.close();
	}

	@Autowired
	WebTestClient client;

	@Test
	void aFailingStoreIsAFaultWithItsCauseAndAProblemWithoutAStackTrace() {
		String agent = "failing-store/" + UUID.randomUUID();
		EntityExchangeResult<String> result = this.client.get()
			.uri("/api/activities/home")
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult();
		JsonNode problem = XraySpans.parse(result.getResponseBody());
		assertThat(problem.path("status").isInt()).isTrue();
		assertThat(problem.path("status").intValue()).isEqualTo(500);
		assertThat(problem.path("title").stringValue()).isEqualTo("Internal Server Error");
		assertThat(problem.propertyNames()).containsOnly("title", "status", "instance");
		assertThat(problem.path("instance").stringValue()).isEqualTo("/api/activities/home");
		assertThat(result.getResponseBody()).doesNotContain(FailingHomeFeed.MESSAGE)
			.doesNotContain("IllegalStateException")
			.doesNotContain("org.cruddur");

		JsonNode segment = awaitSegment(agent);
		assertThat(segment.path("fault").isBoolean()).isTrue();
		assertThat(segment.path("fault").booleanValue()).isTrue();
		assertThat(segment.has("error")).isFalse();
		assertThat(segment.path("http").path("response").path("status").intValue()).isEqualTo(500);
		JsonNode subsegment = awaitSubsegment(segment.path("trace_id").stringValue(), "home-activities-mock-data");
		assertThat(subsegment.path("parent_id").stringValue()).isEqualTo(segment.path("id").stringValue());
		assertThat(subsegment.path("fault").isBoolean()).isTrue();
		assertThat(subsegment.path("fault").booleanValue()).isTrue();
		JsonNode exception = subsegment.path("cause").path("exceptions").path(0);
		assertThat(exception.path("type").stringValue()).isEqualTo("java.lang.IllegalStateException");
		assertThat(exception.path("message").stringValue()).isEqualTo(FailingHomeFeed.MESSAGE);
		assertThat(exception.path("stack").isArray()).isTrue();
		assertThat(exception.path("stack").size()).isPositive();
		assertThat(exception.path("stack").path(0).path("label").stringValue()).contains("findNewest");
		assertThat(exception.path("stack").path(0).path("line").isInt()).isTrue();

		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(server.attribute("http.response.status_code").getIntValue()).isEqualTo(500);
		ReceivedSpan child = awaitOtlpSpan(server.traceId(), "home-activities-mock-data");
		assertThat(child.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
	}

	@Test
	void anUnknownActivityIsTheCallersErrorAndNobodysFault() {
		String agent = "unknown-activity/" + UUID.randomUUID();
		this.client.get()
			.uri("/api/activities/" + UUID.randomUUID())
			.header("User-Agent", agent)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);

		JsonNode segment = awaitSegment(agent);
		assertThat(segment.path("error").isBoolean()).isTrue();
		assertThat(segment.path("error").booleanValue()).isTrue();
		assertThat(segment.has("fault")).isFalse();
		assertThat(segment.path("http").path("response").path("status").intValue()).isEqualTo(404);
		JsonNode subsegment = awaitSubsegment(segment.path("trace_id").stringValue(), "show-activity");
		assertThat(subsegment.has("fault")).isFalse();
		assertThat(subsegment.has("cause")).isFalse();
		assertThat(subsegment.has("error")).isFalse();

		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.span().getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		ReceivedSpan child = awaitOtlpSpan(server.traceId(), "show-activity");
		assertThat(child.span().getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(child.attribute("error.type").getStringValue()).isEqualTo("org.cruddur.web.NotFoundException");
	}

	@Test
	void aForwardedSearchKeepsItsQueryItsSizeAndItsClient() {
		String agent = "search/" + UUID.randomUUID();
		byte[] body = this.client.get()
			.uri((uri) -> uri.path("/api/activities/search").queryParam("term", "Cloud is").build())
			.header("User-Agent", agent)
			.header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBodyContent();
		assertThat(XraySpans.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)).size()).isEqualTo(1);

		ReceivedSpan server = awaitServerSpan(agent);
		assertThat(server.name()).isEqualTo("GET /api/activities/search");
		assertThat(server.attribute("url.query").getStringValue()).isEqualTo("term=Cloud%20is");
		assertThat(server.attribute("http.response.body.size").hasIntValue()).isTrue();
		assertThat(server.attribute("http.response.body.size").getIntValue()).isEqualTo(body.length);
		assertThat(server.attribute("client.address").getStringValue()).isEqualTo("203.0.113.7");
		assertThat(server.attribute("client.port")).isNull();
		assertThat(server.attribute("network.peer.address").getStringValue()).isEqualTo("127.0.0.1");
		assertThat(server.attribute("network.peer.port").hasIntValue()).isTrue();

		JsonNode http = awaitSegment(agent).path("http");
		assertThat(http.path("request").path("url").stringValue()).endsWith("/api/activities/search?term=Cloud%20is");
		assertThat(http.path("request").path("client_ip").stringValue()).isEqualTo("203.0.113.7");
		assertThat(http.path("request").path("x_forwarded_for").isBoolean()).isTrue();
		assertThat(http.path("request").path("x_forwarded_for").booleanValue()).isTrue();
		assertThat(http.path("response").path("content_length").isInt()).isTrue();
		assertThat(http.path("response").path("content_length").intValue()).isEqualTo(body.length);
	}

	private static List<JsonNode> segments(String userAgent) {
		return udp.documents()
			.stream()
			.filter((document) -> userAgent
				.equals(document.path("http").path("request").path("user_agent").stringValue(null)))
			.toList();
	}

	private static JsonNode awaitSegment(String userAgent) {
		await().atMost(Duration.ofSeconds(10)).until(() -> segments(userAgent).size() == 1);
		return segments(userAgent).get(0);
	}

	private static JsonNode awaitSubsegment(String traceId, String name) {
		await().atMost(Duration.ofSeconds(10)).until(() -> subsegments(traceId, name).size() == 1);
		return subsegments(traceId, name).get(0);
	}

	private static List<JsonNode> subsegments(String traceId, String name) {
		return udp.spans()
			.stream()
			.filter((d) -> traceId.equals(d.path("trace_id").stringValue(null))
					&& name.equals(d.path("name").stringValue(null)))
			.toList();
	}

	private static List<ReceivedSpan> serverSpans(String userAgent) {
		return otlp.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.attribute("user_agent.original") != null
					&& userAgent.equals(span.attribute("user_agent.original").getStringValue()))
			.toList();
	}

	private static ReceivedSpan awaitServerSpan(String userAgent) {
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans(userAgent).size() == 1);
		return serverSpans(userAgent).get(0);
	}

	private static ReceivedSpan awaitOtlpSpan(String traceId, String name) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> otlp.spans().stream().anyMatch((s) -> s.traceId().equals(traceId) && s.name().equals(name)));
		return otlp.spans()
			.stream()
			.filter((s) -> s.traceId().equals(traceId) && s.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The store, except that the home feed read fails as a broken database would.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class FailingHomeFeed {

		static final String MESSAGE = "activity store unavailable";

		@Bean
		@Primary
		ActivityRepository failingHomeFeed(InMemoryActivityRepository store) {
			return new ActivityRepository() {

				@Override
				public List<Activity> findNewest(Instant now, int limit) {
					throw new IllegalStateException(MESSAGE);
				}

				@Override
				public List<Activity> findByHandle(String handle, Instant now, int limit) {
					return store.findByHandle(handle, now, limit);
				}

				@Override
				public List<Activity> search(String term, Instant now, int limit) {
					return store.search(term, now, limit);
				}

				@Override
				public Optional<Activity> findById(UUID uuid, Instant now) {
					return store.findById(uuid, now);
				}

				@Override
				public void save(Activity activity) {
					store.save(activity);
				}

				@Override
				public Optional<Activity> addReply(UUID activityUuid, Reply reply, Instant now) {
					return store.addReply(activityUuid, reply, now);
				}

			};
		}

	}

}
