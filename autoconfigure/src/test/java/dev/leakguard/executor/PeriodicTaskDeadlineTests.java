package dev.leakguard.executor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A ticker scheduled on a concrete {@link ScheduledThreadPoolExecutor} bean whose request's
 * deadline passes: its next run is refused. The refusal must end the schedule (whoever
 * holds the future hears of it) and must not escape to the pool's thread, which would die
 * and report an uncaught exception. The deadline timer fires up to a tick late; a 1 ms
 * period runs the ticker in that gap, where only the run's own check sees the deadline.
 */
class PeriodicTaskDeadlineTests {

	private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

	private final ScheduledThreadPoolExecutor scheduler = TrackingScheduledThreadPoolExecutor
		.replacing(new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "ticker");
			thread.setDaemon(true);
			thread.setUncaughtExceptionHandler((t, ex) -> this.uncaught.add(ex));
			return thread;
		}), new TaskRegistry(10), "tickers");

	@AfterEach
	void shutDown() {
		this.scheduler.shutdownNow();
	}

	@Test
	void aTickerPastItsDeadlineEndsItsScheduleWithoutKillingThePoolThread() {
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> ticker;
		try (RequestScope scope = RequestScope.open(Duration.ofMillis(200))) {
			ticker = this.scheduler.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
		}
		await().atMost(Duration.ofSeconds(2)).until(ticker::isDone);
		assertThat(ticker.isCancelled()).isTrue();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(ticker::get);
		assertThat(runs.get()).isPositive();
		assertThat(this.uncaught).isEmpty();
	}

}
