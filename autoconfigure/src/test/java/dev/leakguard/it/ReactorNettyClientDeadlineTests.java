package dev.leakguard.it;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The Reactor Netty request factory: the deadline interrupts the blocking wait and disposes the exchange.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.http.clients.imperative.factory=reactor")
@Import(HangingUpstreamCalls.class)
class ReactorNettyClientDeadlineTests extends HttpDeadlineTests {

}
