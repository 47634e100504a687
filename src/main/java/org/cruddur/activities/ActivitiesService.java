package org.cruddur.activities;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.Spans;
import org.cruddur.users.Users;
import org.cruddur.web.Checks;
import org.cruddur.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The activity use cases of backend-flask's {@code services/}, each in its own span. The
 * repository is blocking, so the work runs on a worker scheduler; the spans stay children
 * of the request's span across that thread hop.
 */
@Service
public class ActivitiesService {

	private static final Log logger = LogFactory.getLog(ActivitiesService.class);

	static final int MESSAGE_MAX = 280;

	static final int REPLY_MAX = 1024;

	private final ActivityRepository repository;

	private final Spans spans;

	private final Clock clock;

	private final int feedLimit;

	public ActivitiesService(ActivityRepository repository, Spans spans, Clock clock, StoreProperties properties) {
		this.repository = repository;
		this.spans = spans;
		this.clock = clock;
		this.feedLimit = properties.feedLimit();
	}

	public Mono<List<Activity>> home() {
		return this.spans.blocking(() -> this.spans.inSpan("home-activities-mock-data", (span) -> {
			Instant now = this.clock.instant();
			List<Activity> results = this.repository.findNewest(now, this.feedLimit);
			Spans.tagResults(span, Timestamps.format(now), results.size());
			return results;
		}));
	}

	public Mono<List<Activity>> notifications() {
		return this.spans.blocking(() -> this.spans.inSpan("notifications-activities", (span) -> {
			Instant now = this.clock.instant();
			List<Activity> results = SeedActivities.notifications(now);
			Spans.tagResults(span, Timestamps.format(now), results.size());
			return results;
		}));
	}

	public Mono<List<Activity>> userFeed(String handle) {
		new Checks().requireText(handle, "blank_user_handle").orThrow();
		return this.spans.blocking(() -> this.spans.inSpan("user-activities", (span) -> {
			span.tag("app.user_handle", handle);
			// The seed's X-Ray code wrapped the data read in a "mock-data" subsegment:
			// keep it as a span.
			return this.spans.inSpan("mock-data", (dataSpan) -> {
				Instant now = this.clock.instant();
				List<Activity> results = this.repository.findByHandle(handle, now, this.feedLimit);
				Spans.tagResults(dataSpan, Timestamps.format(now), results.size());
				Spans.tagResults(span, Timestamps.format(now), results.size());
				return results;
			});
		}));
	}

	public Mono<List<Activity>> search(String term) {
		new Checks().requireText(term, "search_term_blank").orThrow();
		return this.spans.blocking(() -> this.spans.inSpan("search-activities", (span) -> {
			Instant now = this.clock.instant();
			List<Activity> results = this.repository.search(term.strip(), now, this.feedLimit);
			Spans.tagResults(span, Timestamps.format(now), results.size());
			return results;
		}));
	}

	public Mono<Activity> show(UUID uuid) {
		return this.spans.blocking(() -> this.spans.inSpan("show-activity", (span) -> {
			span.tag("app.activity_uuid", uuid.toString());
			return this.repository.findById(uuid, this.clock.instant())
				.orElseThrow(() -> new NotFoundException("activity not found"));
		}));
	}

	public Mono<Activity> create(String message, String ttlLabel) {
		Checks checks = new Checks();
		Ttl ttl = Ttl.fromLabel(ttlLabel).orElse(null);
		if (ttl == null) {
			checks.fail("ttl_blank");
		}
		checks.requireText(message, MESSAGE_MAX, "message_blank", "message_exceed_max_chars").orThrow();
		return this.spans.blocking(() -> this.spans.inSpan("create-activity", (span) -> {
			Instant now = this.clock.instant();
			String handle = Users.CURRENT_HANDLE;
			Activity activity = new Activity(UUID.randomUUID(), Users.displayName(handle), handle, message, now,
					now.plus(ttl.duration()), 0, 0, 0, List.of());
			this.repository.save(activity);
			span.tag("app.activity_uuid", activity.uuid().toString());
			logger.info("Created activity " + activity.uuid() + " by " + handle + " expiring " + activity.expiresAt());
			return activity;
		}));
	}

	public Mono<Reply> reply(UUID activityUuid, String message) {
		new Checks().requireText(message, REPLY_MAX, "message_blank", "message_exceed_max_chars").orThrow();
		return this.spans.blocking(() -> this.spans.inSpan("create-reply", (span) -> {
			Instant now = this.clock.instant();
			String handle = Users.CURRENT_HANDLE;
			Reply reply = new Reply(UUID.randomUUID(), activityUuid, Users.displayName(handle), handle, message, 0, 0,
					0, now);
			span.tag("app.activity_uuid", activityUuid.toString());
			this.repository.addReply(activityUuid, reply, now)
				.orElseThrow(() -> new NotFoundException("activity not found"));
			return reply;
		}));
	}

}
