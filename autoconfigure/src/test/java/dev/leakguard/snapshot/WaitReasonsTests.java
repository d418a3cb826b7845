package dev.leakguard.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real threads, platform and virtual, blocked in each common way: the reason read from
 * their real stacks names the way, whatever JDK internals park them.
 */
class WaitReasonsTests {

	private final List<Thread> threads = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void release() throws Exception {
		this.threads.forEach(Thread::interrupt);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void queues(boolean virtual) throws Exception {
		ArrayBlockingQueue<String> full = new ArrayBlockingQueue<>(1);
		full.put("x");
		assertThat(reason(virtual, () -> full.put("y"))).isEqualTo("queue put");
		assertThat(reason(virtual, () -> new LinkedBlockingQueue<String>().take())).isEqualTo("queue take");
		assertThat(reason(virtual, () -> new LinkedBlockingQueue<String>().poll(1, TimeUnit.HOURS)))
			.isEqualTo("queue take");
		assertThat(reason(virtual, () -> new SynchronousQueue<String>().put("x"))).isEqualTo("synchronous hand-off");
		assertThat(reason(virtual, () -> new SynchronousQueue<String>().take())).isEqualTo("synchronous hand-off");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void synchronizers(boolean virtual) throws Exception {
		assertThat(reason(virtual, () -> Thread.sleep(3_600_000))).isEqualTo("sleep");
		assertThat(reason(virtual, () -> new CompletableFuture<String>().get())).isEqualTo("future get");
		assertThat(reason(virtual, () -> new CompletableFuture<String>().join())).isEqualTo("future get");
		assertThat(reason(virtual, () -> new CountDownLatch(1).await())).isEqualTo("latch await");
		ReentrantLock held = new ReentrantLock();
		Thread holder = Thread.ofPlatform().daemon().start(() -> {
			held.lock();
			sleepQuietly();
		});
		this.threads.add(holder);
		await().until(held::isLocked);
		assertThat(reason(virtual, held::lockInterruptibly)).isEqualTo("lock");
		ReentrantLock lock = new ReentrantLock();
		Condition condition = lock.newCondition();
		assertThat(reason(virtual, () -> {
			lock.lock();
			try {
				condition.await();
			}
			finally {
				lock.unlock();
			}
		})).isEqualTo("condition await");
		Object monitor = new Object();
		assertThat(reason(virtual, () -> {
			synchronized (monitor) {
				monitor.wait();
			}
		})).isEqualTo("monitor wait");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void socketRead(boolean virtual) throws Exception {
		ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		this.resources.add(server);
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
		this.resources.add(socket);
		this.resources.add(server.accept());
		InputStream in = socket.getInputStream();
		assertThat(reason(virtual, in::read)).isEqualTo("socket read");
		assertThat(reason(virtual, server::accept)).isEqualTo("socket accept");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void monitorEnter(boolean virtual) throws Exception {
		Object monitor = new Object();
		CountDownLatch entered = new CountDownLatch(1);
		Thread holder = Thread.ofPlatform().daemon().start(() -> {
			synchronized (monitor) {
				entered.countDown();
				sleepQuietly();
			}
		});
		this.threads.add(holder);
		entered.await();
		Thread blocked = start(virtual, () -> {
			synchronized (monitor) {
				monitor.notifyAll();
			}
		});
		await().until(() -> blocked.getState() == Thread.State.BLOCKED || blocked.getState() == Thread.State.WAITING);
		assertThat(WaitReasons.of(blocked.getState().name(), frames(blocked))).isIn("monitor enter");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void idlePoolWorkersAreNotQueueTakes(boolean virtual) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(1,
				virtual ? Thread.ofVirtual().factory() : Thread.ofPlatform().daemon().factory());
		this.resources.add(pool::shutdownNow);
		Thread[] worker = new Thread[1];
		pool.submit(() -> worker[0] = Thread.currentThread()).get();
		await().until(() -> worker[0].getState() == Thread.State.WAITING);
		assertThat(WaitReasons.of("WAITING", frames(worker[0]))).isEqualTo("idle pool worker");
	}

	private String reason(boolean virtual, Blocking blocking) throws InterruptedException {
		Thread thread = start(virtual, blocking);
		await().atMost(Duration.ofSeconds(5)).until(() -> isParked(thread));
		return WaitReasons.of(thread.getState().name(), frames(thread));
	}

	private Thread start(boolean virtual, Blocking blocking) {
		Runnable task = () -> {
			try {
				blocking.run();
			}
			catch (Exception ex) {
				// interrupted at the end of the test
			}
		};
		Thread thread = virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().daemon().start(task);
		this.threads.add(thread);
		return thread;
	}

	/** Parked, or in a blocking native read that reports itself runnable. */
	private static boolean isParked(Thread thread) {
		Thread.State state = thread.getState();
		if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
			return true;
		}
		List<String> frames = frames(thread);
		return !frames.isEmpty() && frames.get(0).contains("(Native Method)")
				&& frames.stream().anyMatch((frame) -> frame.startsWith("sun.nio.ch."));
	}

	private static List<String> frames(Thread thread) {
		List<String> frames = new ArrayList<>();
		for (StackTraceElement element : thread.getStackTrace()) {
			frames.add(Frames.format(element));
		}
		return frames;
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(3_600_000);
		}
		catch (InterruptedException ex) {
			// released
		}
	}

	@FunctionalInterface
	interface Blocking {

		void run() throws Exception;

	}

}
