package org.cruddur.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.cruddur.tracing.Spans;
import org.cruddur.web.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each message use case in its span, over the in-memory store (no application context).
 */
class MessagesServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final InMemoryMessageRepository repository = new InMemoryMessageRepository(100);

	private final MessagesService service = new MessagesService(this.repository,
			new Spans(new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
			}), Schedulers.immediate()), Clock.fixed(NOW, ZoneOffset.UTC));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void aSentMessageIsStoredInTheReceiversConversation() {
		Message sent = this.service.send(" worf ", "hello").block();
		assertThat(sent.handle()).isEqualTo("andrewbrown");
		assertThat(sent.message()).isEqualTo("hello");
		assertThat(sent.createdAt()).isEqualTo(NOW);
		assertThat(this.repository.conversation("worf")).containsExactly(sent);
		assertThat(onlySpan("create-message").getAttributes().get(AttributeKey.stringKey("app.user_handle")))
			.isEqualTo("worf");

		assertThatExceptionOfType(ValidationFailedException.class).isThrownBy(() -> this.service.send(" ", "hello"));
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.service.send("worf", "x".repeat(MessagesService.MESSAGE_MAX + 1)));
		assertThat(this.service.send("worf", "x".repeat(MessagesService.MESSAGE_MAX)).block().message())
			.hasSize(MessagesService.MESSAGE_MAX);
	}

	@Test
	void groupsAndConversationsAreReadInTheirSpans() {
		this.repository.save("worf",
				new Message(java.util.UUID.randomUUID(), "Andrew Brown", "andrewbrown", "hi", NOW));
		List<MessageGroup> groups = this.service.groups().block();
		assertThat(groups).extracting(MessageGroup::handle).containsExactly("worf");
		SpanData groupsSpan = onlySpan("message-groups");
		assertThat(groupsSpan.getAttributes().get(AttributeKey.longKey("app.result_length"))).isEqualTo(1L);
		assertThat(groupsSpan.getAttributes().get(AttributeKey.stringKey("app.now")))
			.isEqualTo("2026-11-26T10:00:00.000000+00:00");

		this.exporter.reset();
		assertThat(this.service.conversation("worf").block()).extracting(Message::message).containsExactly("hi");
		SpanData conversation = onlySpan("messages");
		assertThat(conversation.getAttributes().get(AttributeKey.stringKey("app.user_handle"))).isEqualTo("worf");
		assertThat(conversation.getAttributes().get(AttributeKey.longKey("app.result_length"))).isEqualTo(1L);
	}

	private SpanData onlySpan(String name) {
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(name);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
