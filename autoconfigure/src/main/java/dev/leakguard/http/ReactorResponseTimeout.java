package dev.leakguard.http;

import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
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
 * Reactor Netty's response timeout, kept by leakguard's deadline timer. Reactor Netty
 * keeps it by adding a {@code ReadTimeoutHandler} to the pipeline after every request is
 * sent and removing it when the response is complete: a handler and its context, an
 * event-loop timer task and a subscription to the connection's end, per call. Here each
 * connection gets one handler, for its life, that notes the time of every read; a call
 * joins leakguard's timer when its request is sent and leaves it when its response is
 * complete. Same meaning: at most the timeout between reads, from the request sent until
 * the response is complete (when the timer fires after a read, it waits again for what is
 * left). Same failure: Netty's {@link ReadTimeoutException} fired through the pipeline,
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
	 * Moves the client's response timeout, if it has one, to leakguard's timer.
	 * @param client the client as configured
	 * @return the client to use
	 */
	public static HttpClient keptByLeakguard(HttpClient client) {
		Duration timeout = client.configuration().responseTimeout();
		return (timeout != null) ? keptByLeakguard(client, timeout) : client;
	}

	/**
	 * Gives the client the given response timeout, kept by leakguard's timer, in place of
	 * any of Reactor Netty's own.
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

	/** Starts and ends each call's timer as the call goes. */
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
	 * One per connection: the time of its last read, and the call waiting on it.
	 */
	static final class ReadClock extends ChannelInboundHandlerAdapter {

		private final Duration timeout;

		private final long timeoutNanos;

		private volatile long lastRead = System.nanoTime();

		private volatile @Nullable Call call;

		private volatile @Nullable ChannelHandlerContext context;

		ReadClock(Duration timeout) {
			this.timeout = timeout;
			this.timeoutNanos = timeout.toNanos();
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			this.context = ctx;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			this.lastRead = System.nanoTime();
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			end();
			ctx.fireChannelInactive();
		}

		void start() {
			end();
			this.call = new Call(this, System.nanoTime());
		}

		void end() {
			Call call = this.call;
			if (call != null) {
				this.call = null;
				call.stop();
			}
		}

		/** On the event loop: the call timed out, unless it ended meanwhile. */
		void timedOut(Call call) {
			ChannelHandlerContext ctx = this.context;
			if (this.call != call || ctx == null) {
				return;
			}
			this.call = null;
			ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
			ctx.close();
		}

	}

	/**
	 * One call's wait on leakguard's timer: when it fires, a read since the call's start
	 * makes it wait for the rest of the timeout; otherwise the event loop times it out.
	 */
	static final class Call extends RequestScope.Listener {

		private final ReadClock clock;

		private final long sentNanos;

		private RequestScope bound;

		private boolean stopped;

		Call(ReadClock clock, long sentNanos) {
			this.clock = clock;
			this.sentNanos = sentNanos;
			synchronized (this) {
				this.bound = RequestScope.detached(clock.timeout);
				this.bound.listen(this);
			}
		}

		synchronized void stop() {
			this.stopped = true;
			close();
			this.bound.end();
		}

		@Override
		protected void cancelled(CancelCause cause) {
			synchronized (this) {
				this.bound.end();
				if (this.stopped) {
					return;
				}
				long lastRead = this.clock.lastRead;
				long idleSince = (lastRead - this.sentNanos > 0) ? lastRead : this.sentNanos;
				long left = this.clock.timeoutNanos - (System.nanoTime() - idleSince);
				if (left > 0) {
					this.bound = RequestScope.detached(Duration.ofNanos(left));
					this.bound.listen(this);
					return;
				}
			}
			ChannelHandlerContext ctx = this.clock.context;
			if (ctx != null) {
				ctx.executor().execute(() -> this.clock.timedOut(this));
			}
		}

	}

}
