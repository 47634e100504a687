package org.cruddur.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cruddur.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users post the worst content the validation lets through (every character a control
 * character, six bytes of JSON each), as much of it as the store holds: no answer exceeds
 * CRUDDUR_ANSWER_MAX_BYTES (256 KiB by default), feeds embed the newest replies with an
 * exact replies_count, and every reply can still be read, page by page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "CRUDDUR_ANSWER_MAX_BYTES=256KB")
@Import(MutableClock.InPlaceOfTheSystemClock.class)
class AnswerBoundsTest {

	private static final int MAX_BYTES = 256 * 1024;

	/** Six bytes of JSON per character: {@code \u0001}. */
	private static final String WORST = "\u0001";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/** Reads answers of any size, so that an oversized one is measured, not refused. */
	WebTestClient client;

	@BeforeEach
	void bigBufferClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	@Test
	void feedsStayWithinTheLimitAndEmbedTheNewestRepliesWithAnExactCount() {
		List<String> posted = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String uuid = post("/api/activities", Map.of("message", "flood " + i + WORST.repeat(270), "ttl", "1-day"))
				.get("uuid")
				.asString();
			for (int r = 0; r < 5; r++) {
				post("/api/activities/" + uuid + "/reply", Map.of("message", "reply " + r + WORST.repeat(1010)));
			}
			posted.add(uuid);
		}
		for (String feed : List.of("/api/activities/home", "/api/activities/@andrewbrown",
				"/api/activities/search?term=flood")) {
			JsonNode activities = getWithinTheLimit(feed);
			assertThat(activities.size()).as(feed).isGreaterThanOrEqualTo(8).isLessThan(20);
			for (JsonNode activity : activities) {
				assertThat(activity.get("replies_count").isInt()).isTrue();
				assertThat(activity.get("replies").size()).isLessThanOrEqualTo(3);
				if (posted.contains(activity.get("uuid").asString())) {
					assertThat(activity.get("replies_count").intValue()).isEqualTo(5);
					assertThat(activity.get("replies"))
						.extracting((reply) -> reply.get("message").asString().substring(0, 10))
						.containsExactly("reply 2" + WORST.repeat(3), "reply 3" + WORST.repeat(3),
								"reply 4" + WORST.repeat(3));
				}
			}
			// Newest first, and the newest are the ones kept.
			assertThat(activities.get(0).get("uuid").asString()).isEqualTo(posted.get(19));
		}
	}

	@Test
	void anActivityShowsItsRepliesPageByPageWithinTheLimit() {
		String uuid = post("/api/activities", Map.of("message", "thread", "ttl", "1-day")).get("uuid").asString();
		List<String> replies = new ArrayList<>();
		for (int r = 0; r < 60; r++) {
			replies
				.add(post("/api/activities/" + uuid + "/reply", Map.of("message", r + WORST.repeat(1020))).get("uuid")
					.asString());
		}
		assertThat(readAllPages("/api/activities/" + uuid)).isEqualTo(replies);
		List<String> bySeven = readAllPages("/api/activities/" + uuid + "?limit=7");
		assertThat(bySeven).isEqualTo(replies);
	}

	@Test
	void messageGroupsAndConversationsStayWithinTheLimit() {
		List<String> handles = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String handle = String.format("%02d", i) + "h".repeat(62);
			post("/api/messages", Map.of("user_receiver_handle", handle, "message", WORST.repeat(1024)));
			handles.add(handle);
		}
		JsonNode groups = getWithinTheLimit("/api/message_groups");
		assertThat(groups.size()).isGreaterThanOrEqualTo(30).isLessThan(60);
		assertThat(groups.get(0).get("handle").asString()).isEqualTo(handles.get(59));
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			sent.add(post("/api/messages", Map.of("user_receiver_handle", "chatty", "message", i + WORST.repeat(1020)))
				.get("uuid")
				.asString());
		}
		JsonNode conversation = getWithinTheLimit("/api/messages/@chatty");
		assertThat(conversation.size()).isGreaterThanOrEqualTo(30).isLessThan(60);
		List<String> shown = new ArrayList<>();
		conversation.forEach((message) -> shown.add(message.get("uuid").asString()));
		// The newest messages, oldest first.
		assertThat(shown).isEqualTo(sent.subList(60 - shown.size(), 60));
	}

	/** Follows the Link rel="next" headers; every page stays within the limit. */
	private List<String> readAllPages(String first) {
		List<String> uuids = new ArrayList<>();
		String next = first;
		for (int pages = 0; next != null; pages++) {
			assertThat(pages).as("pages").isLessThan(20);
			EntityExchangeResult<byte[]> page = getRaw(next);
			JsonNode activity = JSON.readTree(page.getResponseBody());
			assertThat(activity.get("replies_count").intValue()).isEqualTo(60);
			activity.get("replies").forEach((reply) -> uuids.add(reply.get("uuid").asString()));
			next = nextLink(page.getResponseHeaders().getFirst(HttpHeaders.LINK));
		}
		return uuids;
	}

	private static String nextLink(String link) {
		if (link == null) {
			return null;
		}
		Matcher next = Pattern.compile("^<([^>]+)>; rel=\"next\"$").matcher(link);
		assertThat(next.matches()).as(link).isTrue();
		return next.group(1);
	}

	private JsonNode getWithinTheLimit(String uri) {
		return JSON.readTree(getRaw(uri).getResponseBody());
	}

	private EntityExchangeResult<byte[]> getRaw(String uri) {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + uri))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		byte[] body = result.getResponseBody();
		assertThat(body.length).as("bytes of %s", uri).isLessThanOrEqualTo(MAX_BYTES);
		assertThat(new String(body, 0, 1, StandardCharsets.UTF_8)).isIn("[", "{");
		return result;
	}

	private JsonNode post(String uri, Map<String, String> body) {
		byte[] answer = this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(answer);
	}

}
