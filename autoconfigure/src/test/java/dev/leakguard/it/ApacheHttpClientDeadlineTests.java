package dev.leakguard.it;


import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * Apache's classic reads wake neither on interrupt nor on close, and its response
 * timeout restarts with every byte: only a silent upstream is bounded by the deadline
 * (see ApacheDeadlineContext).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.http.clients.imperative.factory=http-components")
@Import(HangingUpstreamCalls.class)
class ApacheHttpClientDeadlineTests extends HttpDeadlineTests {

	@Override
	boolean cutsTricklingUpstreams() {
		return false;
	}

}
