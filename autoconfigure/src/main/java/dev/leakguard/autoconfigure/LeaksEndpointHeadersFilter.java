package dev.leakguard.autoconfigure;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers actuator endpoints cannot set themselves: {@code X-Content-Type-Options:
 * nosniff} on every answer of {@code /actuator/leaks} (its text carries thread names), and
 * {@code Retry-After} on a 503 while the first dump is being taken.
 */
final class LeaksEndpointHeadersFilter extends OncePerRequestFilter {

	static final String RETRY_AFTER_SECONDS = "1";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-Content-Type-Options", "nosniff");
		chain.doFilter(request, new HttpServletResponseWrapper(response) {

			@Override
			public void setStatus(int status) {
				if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
					setHeader("Retry-After", RETRY_AFTER_SECONDS);
				}
				super.setStatus(status);
			}

		});
	}

}
