package org.cruddur.messages;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The message routes of backend-flask. */
@RestController
public class MessagesController {

	private final MessagesService messages;

	public MessagesController(MessagesService messages) {
		this.messages = messages;
	}

	@GetMapping(path = "/api/message_groups", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<List<MessageGroup>> groups() {
		return this.messages.groups();
	}

	@GetMapping(path = "/api/messages/@{handle}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<List<Message>> conversation(@PathVariable String handle) {
		return this.messages.conversation(handle);
	}

	@PostMapping(path = "/api/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Message> send(@RequestBody NewMessage body) {
		return this.messages.send(body.userReceiverHandle(), body.message());
	}

	/**
	 * The body of {@code POST /api/messages}: {@code {"user_receiver_handle": ...,
	 * "message": ...}}.
	 */
	public record NewMessage(String userReceiverHandle, String message) {
	}

}
