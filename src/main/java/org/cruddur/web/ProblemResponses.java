package org.cruddur.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.springframework.http.HttpStatus;

/**
 * Whole HTTP/1.1 responses with an RFC 9457 problem body, for what is refused below
 * Spring (too many connections, a request too slow or that Netty cannot decode), in the
 * shape Spring gives every other error.
 */
final class ProblemResponses {

	private ProblemResponses() {
	}

	/** The problem body: {@code type}, {@code title}, {@code status}, {@code detail}. */
	static String body(HttpStatus status, String detail) {
		return "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
				+ ",\"detail\":\"" + detail + "\"}";
	}

	/**
	 * The response, closing the connection. {@code detail} is a constant of this package,
	 * never client input: it needs no JSON escaping.
	 */
	static ByteBuf closing(HttpStatus status, String detail) {
		byte[] body = body(status, detail).getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + status.value() + " " + status.getReasonPhrase() + "\r\n"
				+ "Content-Type: application/problem+json\r\nContent-Length: " + body.length
				+ "\r\nConnection: close\r\n\r\n";
		return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), body);
	}

}
