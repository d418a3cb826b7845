package dev.leakguard.it;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A bare application for tests that start a real server: only auto-configuration, plus
 * whatever a test imports.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

}
