package org.cruddur.web;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.cruddur.tracing.Spans;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every error of a route into a JSON answer without a stack trace: 422 with the
 * error codes (as backend-flask answers), RFC 9457 problem details for the rest (400
 * malformed JSON, 413 body too large, 415 wrong content type, 404 unknown activity, ...),
 * and a bare 500 problem for anything unexpected.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

	static final HttpStatusCode CLIENT_CLOSED_REQUEST = HttpStatusCode.valueOf(499);

	@ExceptionHandler(ValidationFailedException.class)
	ResponseEntity<List<String>> validationFailed(ValidationFailedException ex) {
		return ResponseEntity.unprocessableContent().body(ex.codes());
	}

	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<Object>> unexpected(Exception ex, ServerWebExchange exchange) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			return clientLeft(ex, exchange);
		}
		return Spans.withRequestContext(() -> {
			logger.error("Unexpected error serving " + exchange.getRequest().getMethod() + " "
					+ exchange.getRequest().getPath().value(), ex);
			return ResponseEntity.internalServerError().body(ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR));
		});
	}

	/**
	 * The client closed the connection before its request was read whole (or was closed
	 * for being too slow): no one reads an answer, and it is no server error. The request
	 * is recorded as an aborted connection with status 499, nginx's "client closed
	 * request" (the empty answer would otherwise be recorded as a 200).
	 */
	private static Mono<ResponseEntity<Object>> clientLeft(Exception ex, ServerWebExchange exchange) {
		ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.ifPresent((context) -> context.setConnectionAborted(true));
		exchange.getResponse().setStatusCode(CLIENT_CLOSED_REQUEST);
		if (!logger.isDebugEnabled()) {
			return Mono.empty();
		}
		return Spans.withRequestContext(() -> {
			logger.debug("Client left before its request was read: " + exchange.getRequest().getMethod() + " "
					+ exchange.getRequest().getPath().value() + " (" + ex + ")");
			return null;
		});
	}

}
