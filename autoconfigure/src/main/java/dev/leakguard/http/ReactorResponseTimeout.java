package dev.leakguard.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientState;

/**
 * Reactor Netty's response timeout, kept once per connection instead of once per call.
 * Reactor Netty keeps it by adding a {@code ReadTimeoutHandler} to the pipeline after
 * every request is sent and removing it when the response is complete: a handler and its
 * context, an event-loop timer task and a subscription to the connection's end, per call.
 * Here each connection gets one handler, for its life, that notes when its call started
 * and the time of every read, and one check on its event loop's timer that, like Netty's
 * {@code ReadTimeoutHandler}, sets itself again for what is left of the timeout; a call
 * only sets two fields, and a connection idle in the pool lets its check lapse. Same
 * meaning: at most the timeout between reads, from the request sent until the response is
 * complete. Same failure: Netty's {@link ReadTimeoutException} fired through the pipeline,
 * then the connection closed. A connection without the handler (an HTTP/2 stream) keeps
 * Reactor Netty's own timeout.
 */
public final class ReactorResponseTimeout {

	static final String HANDLER_NAME = "leakguard.responseTimeout";

	private static final AttributeKey<ReadClock> CLOCK = AttributeKey.valueOf(ReactorResponseTimeout.class,
			"clock");

	private ReactorResponseTimeout() {
	}

	/**
	 * Moves the client's response timeout, if it has one, to leakguard's per-connection
	 * check.
	 * @param client the client as configured
	 * @return the client to use
	 */
	public static HttpClient keptByLeakguard(HttpClient client) {
		Duration timeout = client.configuration().responseTimeout();
		return (timeout != null) ? keptByLeakguard(client, timeout) : client;
	}

	/**
	 * Gives the client the given response timeout, kept by leakguard per connection, in
	 * place of any of Reactor Netty's own.
	 * @param client the client as configured
	 * @param timeout the longest wait between reads; none if zero or negative
	 * @return the client to use
	 */
	public static HttpClient keptByLeakguard(HttpClient client, Duration timeout) {
		if (timeout.toMillis() <= 0) {
			return client;
		}
		return client.responseTimeout(null).doOnChannelInit((observer, channel, address) -> {
			if (channel.attr(CLOCK).get() == null) { // once, should a client be given it twice
				ReadClock clock = new ReadClock(timeout);
				channel.attr(CLOCK).set(clock);
				channel.pipeline().addFirst(HANDLER_NAME, clock);
			}
		}).observe(new Observer(timeout));
	}

	/** Starts and ends each call's wait on its connection's clock as the call goes. */
	private static final class Observer implements ConnectionObserver {

		private final Duration timeout;

		Observer(Duration timeout) {
			this.timeout = timeout;
		}

		@Override
		public void onStateChange(Connection connection, State state) {
			if (state == HttpClientState.REQUEST_SENT) {
				ReadClock clock = connection.channel().attr(CLOCK).get();
				if (clock != null) {
					clock.start();
				}
			}
			else if (state == HttpClientState.RESPONSE_COMPLETED) {
				ReadClock clock = connection.channel().attr(CLOCK).get();
				if (clock != null) {
					clock.end();
				}
			}
			else if (state == HttpClientState.REQUEST_PREPARED && connection.channel().attr(CLOCK).get() == null
					&& connection instanceof HttpClientRequest request) {
				request.responseTimeout(this.timeout); // no clock on this channel: Reactor Netty's own
			}
		}

	}

	/**
	 * One per connection, all its state kept on the connection's event loop: whether a call
	 * waits for its answer, since when nothing was read, and the pending check.
	 */
	static final class ReadClock extends ChannelInboundHandlerAdapter implements Runnable {

		private final long timeoutNanos;

		/** Read off the event loop too, by a call whose state comes from another thread. */
		private volatile @Nullable ChannelHandlerContext context;

		private boolean waiting;

		private long idleSince;

		private @Nullable ScheduledFuture<?> check;

		ReadClock(Duration timeout) {
			this.timeoutNanos = timeout.toNanos();
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			this.context = ctx;
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			stop();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.waiting) {
				this.idleSince = System.nanoTime();
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			stop();
			ctx.fireChannelInactive();
		}

		/** The request was sent: its answer is waited for from now. */
		void start() {
			mark(true);
		}

		/** The answer is complete; a check set meanwhile finds nothing waiting and lapses. */
		void end() {
			mark(false);
		}

		private void mark(boolean waiting) {
			ChannelHandlerContext ctx = this.context;
			if (ctx == null) {
				return;
			}
			if (!ctx.executor().inEventLoop()) {
				ctx.executor().execute(() -> mark(waiting));
				return;
			}
			this.waiting = waiting;
			if (waiting) {
				this.idleSince = System.nanoTime();
				if (this.check == null) {
					this.check = ctx.executor().schedule(this, this.timeoutNanos, TimeUnit.NANOSECONDS);
				}
			}
		}

		private void stop() {
			this.waiting = false;
			ScheduledFuture<?> check = this.check;
			if (check != null) {
				this.check = null;
				check.cancel(false);
			}
		}

		/** The check, on the event loop: times the call out, or is set again for what is left. */
		@Override
		public void run() {
			this.check = null;
			ChannelHandlerContext ctx = this.context;
			if (!this.waiting || ctx == null) {
				return;
			}
			long left = this.timeoutNanos - (System.nanoTime() - this.idleSince);
			if (left > 0) {
				this.check = ctx.executor().schedule(this, left, TimeUnit.NANOSECONDS);
				return;
			}
			this.waiting = false;
			ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
			ctx.close();
		}

	}

}
