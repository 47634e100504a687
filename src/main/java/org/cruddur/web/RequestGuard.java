package org.cruddur.web;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;

/**
 * One connection's request reading, watched from both sides of the HTTP codec: the
 * {@link #head() head} sees raw bytes (a request starts), the handler
 * {@link #afterCodec() after the codec} sees decoded requests (headers read, last content
 * read) and the responses written. A request must be read whole within the timeout,
 * counted from its first byte (from the connection's opening, for its first request);
 * otherwise the connection is closed, after a 408 problem when the headers were not
 * complete and no response is under way. Requests Netty cannot decode are answered 400,
 * 414 or 431 with a problem body. All state is touched on the connection's event loop
 * only.
 */
final class RequestGuard {

	private static final Log logger = LogFactory.getLog(RequestGuard.class);

	private final long timeoutNanos;

	private ChannelHandlerContext headContext;

	private ScheduledFuture<?> deadline;

	/** The request being read has its headers. */
	private boolean headersRead;

	/** Requests read whose response has not been written whole yet. */
	private int responsesPending;

	/** Refused: what the client still sends is discarded until the connection closes. */
	private boolean refused;

	RequestGuard(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	ChannelHandler head() {
		return new Head();
	}

	ChannelHandler afterCodec() {
		return new AfterCodec();
	}

	private void arm() {
		if (this.deadline == null) {
			this.deadline = this.headContext.executor().schedule(this::expire, this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void disarm() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
	}

	private void expire() {
		this.deadline = null;
		if (logger.isDebugEnabled()) {
			logger.debug("Closing " + this.headContext.channel() + ": request not read within "
					+ Duration.ofNanos(this.timeoutNanos));
		}
		if (!this.headersRead && this.responsesPending == 0) {
			respondAndClose(HttpStatus.REQUEST_TIMEOUT, "request not received in time");
		}
		else {
			this.headContext.close();
		}
	}

	/** Writes below the codec, straight to the socket: nothing else is being written. */
	private void respondAndClose(HttpStatus status, String detail) {
		this.refused = true;
		ProblemResponses.sendAndClose(this.headContext, status, detail);
	}

	private void refuseUndecodable(ChannelHandlerContext ctx, HttpRequest request) {
		Throwable cause = request.decoderResult().cause();
		ReferenceCountUtil.release(request);
		disarm();
		if (cause instanceof PrematureChannelClosureException || this.responsesPending > 0) {
			// The client left mid-headers, or answers to earlier requests are on the way.
			ctx.close();
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Refusing a request Netty could not decode on " + ctx.channel() + ": " + cause);
		}
		if (cause instanceof TooLongHttpLineException) {
			respondAndClose(HttpStatus.URI_TOO_LONG, "request line too long");
		}
		else if (cause instanceof TooLongHttpHeaderException) {
			respondAndClose(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
		}
		else {
			respondAndClose(HttpStatus.BAD_REQUEST, "malformed HTTP request");
		}
	}

	/** Before the codec: raw bytes. */
	private final class Head extends ChannelInboundHandlerAdapter {

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			RequestGuard.this.headContext = ctx;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			arm();
			ctx.fireChannelActive();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (RequestGuard.this.refused) {
				ReferenceCountUtil.release(msg);
				return;
			}
			arm();
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			disarm();
			ctx.fireChannelInactive();
		}

	}

	/** After the codec: decoded requests in, responses out. */
	private final class AfterCodec extends ChannelDuplexHandler {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request) {
				if (request.decoderResult().isFailure()) {
					refuseUndecodable(ctx, request);
					return;
				}
				RequestGuard.this.headersRead = true;
				RequestGuard.this.responsesPending++;
				// A pipelined request whose bytes came with the previous one.
				arm();
			}
			if (msg instanceof LastHttpContent) {
				disarm();
				RequestGuard.this.headersRead = false;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof LastHttpContent && RequestGuard.this.responsesPending > 0) {
				RequestGuard.this.responsesPending--;
			}
			ctx.write(msg, promise);
		}

	}

}
