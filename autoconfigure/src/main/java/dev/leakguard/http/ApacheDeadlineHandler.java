package dev.leakguard.http;

import java.io.IOException;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.LateListener;
import dev.leakguard.scope.RequestScope;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * Aborts an Apache HttpClient 5 exchange when its request scope is cancelled or its
 * deadline passes: a call still waiting for a pooled connection fails then, at once if it
 * has waited a tick of the deadline timer, within a tick otherwise. A call already blocked
 * reading is bounded by {@link ApacheDeadlineContext} instead, as Apache's classic reads
 * do not wake on cancel.
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
		try (Aborter aborter = new Aborter(requestScope, scope.execRuntime)) {
			return chain.proceed(request, scope);
		}
	}

	/**
	 * Aborts the exchange on a cancel that comes while it runs, heard of once the exchange
	 * has run a tick ({@link LateListener}): most exchanges end sooner.
	 */
	private static final class Aborter extends LateListener {

		private final ExecRuntime runtime;

		Aborter(RequestScope scope, ExecRuntime runtime) {
			super(scope);
			this.runtime = runtime;
			begin();
		}

		@Override
		protected void cancelled(CancelCause cause) {
			if (!end()) {
				return;
			}
			if (this.runtime instanceof Cancellable cancellable) {
				cancellable.cancel();
			}
			else {
				this.runtime.discardEndpoint();
			}
		}

	}

}
