package dev.leakguard.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskRegistryTests {

	private final TaskRegistry registry = new TaskRegistry(2);

	@Test
	void callSitesPastTheLimitFoldIntoOther() {
		run("a.A.a(A.java:1)", "pool");
		run("b.B.b(B.java:2)", "pool");
		run("c.C.c(C.java:3)", "pool");
		run("d.D.d(D.java:4)", "pool");
		run("c.C.c(C.java:3)", "pool");
		assertThat(this.registry.sites()).extracting(SiteTasks::callSite)
			.containsExactlyInAnyOrder("a.A.a(A.java:1)", "b.B.b(B.java:2)", TaskRegistry.OTHER);
		assertThat(this.registry.total(TaskRegistry.OTHER, null, SiteTasks::submitted)).isEqualTo(3);
	}

	@Test
	void theLimitCountsCallSitesNotExecutors() {
		run("a.A.a(A.java:1)", "one");
		run("a.A.a(A.java:1)", "two");
		run("b.B.b(B.java:2)", "two");
		assertThat(this.registry.sites()).extracting(SiteTasks::callSite).doesNotContain(TaskRegistry.OTHER);
		assertThat(this.registry.total("a.A.a", null, SiteTasks::submitted)).isEqualTo(2);
	}

	@Test
	void listenersSeeEachSiteOnce() {
		List<String> seen = new ArrayList<>();
		this.registry.onSite((site) -> seen.add(site.callSite() + "@" + site.executor()));
		run("a.A.a(A.java:1)", "pool");
		run("a.A.a(A.java:1)", "pool");
		run("b.B.b(B.java:2)", "pool");
		run("c.C.c(C.java:3)", "pool");
		run("d.D.d(D.java:4)", "pool");
		assertThat(seen).containsExactly("a.A.a(A.java:1)@pool", "b.B.b(B.java:2)@pool", "other@pool");
	}

	@Test
	void sitesMadeByManyThreadsAtOnceAreEachMadeOnceAndCountEveryTask() throws Exception {
		TaskRegistry registry = new TaskRegistry(30);
		ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
		registry.onSite((site) -> seen.add(site.callSite() + "@" + site.executor()));
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 50; i++) {
						for (String executor : List.of("one", "two")) {
							registry.wrap(() -> {
							}, "s.S.m" + i + "(S.java:" + i + ")", executor).run();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(seen).hasSize(62).doesNotHaveDuplicates(); // 30 call sites and other, on each executor
		assertThat(registry.sites()).hasSize(62);
		assertThat(registry.sites().stream().mapToLong(SiteTasks::submitted).sum()).isEqualTo(threads * 50 * 2);
		assertThat(registry.total(TaskRegistry.OTHER, "one", SiteTasks::submitted)).isEqualTo(threads * 20);
	}

	@Test
	void runningTasksAreActiveUntilTheyEnd() {
		int[] activeDuring = new int[1];
		Runnable task = this.registry.wrap(() -> activeDuring[0] = site().active(), "x.X.x(X.java:9)", "pool");
		assertThat(site().active()).isZero();
		task.run();
		assertThat(activeDuring[0]).isEqualTo(1);
		assertThat(site().active()).isZero();
		assertThat(site().submitted()).isEqualTo(1);
		assertThat(site().oldestStartNanos()).isEqualTo(Long.MAX_VALUE);
	}

	private SiteTasks site() {
		return this.registry.sites().iterator().next();
	}

	@Test
	void limitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskRegistry(0));
	}

	private void run(String callSite, String executor) {
		this.registry.wrap(() -> {
		}, callSite, executor).run();
	}

}
