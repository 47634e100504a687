package org.cruddur.activities;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.cruddur.tracing.Spans;
import org.cruddur.web.NotFoundException;
import org.cruddur.web.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each activity use case in its span, named and tagged as the seed's, over the in-memory
 * store (no application context).
 */
class ActivitiesServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");

	private static final String NOW_TEXT = "2026-11-26T10:00:00.123456+00:00";

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final Spans spans = new Spans(
			new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
			}), Schedulers.immediate());

	private final InMemoryActivityRepository repository = new InMemoryActivityRepository(100);

	private final ActivitiesService service = new ActivitiesService(this.repository, this.spans,
			Clock.fixed(NOW, ZoneOffset.UTC), new StoreProperties(100, 2));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void theHomeFeedIsTheNewestUpToTheFeedLimitInItsSpan() {
		Activity first = save("first", NOW.minusSeconds(30));
		Activity second = save("second", NOW.minusSeconds(20));
		Activity third = save("third", NOW.minusSeconds(10));
		assertThat(this.service.home().block()).containsExactly(third, second);
		SpanData span = onlySpan("home-activities-mock-data");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("app.now"))).isEqualTo(NOW_TEXT);
		assertThat(span.getAttributes().get(AttributeKey.longKey("app.result_length"))).isEqualTo(2L);
		assertThat(first.message()).isEqualTo("first");
	}

	@Test
	void notificationsAreTheSeedsInTheirSpan() {
		List<Activity> notifications = this.service.notifications().block();
		assertThat(notifications).isEqualTo(SeedActivities.notifications(NOW));
		assertThat(onlySpan("notifications-activities").getAttributes().get(AttributeKey.longKey("app.result_length")))
			.isEqualTo((long) notifications.size());
	}

	@Test
	void aUsersFeedReadsItsDataInAMockDataChildSpan() {
		save("mine", NOW.minusSeconds(5));
		assertThat(this.service.userFeed("andrewbrown").block()).extracting(Activity::message).containsExactly("mine");
		List<SpanData> finished = this.exporter.getFinishedSpanItems();
		assertThat(finished).extracting(SpanData::getName).containsExactly("mock-data", "user-activities");
		SpanData data = finished.get(0);
		SpanData feed = finished.get(1);
		assertThat(data.getParentSpanId()).isEqualTo(feed.getSpanId());
		assertThat(feed.getAttributes().get(AttributeKey.stringKey("app.user_handle"))).isEqualTo("andrewbrown");
		for (SpanData span : finished) {
			assertThat(span.getAttributes().get(AttributeKey.stringKey("app.now"))).isEqualTo(NOW_TEXT);
			assertThat(span.getAttributes().get(AttributeKey.longKey("app.result_length"))).isEqualTo(1L);
		}
		assertThatExceptionOfType(ValidationFailedException.class).isThrownBy(() -> this.service.userFeed(" "));
	}

	@Test
	void aSearchIsForTheStrippedTerm() {
		save("cloud bootcamp", NOW.minusSeconds(5));
		save("other", NOW.minusSeconds(4));
		assertThat(this.service.search(" cloud ").block()).extracting(Activity::message)
			.containsExactly("cloud bootcamp");
		assertThat(onlySpan("search-activities").getAttributes().get(AttributeKey.longKey("app.result_length")))
			.isEqualTo(1L);
		assertThatExceptionOfType(ValidationFailedException.class).isThrownBy(() -> this.service.search(""));
	}

	@Test
	void anActivityIsShownOrNotFoundWithoutFailingItsSpan() {
		Activity saved = save("shown", NOW.minusSeconds(5));
		assertThat(this.service.show(saved.uuid()).block()).isEqualTo(saved);
		assertThat(onlySpan("show-activity").getAttributes().get(AttributeKey.stringKey("app.activity_uuid")))
			.isEqualTo(saved.uuid().toString());

		this.exporter.reset();
		UUID unknown = UUID.randomUUID();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.service.show(unknown).block());
		SpanData span = onlySpan("show-activity");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(NotFoundException.class.getName());
	}

	@Test
	void aCreatedActivityExpiresAfterItsTtlAndIsStored() {
		Activity created = this.service.create("hello", "3-hours").block();
		assertThat(created.handle()).isEqualTo("andrewbrown");
		assertThat(created.message()).isEqualTo("hello");
		assertThat(created.createdAt()).isEqualTo(NOW);
		assertThat(created.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(3)));
		assertThat(this.repository.findById(created.uuid(), NOW)).contains(created);
		assertThat(onlySpan("create-activity").getAttributes().get(AttributeKey.stringKey("app.activity_uuid")))
			.isEqualTo(created.uuid().toString());

		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.service.create("hello", "forever"));
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.service.create("x".repeat(ActivitiesService.MESSAGE_MAX + 1), "1-day"));
		assertThat(this.service.create("x".repeat(ActivitiesService.MESSAGE_MAX), "1-day").block().message())
			.hasSize(ActivitiesService.MESSAGE_MAX);
	}

	@Test
	void aReplyIsAddedToItsActivityOrNotFound() {
		Activity saved = save("thread", NOW.minusSeconds(5));
		Reply reply = this.service.reply(saved.uuid(), "a reply").block();
		assertThat(reply.message()).isEqualTo("a reply");
		assertThat(this.repository.findById(saved.uuid(), NOW).orElseThrow().replies()).containsExactly(reply);
		assertThat(onlySpan("create-reply").getAttributes().get(AttributeKey.stringKey("app.activity_uuid")))
			.isEqualTo(saved.uuid().toString());

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.service.reply(UUID.randomUUID(), "to nothing").block());
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.service.reply(saved.uuid(), "x".repeat(ActivitiesService.REPLY_MAX + 1)));
	}

	private Activity save(String message, Instant createdAt) {
		Activity activity = new Activity(UUID.randomUUID(), "Andrew Brown", "andrewbrown", message, createdAt,
				createdAt.plus(Duration.ofDays(1)), 0, 0, 0, List.of());
		this.repository.save(activity);
		return activity;
	}

	private SpanData onlySpan(String name) {
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(name);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
