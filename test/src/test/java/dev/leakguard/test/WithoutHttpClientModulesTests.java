package dev.leakguard.test;

import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This module's test class path has Spring MVC and the actuator but none of Boot's HTTP
 * client modules, as many applications do: leakguard starts there (a regression once
 * broke it: a method signature naming {@code HttpClientSettings}).
 */
@SpringBootTest(classes = WithoutHttpClientModulesTests.App.class)
class WithoutHttpClientModulesTests {

	@Autowired
	private TaskRegistry tasks;

	@Test
	void leakguardStarts() {
		assertThat(ClassUtils.isPresent("org.springframework.boot.http.client.HttpClientSettings", null)).isFalse();
		assertThat(this.tasks).isNotNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
