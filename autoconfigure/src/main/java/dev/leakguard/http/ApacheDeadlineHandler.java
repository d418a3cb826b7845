package dev.leakguard.http;

import java.io.IOException;

import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.RequestScope.Registration;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * Aborts an Apache HttpClient 5 exchange when its request scope is cancelled or its
 * deadline passes: a call still waiting for a pooled connection fails at once. A call
 * already blocked reading is bounded by {@link ApacheDeadlineContext} instead, as
 * Apache's classic reads do not wake on cancel.
 */
public final class ApacheDeadlineHandler implements ExecChainHandler {

	/** The name the handler is registered under in the exec chain. */
	public static final String NAME = "leakguard-deadline";

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		RequestScope requestScope = RequestScope.current();
		if (requestScope == null) {
			return chain.proceed(request, scope);
		}
		ExecRuntime runtime = scope.execRuntime;
		try (Registration registration = requestScope.onCancel((cause) -> abort(runtime))) {
			return chain.proceed(request, scope);
		}
	}

	private static void abort(ExecRuntime runtime) {
		if (runtime instanceof Cancellable cancellable) {
			cancellable.cancel();
		}
		else {
			runtime.discardEndpoint();
		}
	}

}
