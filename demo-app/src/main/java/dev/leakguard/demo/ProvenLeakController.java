package dev.leakguard.demo;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * 7. A hand-off nobody will ever take, on a virtual thread. Run the demo with
 * {@code -Djdk.trackAllThreads=false} and, after a garbage collection, leakguard reports
 * each one as a proven leak: the thread was collected while parked, so it could never
 * have woken.
 */
@RestController
class ProvenLeakController {

	private final SimpleAsyncTaskExecutor virtualTasks;

	ProvenLeakController(@Qualifier("virtualTasks") SimpleAsyncTaskExecutor virtualTasks) {
		this.virtualTasks = virtualTasks;
	}

	@GetMapping("/proven/leaky")
	String provenLeaky() {
		SynchronousQueue<String> handOff = new SynchronousQueue<>(); // only this request knows it
		this.virtualTasks.execute(() -> {
			try {
				handOff.put("result"); // the request returned without taking it: nobody ever will
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return "handed off (nobody takes it)\n";
	}

	@GetMapping("/proven/safe")
	String provenSafe() {
		SynchronousQueue<String> handOff = new SynchronousQueue<>();
		this.virtualTasks.execute(() -> {
			try {
				handOff.offer("result", 1, TimeUnit.SECONDS); // gives up when nobody takes it
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return "handed off (gives up after 1s)\n";
	}

}
