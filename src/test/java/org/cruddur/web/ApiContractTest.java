package org.cruddur.web;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.cruddur.MutableClock;
import org.cruddur.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the backend-flask contract (cruddur-api.md), its error codes, CORS and
 * bad input, over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "FRONTEND_URL=https://frontend.example", "BACKEND_URL=https://backend.example" })
@AutoConfigureWebTestClient
@Import(MutableClock.InPlaceOfTheSystemClock.class)
@ExtendWith(NettyLeakCheck.class)
class ApiContractTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final String PYTHON_ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00";

	@Autowired
	WebTestClient client;

	@Autowired
	MutableClock clock;

	@Autowired
	ApplicationContext context;

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	@org.springframework.boot.test.web.server.LocalManagementPort
	int managementPort;

	@Test
	void healthCheck() {
		this.client.get()
			.uri("/api/health-check")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"success\": true}", true);
	}

	@Test
	void homeFeedHasTheSeedNewestFirstWithTheFlaskFieldsAndTimestamps() {
		List<Map<String, Object>> home = getArray("/api/activities/home");
		List<Object> uuids = home.stream().map((activity) -> activity.get("uuid")).toList();
		assertThat(uuids).containsSubsequence("248959df-3079-4947-b847-9e0892d1bab4",
				"68f126b0-1ceb-4a33-88be-d90fa7109eee", "66e12864-8c26-4c3a-9658-95a10f8fea67");
		Map<String, Object> cloudIsFun = find(home, "68f126b0-1ceb-4a33-88be-d90fa7109eee");
		assertThat(cloudIsFun).containsKeys("uuid", "display_name", "handle", "message", "created_at", "expires_at",
				"likes_count", "replies_count", "reposts_count", "replies");
		assertThat(cloudIsFun).containsEntry("display_name", "Andrew Brown")
			.containsEntry("handle", "andrewbrown")
			.containsEntry("message", "Cloud is fun!")
			.containsEntry("likes_count", 5)
			.containsEntry("reposts_count", 0);
		assertThat((String) cloudIsFun.get("created_at")).matches(PYTHON_ISO);
		assertThat((String) cloudIsFun.get("expires_at")).matches(PYTHON_ISO);
		Instant created = OffsetDateTime.parse((String) cloudIsFun.get("created_at")).toInstant();
		assertThat(Duration.between(created, this.clock.instant())).isBetween(Duration.ofDays(2).minusMinutes(1),
				Duration.ofDays(2).plusDays(1));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> replies = (List<Map<String, Object>>) cloudIsFun.get("replies");
		assertThat(replies).anySatisfy((reply) -> {
			assertThat(reply).containsEntry("uuid", "26e12864-1c26-5c3a-9658-97a10f8fea67")
				.containsEntry("reply_to_activity_uuid", "68f126b0-1ceb-4a33-88be-d90fa7109eee")
				.containsEntry("handle", "worf")
				.containsEntry("message", "This post has no honor!")
				.containsKeys("display_name", "likes_count", "replies_count", "reposts_count", "created_at");
		});
	}

	@Test
	void notifications() {
		List<Map<String, Object>> notifications = getArray("/api/activities/notifications");
		assertThat(notifications).singleElement().satisfies((activity) -> {
			assertThat(activity).containsEntry("handle", "coco").containsEntry("message", "I am a white unicorn");
			assertThat((List<?>) activity.get("replies")).hasSize(1);
		});
	}

	@Test
	void userFeedHasOnlyThatUsersActivities() {
		List<Map<String, Object>> feed = getArray("/api/activities/@worf");
		assertThat(feed).isNotEmpty().allSatisfy((activity) -> assertThat(activity).containsEntry("handle", "worf"));
		assertThat(feed)
			.anySatisfy((activity) -> assertThat(activity).containsEntry("message", "I am out of prune juice"));
		assertThat(getArray("/api/activities/@nobody-here")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/activities/@", "/api/activities/@%20%20" })
	void blankUserHandleIs422(String path) {
		expectErrors(this.client.get().uri(encoded(path)).exchange(), "blank_user_handle");
	}

	@Test
	void searchFindsByMessageIgnoringCase() {
		List<Map<String, Object>> results = getArray("/api/activities/search?term=PRUNE");
		assertThat(results).singleElement()
			.satisfies((activity) -> assertThat(activity).containsEntry("handle", "worf"));
		assertThat(getArray("/api/activities/search?term=no-such-words-anywhere")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "/api/activities/search", "/api/activities/search?term=", "/api/activities/search?term=%20" })
	void blankSearchTermIs422(String uri) {
		expectErrors(this.client.get().uri(encoded(uri)).exchange(), "search_term_blank");
	}

	@Test
	void showActivityHasItsReplies() {
		Map<String, Object> activity = this.client.get()
			.uri("/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(activity).containsEntry("message", "Cloud is fun!");
		assertThat((List<?>) activity.get("replies")).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "00000000-0000-0000-0000-000000000000", "not-a-uuid", "68f126b0" })
	void unknownActivityIs404WithAJsonBody(String uuid) {
		this.client.get()
			.uri("/api/activities/" + uuid)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.detail")
			.isEqualTo("activity not found");
	}

	@Test
	void createdCrudIsKeptAndShowsUpEverywhere() {
		String text = "Posted from a contract test " + System.nanoTime();
		Map<String, Object> created = post("/api/activities", Map.of("message", text, "ttl", "3-hours"));
		assertThat(created).containsEntry("message", text)
			.containsEntry("handle", "andrewbrown")
			.containsEntry("display_name", "Andrew Brown")
			.containsEntry("replies_count", 0)
			.containsEntry("replies", List.of());
		Instant createdAt = OffsetDateTime.parse((String) created.get("created_at")).toInstant();
		Instant expiresAt = OffsetDateTime.parse((String) created.get("expires_at")).toInstant();
		assertThat(Duration.between(createdAt, expiresAt)).isEqualTo(Duration.ofHours(3));
		String uuid = (String) created.get("uuid");
		assertThat(getArray("/api/activities/home").get(0)).containsEntry("uuid", uuid);
		assertThat(getArray("/api/activities/@andrewbrown").get(0)).containsEntry("uuid", uuid);
		assertThat(getArray("/api/activities/search?term=" + text.substring(text.length() - 8)))
			.anySatisfy((activity) -> assertThat(activity).containsEntry("uuid", uuid));
		this.client.get().uri("/api/activities/" + uuid).exchange().expectStatus().isOk().expectBody(Void.class);
	}

	@Test
	void replyIsKeptUnderItsActivityAndCounted() {
		Map<String, Object> created = post("/api/activities", Map.of("message", "reply to me", "ttl", "1-day"));
		String uuid = (String) created.get("uuid");
		Map<String, Object> reply = post("/api/activities/" + uuid + "/reply", Map.of("message", "a reply"));
		assertThat(reply).containsEntry("reply_to_activity_uuid", uuid)
			.containsEntry("message", "a reply")
			.containsEntry("handle", "andrewbrown")
			.containsKeys("uuid", "display_name", "likes_count", "replies_count", "reposts_count", "created_at");
		Map<String, Object> shown = this.client.get()
			.uri("/api/activities/" + uuid)
			.exchange()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(shown).containsEntry("replies_count", 1);
		assertThat((List<?>) shown.get("replies")).hasSize(1);
	}

	@Test
	void replyToUnknownActivityIs404() {
		this.client.post()
			.uri("/api/activities/00000000-0000-0000-0000-000000000000/reply")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "hello?"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"message": "hi", "ttl": "2-weeks"}        | ttl_blank
			{"message": "hi"}                          | ttl_blank
			{"message": "", "ttl": "7-days"}           | message_blank
			{"message": "   ", "ttl": "7-days"}        | message_blank
			{"ttl": "7-days"}                          | message_blank
			{"message": "", "ttl": "nope"}             | message_blank
			""")
	void createActivityValidation(String body, String code) {
		expectErrors(postRaw("/api/activities", body), code);
	}

	@Test
	void createActivityOver280CharactersIs422ButExactly280Passes() {
		expectErrors(postRaw("/api/activities", "{\"message\": \"" + "x".repeat(281) + "\", \"ttl\": \"1-hour\"}"),
				"message_exceed_max_chars");
		// 280 emoji are 560 UTF-16 units but 280 characters, as Python counts them.
		postRaw("/api/activities", "{\"message\": \"" + "\uD83D\uDE00".repeat(280) + "\", \"ttl\": \"1-hour\"}")
			.expectStatus()
			.isOk();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"message": ""}     | message_blank
			{}                  | message_blank
			""")
	void replyValidation(String body, String code) {
		expectErrors(postRaw("/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply", body), code);
	}

	@Test
	void replyOver1024CharactersIs422() {
		expectErrors(postRaw("/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply",
				"{\"message\": \"" + "y".repeat(1025) + "\"}"), "message_exceed_max_chars");
	}

	@Test
	void messageGroupsAndConversation() {
		List<Map<String, Object>> groups = getArray("/api/message_groups");
		assertThat(groups).extracting((group) -> group.get("uuid"))
			.contains("24b95582-9e7b-4e0a-9ad1-639773ab7552", "417c360e-c4e6-4fce-873b-d2d71469b4ac");
		assertThat(groups)
			.allSatisfy((group) -> assertThat(group).containsKeys("display_name", "handle", "created_at"));
		List<Map<String, Object>> conversation = getArray("/api/messages/@worf");
		assertThat(conversation).extracting((message) -> message.get("message"))
			.containsSubsequence("Cloud is fun!", "This platform is great!");
		assertThat(conversation).allSatisfy((message) -> assertThat(message).containsKeys("uuid", "display_name",
				"handle", "message", "created_at"));
		// Every seeded group opens a conversation with messages, as backend-flask's mock
		// did for any handle.
		for (Map<String, Object> group : groups) {
			assertThat(getArray("/api/messages/@" + group.get("handle"))).as("conversation of " + group.get("handle"))
				.extracting((message) -> message.get("message"))
				.containsSubsequence("Cloud is fun!", "This platform is great!");
		}
	}

	@Test
	void sentMessageAppearsInItsConversationAndGroups() {
		String handle = "garek";
		Map<String, Object> sent = post("/api/messages",
				Map.of("user_receiver_handle", handle, "message", "Tea, Earl Grey"));
		assertThat(sent).containsEntry("message", "Tea, Earl Grey").containsEntry("handle", "andrewbrown");
		List<Map<String, Object>> conversation = getArray("/api/messages/@" + handle);
		assertThat(conversation.get(conversation.size() - 1)).containsEntry("uuid", sent.get("uuid"));
		assertThat(getArray("/api/message_groups").get(0)).containsEntry("handle", handle)
			.containsEntry("display_name", "Garek")
			.containsEntry("message", "Tea, Earl Grey");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"user_receiver_handle": "", "message": "hi"}      | user_reciever_handle_blank
			{"message": "hi"}                                  | user_reciever_handle_blank
			{"user_receiver_handle": "worf", "message": ""}    | message_blank
			{"user_receiver_handle": "", "message": ""}        | message_blank
			{"user_receiver_handle": "wo rf", "message": "hi"} | user_reciever_handle_invalid
			{"user_receiver_handle": "w\u00f6rf", "message": "hi"} | user_reciever_handle_invalid
			{"user_receiver_handle": "wo rf", "message": ""}   | message_blank
			""")
	void sendMessageValidation(String body, String code) {
		expectErrors(postRaw("/api/messages", body), code);
	}

	@ParameterizedTest
	@ValueSource(ints = { 65, 60_000 })
	void receiverHandleOver64CharactersIs422AndNothingStored(int length) {
		int groups = getArray("/api/message_groups").size();
		expectErrors(
				postRaw("/api/messages",
						"{\"user_receiver_handle\": \"" + "h".repeat(length) + "\", \"message\": \"hi\"}"),
				"user_reciever_handle_invalid");
		assertThat(getArray("/api/message_groups")).hasSize(groups);
		assertThat(getArray("/api/messages/@" + "h".repeat(65))).isEmpty();
	}

	@Test
	void lookAlikeHandlesAreOneConversation() {
		String text = "fullwidth " + System.nanoTime();
		Map<String, Object> sent = post("/api/messages",
				Map.of("user_receiver_handle", "\uFF37\uFF4F\uFF52\uFF46", "message", text));
		List<Map<String, Object>> conversation = getArray("/api/messages/@worf");
		assertThat(conversation.get(conversation.size() - 1)).containsEntry("uuid", sent.get("uuid"));
		assertThat(getArray("/api/messages/@Worf")).isEqualTo(conversation);
		assertThat(getArray("/api/message_groups").get(0)).containsEntry("handle", "worf")
			.containsEntry("display_name", "Worf")
			.containsEntry("message", text);
	}

	@Test
	void messageOver1024CharactersIs422() {
		expectErrors(
				postRaw("/api/messages",
						"{\"user_receiver_handle\": \"worf\", \"message\": \"" + "z".repeat(1025) + "\"}"),
				"message_exceed_max_chars");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"message\": ", "not json", "[1, 2]",
			"{\"message\": {\"nested\": 1}, \"ttl\": \"1-day\"}", "" })
	void malformedJsonIs400WithAJsonBodyAndNothingStored(String body) {
		int before = getArray("/api/activities/home").size();
		postRaw("/api/activities", body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.trace")
			.doesNotExist();
		assertThat(getArray("/api/activities/home")).hasSize(before);
	}

	@Test
	void wrongContentTypeIs415() {
		this.client.post()
			.uri("/api/activities")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"message\": \"hi\", \"ttl\": \"1-day\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(415);
	}

	@Test
	void bodyOver64KiBIs413AndNothingStored() {
		int before = getArray("/api/activities/home").size();
		String huge = "{\"message\": \"" + "a".repeat(70 * 1024) + "\", \"ttl\": \"1-day\"}";
		postRaw("/api/activities", huge).expectStatus().isEqualTo(413).expectBody().jsonPath("$.status").isEqualTo(413);
		assertThat(getArray("/api/activities/home")).hasSize(before);
	}

	@Test
	void unknownRouteIs404WithJsonAndNoStackTrace() {
		String body = this.client.get()
			.uri("/api/nothing-here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"status\":404").doesNotContain("at org.").doesNotContain("Exception");
	}

	@Test
	void corsPreflightFromTheFrontend() {
		this.client.options()
			.uri("/api/activities")
			.header(HttpHeaders.ORIGIN, "https://frontend.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://frontend.example")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> assertThat(methods).contains("POST"))
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					(headers) -> assertThat(headers).containsIgnoringCase("content-type"))
			.expectBody(Void.class);
	}

	@Test
	void corsPreflightFromAnotherOriginIsRefused() {
		this.client.options()
			.uri("/api/activities")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectBody(Void.class);
	}

	@Test
	void corsPreflightRefusesAMethodFlaskDoesNotAllow() {
		this.client.options()
			.uri("/api/activities")
			.header(HttpHeaders.ORIGIN, "https://frontend.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(Void.class);
	}

	@Test
	void corsActualRequestFromTheBackendOriginExposesHeaders() {
		this.client.get()
			.uri("/api/activities/home")
			.header(HttpHeaders.ORIGIN, "https://backend.example")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://backend.example")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
					(exposed) -> assertThat(exposed.toLowerCase()).contains("location")
						.contains("link")
						.contains("x-amzn-trace-id"))
			.expectBody(Void.class);
	}

	@Test
	void unsupportedMethodIs405WithJson() {
		this.client.method(HttpMethod.DELETE)
			.uri("/api/activities/home")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(405);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/metrics", "/actuator/info" })
	void actuatorIsNotOnTheApiPort(String path) {
		this.client.get().uri(path).exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

	@Test
	void actuatorProbesAndMetricsAreOnTheManagementPort() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
		WebTestClient management = management();
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			management.get()
				.uri(probe)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
		management.get()
			.uri("/actuator/metrics/http.server.requests")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		management.get().uri("/api/health-check").exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

	@Test
	void actuatorAnswersWithJackson3AloneNoSecondJackson2Mapper() {
		// Jackson 2 is on the class path (the X-Ray sampler's); Boot would otherwise
		// build an isolated Jackson 2 mapper for the endpoints at every start. Its type
		// is deprecated for removal, hence by name.
		assertThat(this.context.containsBean("jackson2EndpointJsonMapper")).isFalse();
		assertThat(this.context.getBeanNamesForType(ClassUtils
			.resolveClassName("org.springframework.boot.actuate.endpoint.jackson.EndpointJackson2ObjectMapper", null)))
			.isEmpty();
		assertThat(this.context.getBeanNamesForType(com.fasterxml.jackson.databind.ObjectMapper.class)).isEmpty();
		management().get()
			.uri("/actuator/metrics/http.server.requests")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("http.server.requests");
	}

	/** A client of the management port (actuator). */
	private WebTestClient management() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.managementPort).build();
	}

	/** A URI already percent-encoded (a plain string would be encoded again). */
	private java.net.URI encoded(String pathAndQuery) {
		return java.net.URI.create("http://localhost:" + this.port + pathAndQuery);
	}

	private List<Map<String, Object>> getArray(String uri) {
		return this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_ARRAY)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> post(String uri, Map<String, String> body) {
		return this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec postRaw(String uri, String body) {
		return this.client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static void expectErrors(WebTestClient.ResponseSpec response, String... codes) {
		List<String> errors = response.expectStatus()
			.isEqualTo(422)
			.expectBody(new ParameterizedTypeReference<List<String>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(errors).containsExactly(codes);
	}

	private static Map<String, Object> find(List<Map<String, Object>> activities, String uuid) {
		return activities.stream().filter((activity) -> uuid.equals(activity.get("uuid"))).findFirst().orElseThrow();
	}

}
