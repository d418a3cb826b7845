package dev.leakguard.snapshot;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaselinesTests {

	@Test
	void evictsTheEldestPastTheByteBudget() {
		Baselines baselines = new Baselines(32, 10_000);
		String first = baselines.save(snapshot(4_000));
		String second = baselines.save(snapshot(4_000));
		assertThat(baselines.get(first)).isNotNull();
		String third = baselines.save(snapshot(4_000));
		assertThat(baselines.get(first)).isNull();
		assertThat(baselines.get(second)).isNotNull();
		assertThat(baselines.get(third)).isNotNull();
	}

	@Test
	void keepsTheNewestEvenWhenItAloneIsOverBudget() {
		Baselines baselines = new Baselines(32, 1_000);
		baselines.save(snapshot(500));
		String big = baselines.save(snapshot(5_000));
		assertThat(baselines.get(big)).isNotNull();
	}

	@Test
	void evictsPastTheCount() {
		Baselines baselines = new Baselines(2, Long.MAX_VALUE);
		String first = baselines.save(snapshot(1));
		baselines.save(snapshot(1));
		baselines.save(snapshot(1));
		assertThat(baselines.get(first)).isNull();
	}

	private static ThreadSnapshot snapshot(long bytes) {
		return new ThreadSnapshot(Instant.now(), new ThreadCounts(1, null, 0, 1), List.of(), bytes);
	}

}
