package org.cruddur.activities;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.cruddur.tracing.Spans;
import org.cruddur.web.AnswerLimits;
import org.cruddur.web.NotFoundException;
import org.cruddur.web.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each activity use case in its span, named and tagged as the seed's, over the in-memory
 * store and within the answer limits (no application context).
 */
class ActivitiesServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");

	private static final String NOW_TEXT = "2026-11-26T10:00:00.123456+00:00";

	/** Two items per answer, one embedded reply per crud, the smallest byte limit. */
	private static final AnswerLimits LIMITS = new AnswerLimits(2, AnswerLimits.MIN_BYTES, 1);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final Spans spans = new Spans(this.provider.get("test"), Schedulers.immediate());

	private final InMemoryActivityRepository repository = new InMemoryActivityRepository(10_000, 100_000_000);

	private final ActivitiesService service = service(LIMITS);

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void theHomeFeedIsTheNewestUpToTheItemLimitEachWithItsNewestRepliesInItsSpan() {
		save("first", NOW.minusSeconds(30));
		Activity second = save("second", NOW.minusSeconds(20));
		Activity third = withReplies(save("third", NOW.minusSeconds(10)), 3);
		List<Activity> home = this.service.home().block();
		assertThat(home).extracting(Activity::message).containsExactly("third", "second");
		assertThat(home.get(0).replies()).as("the newest reply only").containsExactly(third.replies().get(2));
		assertThat(home.get(0).repliesCount()).isEqualTo(3);
		assertThat(home.get(1)).isEqualTo(second);
		SpanData span = onlySpan("home-activities-mock-data");
		assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo(NOW_TEXT);
		assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(2L);
	}

	@Test
	void aFeedStopsAtTheByteLimit() {
		ActivitiesService roomy = service(new AnswerLimits(10_000, AnswerLimits.MIN_BYTES, 3));
		List<String> newestFirst = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String message = String.format("%03d", i) + "x".repeat(ActivitiesService.MESSAGE_MAX - 3);
			save(message, NOW.minusSeconds(1000 - i));
			newestFirst.add(0, message);
		}
		List<Activity> home = roomy.home().block();
		// Equal sizes: "[" + n items + (n - 1) commas + "]" within the limit.
		int fitting = (int) ((AnswerLimits.MIN_BYTES.toBytes() - 1)
				/ (ActivityJson.size(this.repository.findNewest(NOW, 1).get(0)) + 1));
		assertThat(home).extracting(Activity::message).containsExactlyElementsOf(newestFirst.subList(0, fitting));
		assertThat(fitting).isBetween(100, 200);
	}

	@Test
	void notificationsAreTheSeedsInTheirSpan() {
		List<Activity> notifications = this.service.notifications().block();
		assertThat(notifications).isEqualTo(SeedActivities.notifications(NOW));
		SpanData span = onlySpan("notifications-activities");
		assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(1L);
		assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo(NOW_TEXT);
	}

	@Test
	void aUsersFeedReadsItsDataInAMockDataChildSpan() {
		save("mine", NOW.minusSeconds(5));
		saveBy("worf", "not mine", NOW.minusSeconds(4));
		assertThat(this.service.userFeed("andrewbrown").block()).extracting(Activity::message).containsExactly("mine");
		List<SpanData> finished = this.exporter.getFinishedSpanItems();
		assertThat(finished).extracting(SpanData::getName).containsExactly("mock-data", "user-activities");
		SpanData data = finished.get(0);
		SpanData feed = finished.get(1);
		assertThat(data.getParentSpanId()).isEqualTo(feed.getSpanId());
		assertThat(feed.getAttributes().get(AttributeKey.stringKey("app.user_handle"))).isEqualTo("andrewbrown");
		for (SpanData span : finished) {
			assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo(NOW_TEXT);
			assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(1L);
		}
		assertThat(codes(() -> this.service.userFeed(" "))).containsExactly("blank_user_handle");
		assertThat(codes(() -> this.service.userFeed(null))).containsExactly("blank_user_handle");
	}

	@Test
	void aSearchIsForTheStrippedTermUpToTheItemLimit() {
		save("cloud one", NOW.minusSeconds(6));
		save("cloud two", NOW.minusSeconds(5));
		save("cloud three", NOW.minusSeconds(4));
		save("other", NOW.minusSeconds(3));
		assertThat(this.service.search(" cloud ").block()).extracting(Activity::message)
			.containsExactly("cloud three", "cloud two");
		SpanData span = onlySpan("search-activities");
		assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(2L);
		assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo(NOW_TEXT);
		assertThat(codes(() -> this.service.search(""))).containsExactly("search_term_blank");
	}

	@Test
	void anActivityIsShownWithAPageOfItsRepliesClampedToTheItemLimit() {
		Activity saved = withReplies(save("shown", NOW.minusSeconds(5)), 3);
		List<Reply> replies = saved.replies();

		RepliesPage unlimited = this.service.show(saved.uuid(), null, null).block();
		assertThat(unlimited.activity().replies()).containsExactly(replies.get(0), replies.get(1));
		assertThat(unlimited.nextAfter()).isEqualTo(replies.get(1).uuid());
		assertThat(this.service.show(saved.uuid(), null, 5).block().activity().replies()).as("at most the limit")
			.containsExactly(replies.get(0), replies.get(1));
		assertThat(this.service.show(saved.uuid(), null, 0).block().activity().replies()).as("at least one")
			.containsExactly(replies.get(0));
		assertThat(this.service.show(saved.uuid(), null, 1).block().activity().replies())
			.containsExactly(replies.get(0));
		RepliesPage last = this.service.show(saved.uuid(), replies.get(1).uuid(), 2).block();
		assertThat(last.activity().replies()).containsExactly(replies.get(2));
		assertThat(last.nextAfter()).isNull();
		assertThat(last.activity().repliesCount()).isEqualTo(3);

		assertThat(this.exporter.getFinishedSpanItems()).hasSize(5).allSatisfy((span) -> {
			assertThat(span.getName()).isEqualTo("show-activity");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("app.activity_uuid")))
				.isEqualTo(saved.uuid().toString());
		});
	}

	@Test
	void anUnknownActivityIsNotFoundWithoutFailingItsSpan() {
		UUID unknown = UUID.randomUUID();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.service.show(unknown, null, null).block());
		SpanData span = onlySpan("show-activity");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).as("no exception event").isEmpty();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(NotFoundException.class.getName());
		assertThat(span.getAttributes().get(AttributeKey.stringKey("app.activity_uuid"))).isEqualTo(unknown.toString());
	}

	@Test
	void aCreatedActivityExpiresAfterItsTtlAndIsStored() {
		Activity created = this.service.create("hello", "3-hours").block();
		assertThat(created.handle()).isEqualTo("andrewbrown");
		assertThat(created.displayName()).isEqualTo("Andrew Brown");
		assertThat(created.message()).isEqualTo("hello");
		assertThat(created.createdAt()).isEqualTo(NOW);
		assertThat(created.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(3)));
		assertThat(created.replies()).isEmpty();
		assertThat(this.repository.findById(created.uuid(), NOW)).contains(created);
		assertThat(onlySpan("create-activity").getAttributes().get(AttributeKey.stringKey("app.activity_uuid")))
			.isEqualTo(created.uuid().toString());

		assertThat(codes(() -> this.service.create("hello", "forever"))).containsExactly("ttl_blank");
		assertThat(codes(() -> this.service.create(" ", "forever"))).as("the last failure is answered")
			.containsExactly("message_blank");
		assertThat(codes(() -> this.service.create("x".repeat(ActivitiesService.MESSAGE_MAX + 1), "1-day")))
			.containsExactly("message_exceed_max_chars");
		assertThat(this.service.create("x".repeat(ActivitiesService.MESSAGE_MAX), "1-day").block().message())
			.hasSize(ActivitiesService.MESSAGE_MAX);
	}

	@Test
	void aReplyIsAddedToItsActivityOrNotFound() {
		Activity saved = save("thread", NOW.minusSeconds(5));
		Reply reply = this.service.reply(saved.uuid(), "a reply").block();
		assertThat(reply)
			.isEqualTo(new Reply(reply.uuid(), saved.uuid(), "Andrew Brown", "andrewbrown", "a reply", 0, 0, 0, NOW));
		assertThat(this.repository.findById(saved.uuid(), NOW).orElseThrow().replies()).containsExactly(reply);
		assertThat(onlySpan("create-reply").getAttributes().get(AttributeKey.stringKey("app.activity_uuid")))
			.isEqualTo(saved.uuid().toString());

		this.exporter.reset();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.service.reply(UUID.randomUUID(), "to nothing").block());
		SpanData notFound = onlySpan("create-reply");
		assertThat(notFound.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(notFound.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(NotFoundException.class.getName());
		assertThat(codes(() -> this.service.reply(saved.uuid(), "x".repeat(ActivitiesService.REPLY_MAX + 1))))
			.containsExactly("message_exceed_max_chars");
		assertThat(codes(() -> this.service.reply(saved.uuid(), ""))).containsExactly("message_blank");
		assertThat(this.service.reply(saved.uuid(), "x".repeat(ActivitiesService.REPLY_MAX)).block().message())
			.hasSize(ActivitiesService.REPLY_MAX);
	}

	private ActivitiesService service(AnswerLimits limits) {
		return new ActivitiesService(this.repository, this.spans, Clock.fixed(NOW, ZoneOffset.UTC), limits);
	}

	private Activity save(String message, Instant createdAt) {
		return saveBy("andrewbrown", message, createdAt);
	}

	private Activity saveBy(String handle, String message, Instant createdAt) {
		Activity activity = new Activity(UUID.randomUUID(), handle, handle, message, createdAt,
				createdAt.plus(Duration.ofDays(1)), 0, 0, 0, List.of());
		this.repository.save(activity);
		return activity;
	}

	/**
	 * Adds {@code count} replies, oldest first, and returns the activity holding them.
	 */
	private Activity withReplies(Activity activity, int count) {
		for (int i = 0; i < count; i++) {
			Reply reply = new Reply(UUID.randomUUID(), activity.uuid(), "Worf", "worf", "reply " + i, 0, 0, 0,
					activity.createdAt().plusSeconds(i + 1));
			this.repository.addReply(activity.uuid(), reply, NOW);
		}
		return this.repository.findById(activity.uuid(), NOW).orElseThrow();
	}

	private static List<String> codes(Runnable call) {
		try {
			call.run();
		}
		catch (ValidationFailedException ex) {
			return ex.codes();
		}
		throw new AssertionError("no ValidationFailedException");
	}

	private SpanData onlySpan(String name) {
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(name);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
