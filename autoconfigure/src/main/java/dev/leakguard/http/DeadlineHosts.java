package dev.leakguard.http;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The hosts that outbound calls tell the remaining deadline to, as
 * {@code X-Request-Deadline}: {@code *} for every host, {@code *.example.com} for the
 * subdomains of one domain, or one exact host name. The deadline still bounds calls to
 * every host; only the header is kept from the others.
 */
public final class DeadlineHosts {

	/** Every host. */
	public static final DeadlineHosts ALL = new DeadlineHosts(List.of("*"));

	private final boolean all;

	private final List<String> exact;

	private final List<String> suffixes;

	private DeadlineHosts(List<String> patterns) {
		List<String> lower = patterns.stream().map((p) -> p.trim().toLowerCase(Locale.ROOT)).toList();
		this.all = lower.contains("*");
		this.exact = lower.stream().filter((p) -> !p.startsWith("*")).toList();
		this.suffixes = lower.stream().filter((p) -> p.startsWith("*.")).map((p) -> p.substring(1)).toList();
	}

	/**
	 * Parses host patterns.
	 * @param patterns exact hosts, {@code *.domain} or {@code *}
	 * @return the matcher
	 */
	public static DeadlineHosts of(List<String> patterns) {
		return new DeadlineHosts(patterns);
	}

	/**
	 * Whether calls to the host carry the deadline header.
	 * @param host the host, as in the call's URI
	 * @return {@code true} to send the header
	 */
	public boolean matches(@Nullable String host) {
		if (this.all) {
			return true;
		}
		if (host == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (this.exact.contains(name)) {
			return true;
		}
		for (String suffix : this.suffixes) {
			if (name.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

}
