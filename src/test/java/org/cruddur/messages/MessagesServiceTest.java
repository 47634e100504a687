package org.cruddur.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.cruddur.tracing.Spans;
import org.cruddur.web.AnswerLimits;
import org.cruddur.web.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each message use case in its span, over the in-memory store and within the answer
 * limits (no application context).
 */
class MessagesServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

	private static final String NOW_TEXT = "2026-11-26T10:00:00.000000+00:00";

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final InMemoryMessageRepository repository = new InMemoryMessageRepository(10_000, 100_000_000);

	/** Two items per answer, the smallest byte limit. */
	private final MessagesService service = service(new AnswerLimits(2, AnswerLimits.MIN_BYTES, 3));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void aSentMessageIsStoredInTheCanonicalReceiversConversation() {
		Message sent = this.service.send(" Worf ", "hello").block();
		assertThat(sent).isEqualTo(new Message(sent.uuid(), "Andrew Brown", "andrewbrown", "hello", NOW));
		assertThat(this.repository.conversation("worf", 10)).containsExactly(sent);
		assertThat(onlySpan("create-message").getAttributes().get(AttributeKey.stringKey("app.user_handle")))
			.isEqualTo("worf");

		assertThat(codes(() -> this.service.send(" ", "hello"))).containsExactly("user_reciever_handle_blank");
		assertThat(codes(() -> this.service.send(null, "hello"))).containsExactly("user_reciever_handle_blank");
		assertThat(codes(() -> this.service.send("no spaces allowed", "hello")))
			.containsExactly("user_reciever_handle_invalid");
		assertThat(codes(() -> this.service.send("no spaces allowed", " "))).as("the last failure is answered")
			.containsExactly("message_blank");
		assertThat(codes(() -> this.service.send("worf", "x".repeat(MessagesService.MESSAGE_MAX + 1))))
			.containsExactly("message_exceed_max_chars");
		assertThat(this.service.send("worf", "x".repeat(MessagesService.MESSAGE_MAX)).block().message())
			.hasSize(MessagesService.MESSAGE_MAX);
	}

	@Test
	void groupsAreTheMostRecentUpToTheItemLimitInTheirSpan() {
		save("worf", "hi worf");
		save("garek", "hi garek");
		save("coco", "hi coco");
		List<MessageGroup> groups = this.service.groups().block();
		assertThat(groups).extracting(MessageGroup::handle).containsExactly("coco", "garek");
		assertThat(groups.get(0).message()).isEqualTo("hi coco");
		SpanData span = onlySpan("message-groups");
		assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(2L);
		assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo(NOW_TEXT);
	}

	@Test
	void aConversationIsItsNewestMessagesOldestFirstInItsSpan() {
		save("worf", "one");
		save("worf", "two");
		save("worf", "three");
		save("garek", "elsewhere");
		assertThat(this.service.conversation(" WORF ").block()).extracting(Message::message)
			.containsExactly("two", "three");
		SpanData span = onlySpan("messages");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("app.user_handle"))).isEqualTo("worf");
		assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(2L);
		assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo(NOW_TEXT);

		this.exporter.reset();
		assertThat(this.service.conversation("not a handle").block()).isEmpty();
		SpanData invalid = onlySpan("messages");
		assertThat(invalid.getAttributes().get(AttributeKey.stringKey("app.user_handle"))).isEmpty();
		assertThat(invalid.getAttributes().get(Spans.RESULT_LENGTH)).isZero();
	}

	@Test
	void answersStopAtTheByteLimitKeepingTheNewest() {
		MessagesService roomy = service(new AnswerLimits(10_000, AnswerLimits.MIN_BYTES, 3));
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String text = String.format("%03d", i) + "x".repeat(MessagesService.MESSAGE_MAX - 3);
			save("worf", text);
			save(String.format("h%03d", i), text);
			written.add(text);
		}
		List<String> conversation = roomy.conversation("worf").block().stream().map(Message::message).toList();
		assertThat(conversation).isNotEmpty().hasSizeLessThan(100);
		assertThat(conversation).as("the newest, oldest first")
			.containsExactlyElementsOf(written.subList(written.size() - conversation.size(), written.size()));
		List<MessageGroup> groups = roomy.groups().block();
		assertThat(groups).isNotEmpty().hasSizeLessThan(100);
		List<String> mostRecentFirst = new ArrayList<>(List.of("h299", "worf"));
		for (int i = 298; mostRecentFirst.size() < groups.size(); i--) {
			mostRecentFirst.add(String.format("h%03d", i));
		}
		assertThat(groups).extracting(MessageGroup::handle).containsExactlyElementsOf(mostRecentFirst);
	}

	private MessagesService service(AnswerLimits limits) {
		return new MessagesService(this.repository, new Spans(this.provider.get("test"), Schedulers.immediate()),
				Clock.fixed(NOW, ZoneOffset.UTC), limits);
	}

	private void save(String conversation, String text) {
		this.repository.save(conversation, new Message(UUID.randomUUID(), "Andrew Brown", "andrewbrown", text, NOW));
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
