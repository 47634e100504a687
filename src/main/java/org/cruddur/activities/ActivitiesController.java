package org.cruddur.activities;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cruddur.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/** The {@code /api/activities} routes of backend-flask. */
@RestController
@RequestMapping(path = "/api/activities", produces = MediaType.APPLICATION_JSON_VALUE)
public class ActivitiesController {

	private final ActivitiesService activities;

	public ActivitiesController(ActivitiesService activities) {
		this.activities = activities;
	}

	@GetMapping("/home")
	public Mono<List<Activity>> home() {
		return this.activities.home();
	}

	@GetMapping("/notifications")
	public Mono<List<Activity>> notifications() {
		return this.activities.notifications();
	}

	@GetMapping("/@{handle}")
	public Mono<List<Activity>> userFeed(@PathVariable String handle) {
		return this.activities.userFeed(handle);
	}

	@GetMapping("/search")
	public Mono<List<Activity>> search(@RequestParam(required = false) String term) {
		return this.activities.search(term);
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Activity> create(@RequestBody NewActivity body) {
		return this.activities.create(body.message(), body.ttl());
	}

	/**
	 * {@code /api/activities/@} names no user, and the {@code @{handle}} pattern does not
	 * match an empty handle.
	 */
	@GetMapping("/@")
	public Mono<List<Activity>> userFeedWithoutHandle() {
		return this.activities.userFeed("");
	}

	/**
	 * The activity with a page of its replies, oldest first; a {@code Link} header with
	 * {@code rel="next"} names the next page while there is one.
	 */
	@GetMapping("/{activity_uuid}")
	public Mono<ResponseEntity<Activity>> show(@PathVariable("activity_uuid") String activityUuid,
			@RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
		UUID uuid = parseUuid(activityUuid);
		UUID afterReply = (after != null) ? parseCursor(after) : null;
		return this.activities.show(uuid, afterReply, limit).map((page) -> {
			ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
			if (page.nextAfter() != null) {
				String next = UriComponentsBuilder.fromPath("/api/activities/{uuid}")
					.queryParam("after", page.nextAfter())
					.queryParamIfPresent("limit", Optional.ofNullable(limit))
					.buildAndExpand(uuid)
					.toUriString();
				ok.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
			}
			return ok.body(page.activity());
		});
	}

	@PostMapping(path = "/{activity_uuid}/reply", consumes = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Reply> reply(@PathVariable("activity_uuid") String activityUuid, @RequestBody NewReply body) {
		UUID uuid = parseUuid(activityUuid);
		return this.activities.reply(uuid, body.message());
	}

	private static UUID parseUuid(String value) {
		try {
			if (value.length() == 36) {
				return UUID.fromString(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// not a UUID: no such activity
		}
		throw new NotFoundException("activity not found");
	}

	private static UUID parseCursor(String value) {
		try {
			if (value.length() == 36) {
				return UUID.fromString(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// not a UUID
		}
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "after must be a reply uuid");
	}

	/** The body of {@code POST /api/activities}. */
	public record NewActivity(String message, String ttl) {
	}

	/** The body of {@code POST /api/activities/{activity_uuid}/reply}. */
	public record NewReply(String message) {
	}

}
