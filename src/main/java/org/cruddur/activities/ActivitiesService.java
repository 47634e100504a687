package org.cruddur.activities;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.Spans;
import org.cruddur.users.Users;
import org.cruddur.web.AnswerLimits;
import org.cruddur.web.Checks;
import org.cruddur.web.JsonSize;
import org.cruddur.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The activity use cases of backend-flask's {@code services/}, each in its own span, a
 * child of the request's span, on the store scheduler ({@link Spans#onStore}).
 */
@Service
public class ActivitiesService {

	private static final Log logger = LogFactory.getLog(ActivitiesService.class);

	static final int MESSAGE_MAX = 280;

	static final int REPLY_MAX = 1024;

	private final ActivityRepository repository;

	private final Spans spans;

	private final Clock clock;

	private final AnswerLimits limits;

	public ActivitiesService(ActivityRepository repository, Spans spans, Clock clock, AnswerLimits limits) {
		this.repository = repository;
		this.spans = spans;
		this.clock = clock;
		this.limits = limits;
	}

	public Mono<List<Activity>> home() {
		return this.spans.onStore(() -> this.spans.inSpan("home-activities-mock-data", (span) -> {
			Instant now = this.clock.instant();
			List<Activity> results = feed(this.repository.findNewest(now, this.limits.maxItems()));
			Spans.tagResults(span, Timestamps.format(now), results.size());
			return results;
		}));
	}

	public Mono<List<Activity>> notifications() {
		return this.spans.onStore(() -> this.spans.inSpan("notifications-activities", (span) -> {
			Instant now = this.clock.instant();
			List<Activity> results = feed(SeedActivities.notifications(now));
			Spans.tagResults(span, Timestamps.format(now), results.size());
			return results;
		}));
	}

	public Mono<List<Activity>> userFeed(String handle) {
		new Checks().requireText(handle, "blank_user_handle").orThrow();
		return this.spans.onStore(() -> this.spans.inSpan("user-activities", (span) -> {
			span.setAttribute(Spans.USER_HANDLE, handle);
			// The seed's X-Ray code wrapped the data read in a "mock-data" subsegment:
			// keep it as a span.
			return this.spans.inSpan("mock-data", (dataSpan) -> {
				Instant now = this.clock.instant();
				List<Activity> results = feed(this.repository.findByHandle(handle, now, this.limits.maxItems()));
				Spans.tagResults(dataSpan, Timestamps.format(now), results.size());
				Spans.tagResults(span, Timestamps.format(now), results.size());
				return results;
			});
		}));
	}

	public Mono<List<Activity>> search(String term) {
		new Checks().requireText(term, "search_term_blank").orThrow();
		return this.spans.onStore(() -> this.spans.inSpan("search-activities", (span) -> {
			Instant now = this.clock.instant();
			List<Activity> results = feed(this.repository.search(term.strip(), now, this.limits.maxItems()));
			Spans.tagResults(span, Timestamps.format(now), results.size());
			return results;
		}));
	}

	/**
	 * The activity with a page of its replies, oldest first: those after the reply
	 * {@code after} (null: from the first), at most {@code limit} (null: the answer
	 * limit; clamped to 1 .. the answer limit).
	 */
	public Mono<RepliesPage> show(UUID uuid, UUID after, Integer limit) {
		int pageSize = Math.max(1, Math.min((limit != null) ? limit : Integer.MAX_VALUE, this.limits.maxItems()));
		return this.spans.onStore(() -> this.spans.inSpan("show-activity", (span) -> {
			span.setAttribute(Spans.ACTIVITY_UUID, uuid.toString());
			Activity activity = this.repository.findById(uuid, this.clock.instant())
				.orElseThrow(() -> new NotFoundException("activity not found"));
			return RepliesPage.of(activity, after, pageSize, this.limits.maxByteCount());
		}));
	}

	public Mono<Activity> create(String message, String ttlLabel) {
		Checks checks = new Checks();
		Ttl ttl = Ttl.fromLabel(ttlLabel).orElse(null);
		if (ttl == null) {
			checks.fail("ttl_blank");
		}
		checks.requireText(message, MESSAGE_MAX, "message_blank", "message_exceed_max_chars").orThrow();
		return this.spans.onStore(() -> this.spans.inSpan("create-activity", (span) -> {
			Instant now = this.clock.instant();
			String handle = Users.CURRENT_HANDLE;
			Activity activity = new Activity(UUID.randomUUID(), Users.displayName(handle), handle, message, now,
					now.plus(ttl.duration()), 0, 0, 0, List.of());
			this.repository.save(activity);
			span.setAttribute(Spans.ACTIVITY_UUID, activity.uuid().toString());
			if (logger.isDebugEnabled()) {
				// Guarded: otherwise every POST formats a UUID and a timestamp.
				logger.debug(
						"Created activity " + activity.uuid() + " by " + handle + " expiring " + activity.expiresAt());
			}
			return activity;
		}));
	}

	/**
	 * The newest activities that fit the answer limits, each with its newest replies
	 * only.
	 */
	private List<Activity> feed(List<Activity> newestFirst) {
		List<Activity> shaped = newestFirst.stream()
			.map((activity) -> activity.withNewestReplies(this.limits.repliesPerCrud()))
			.toList();
		return JsonSize.fittingPrefix(shaped, ActivityJson::size, this.limits.maxByteCount());
	}

	public Mono<Reply> reply(UUID activityUuid, String message) {
		new Checks().requireText(message, REPLY_MAX, "message_blank", "message_exceed_max_chars").orThrow();
		return this.spans.onStore(() -> this.spans.inSpan("create-reply", (span) -> {
			Instant now = this.clock.instant();
			String handle = Users.CURRENT_HANDLE;
			Reply reply = new Reply(UUID.randomUUID(), activityUuid, Users.displayName(handle), handle, message, 0, 0,
					0, now);
			span.setAttribute(Spans.ACTIVITY_UUID, activityUuid.toString());
			this.repository.addReply(activityUuid, reply, now)
				.orElseThrow(() -> new NotFoundException("activity not found"));
			return reply;
		}));
	}

}
