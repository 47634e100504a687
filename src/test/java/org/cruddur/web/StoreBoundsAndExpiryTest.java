package org.cruddur.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cruddur.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the API: posts expire with their ttl, and the store holds at most its cap
 * (CRUDDUR_STORE_MAX_ITEMS).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "CRUDDUR_STORE_MAX_ITEMS=6")
@AutoConfigureWebTestClient
@Import(MutableClock.InPlaceOfTheSystemClock.class)
@DirtiesContext
class StoreBoundsAndExpiryTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
	};

	@Autowired
	WebTestClient client;

	@Autowired
	MutableClock clock;

	@Test
	void aOneHourCrudDisappearsAfterAnHour() {
		String uuid = post("expiring soon", "1-hour");
		assertThat(uuids("/api/activities/home")).contains(uuid);
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(uuids("/api/activities/home")).doesNotContain(uuid);
		assertThat(uuids("/api/activities/@andrewbrown")).doesNotContain(uuid);
		assertThat(uuids("/api/activities/search?term=expiring")).isEmpty();
		this.client.get().uri("/api/activities/" + uuid).exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

	@Test
	void theStoreKeepsAtMostItsCapOldestEvictedFirst() {
		String first = post("cap 0", "30-days");
		for (int i = 1; i < 10; i++) {
			post("cap " + i, "30-days");
		}
		List<String> home = uuids("/api/activities/home");
		assertThat(home).hasSizeLessThanOrEqualTo(6).doesNotContain(first);
		assertThat(messages("/api/activities/home")).startsWith("cap 9", "cap 8");
	}

	private String post(String message, String ttl) {
		Map<?, ?> created = this.client.post()
			.uri("/api/activities")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", message, "ttl", ttl))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) created.get("uuid");
	}

	private List<String> uuids(String uri) {
		return read(uri).stream().map((activity) -> (String) activity.get("uuid")).toList();
	}

	private List<String> messages(String uri) {
		return read(uri).stream().map((activity) -> (String) activity.get("message")).toList();
	}

	private List<Map<String, Object>> read(String uri) {
		return this.client.get().uri(uri).exchange().expectBody(JSON_ARRAY).returnResult().getResponseBody();
	}

}
