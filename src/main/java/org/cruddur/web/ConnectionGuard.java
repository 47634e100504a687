package org.cruddur.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;

/**
 * Keeps slow or numerous clients from holding the server's memory: at most
 * {@code maxConnections} connections per server port (more are answered 503 and closed),
 * and each request read within {@code requestReadTimeout} ({@link RequestGuard}, which
 * also answers what Netty cannot decode with a problem body instead of Reactor Netty's
 * empty answer and WARN line listing every header).
 */
class ConnectionGuard implements NettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(ConnectionGuard.class);

	static final String HEAD = "cruddur.connectionGuard";

	static final String AFTER_CODEC = "cruddur.requestGuard";

	private static final long WARN_EVERY_NANOS = 60_000_000_000L;

	private final ServerLimits limits;

	private final AtomicLong lastCapWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	ConnectionGuard(ServerLimits limits) {
		this.limits = limits;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		// One count per server: the management port's probes never wait behind API
		// clients.
		AtomicInteger open = new AtomicInteger();
		return server.doOnChannelInit((observer, channel, remoteAddress) -> guard(channel, open));
	}

	private void guard(Channel channel, AtomicInteger open) {
		ChannelPipeline pipeline = channel.pipeline();
		if (open.incrementAndGet() > this.limits.maxConnections()) {
			open.decrementAndGet();
			warnCapReached();
			pipeline.addFirst(HEAD, Refuse.INSTANCE);
			return;
		}
		channel.closeFuture().addListener((closed) -> open.decrementAndGet());
		if (pipeline.get(NettyPipeline.HttpCodec) == null) {
			return;
		}
		RequestGuard guard = new RequestGuard(this.limits.requestReadTimeout());
		pipeline.addFirst(HEAD, guard.head());
		pipeline.addAfter(NettyPipeline.HttpCodec, AFTER_CODEC, guard.afterCodec());
	}

	private void warnCapReached() {
		long now = System.nanoTime();
		long last = this.lastCapWarning.get();
		if (now - last >= WARN_EVERY_NANOS && this.lastCapWarning.compareAndSet(last, now)) {
			logger.warn("Connection limit reached (" + this.limits.maxConnections()
					+ ", CRUDDUR_MAX_CONNECTIONS): refusing new connections with 503 (said at most once a minute)");
		}
	}

	/** Answers 503 as soon as the connection is open, and closes it. */
	@ChannelHandler.Sharable
	static final class Refuse extends ChannelInboundHandlerAdapter {

		static final Refuse INSTANCE = new Refuse();

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ProblemResponses.sendAndClose(ctx, HttpStatus.SERVICE_UNAVAILABLE, "too many connections");
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ReferenceCountUtil.release(msg);
		}

	}

}
