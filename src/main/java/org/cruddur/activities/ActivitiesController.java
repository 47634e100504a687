package org.cruddur.activities;

import java.util.List;
import java.util.UUID;

import org.cruddur.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

	@GetMapping("/{activity_uuid}")
	public Mono<Activity> show(@PathVariable("activity_uuid") String activityUuid) {
		return this.activities.show(parseUuid(activityUuid));
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

	/** The body of {@code POST /api/activities}. */
	public record NewActivity(String message, String ttl) {
	}

	/** The body of {@code POST /api/activities/{activity_uuid}/reply}. */
	public record NewReply(String message) {
	}

}
