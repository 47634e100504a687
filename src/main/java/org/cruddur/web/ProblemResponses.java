package org.cruddur.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;

import org.springframework.http.HttpStatus;

/**
 * Whole HTTP/1.1 responses with an RFC 9457 problem body, for what is refused below
 * Spring (too many connections, a request too slow or that Netty cannot decode), in the
 * shape Spring gives every other error.
 */
final class ProblemResponses {

	/** How long a refused client may go on sending before the connection is closed. */
	static final long LINGER_MILLIS = 2000;

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

	/**
	 * Writes the response from {@code ctx} (which must be below the HTTP codec) and
	 * closes the connection: first the sending side, then the whole connection after
	 * {@link #LINGER_MILLIS}. Closing at once, with request bytes still unread, would
	 * make the client's system reset the connection and drop the answer before it is
	 * read. The caller discards what the client still sends.
	 */
	static void sendAndClose(ChannelHandlerContext ctx, HttpStatus status, String detail) {
		ctx.writeAndFlush(closing(status, detail)).addListener((ChannelFutureListener) (written) -> {
			Channel channel = written.channel();
			if (written.isSuccess() && channel.isActive() && channel instanceof DuplexChannel duplex) {
				duplex.shutdownOutput();
				channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
			}
			else {
				channel.close();
			}
		});
	}

}
