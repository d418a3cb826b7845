package dev.leakguard.it;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The JDK HttpClient request factory: the deadline interrupts the call.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.http.clients.imperative.factory=jdk")
@Import(HangingUpstreamCalls.class)
class JdkClientDeadlineTests extends HttpDeadlineTests {

}
