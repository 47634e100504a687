package org.cruddur.messages;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.cruddur.activities.Timestamps;
import org.cruddur.tracing.Spans;
import org.cruddur.users.Handles;
import org.cruddur.users.Users;
import org.cruddur.web.AnswerLimits;
import org.cruddur.web.Checks;
import org.cruddur.web.JsonSize;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** The message use cases of backend-flask's {@code services/}, each in its own span. */
@Service
public class MessagesService {

	static final int MESSAGE_MAX = 1024;

	private final MessageRepository repository;

	private final Spans spans;

	private final Clock clock;

	private final AnswerLimits limits;

	public MessagesService(MessageRepository repository, Spans spans, Clock clock, AnswerLimits limits) {
		this.repository = repository;
		this.spans = spans;
		this.clock = clock;
		this.limits = limits;
	}

	public Mono<List<MessageGroup>> groups() {
		return this.spans.onStore(() -> this.spans.inSpan("message-groups", (span) -> {
			List<MessageGroup> results = JsonSize.fittingPrefix(this.repository.groups(this.limits.maxItems()),
					MessageJson::size, this.limits.maxByteCount());
			Spans.tagResults(span, Timestamps.format(this.clock.instant()), results.size());
			return results;
		}));
	}

	/**
	 * The newest messages with {@code handle} that fit the answer limits, oldest first. A
	 * handle that is not valid has no conversation.
	 */
	public Mono<List<Message>> conversation(String handle) {
		String canonical = Handles.canonical(handle).orElse(null);
		return this.spans.onStore(() -> this.spans.inSpan("messages", (span) -> {
			List<Message> newest = (canonical != null) ? this.repository.conversation(canonical, this.limits.maxItems())
					: List.of();
			List<Message> results = JsonSize.fittingSuffix(newest, MessageJson::size, this.limits.maxByteCount());
			span.setAttribute(Spans.USER_HANDLE, (canonical != null) ? canonical : "");
			Spans.tagResults(span, Timestamps.format(this.clock.instant()), results.size());
			return results;
		}));
	}

	public Mono<Message> send(String receiverHandle, String message) {
		Checks checks = new Checks().requireText(receiverHandle, "user_reciever_handle_blank");
		String receiver = Handles.canonical(receiverHandle).orElse(null);
		if (receiver == null && receiverHandle != null && !receiverHandle.isBlank()) {
			checks.fail("user_reciever_handle_invalid");
		}
		checks.requireText(message, MESSAGE_MAX, "message_blank", "message_exceed_max_chars").orThrow();
		return this.spans.onStore(() -> this.spans.inSpan("create-message", (span) -> {
			Instant now = this.clock.instant();
			String sender = Users.CURRENT_HANDLE;
			Message sent = new Message(UUID.randomUUID(), Users.displayName(sender), sender, message, now);
			this.repository.save(receiver, sent);
			span.setAttribute(Spans.USER_HANDLE, receiver);
			return sent;
		}));
	}

}
