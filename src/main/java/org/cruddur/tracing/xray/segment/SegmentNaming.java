package org.cruddur.tracing.xray.segment;

import java.util.function.Predicate;

import org.cruddur.tracing.xray.segment.SpanFacts.Fact;

/**
 * The {@code name} of a document (the node in the X-Ray service map).
 * <ul>
 * <li>Segments: the host ({@code server.address}, else {@code http.host}) when it is one
 * of the dynamic-naming hosts (the seed's {@code AWS_XRAY_URL}), else the fixed name
 * ({@code AWS_XRAY_TRACING_NAME}), else the resource's {@code service.name}.
 * <li>CLIENT and PRODUCER subsegments: the service called, the first of
 * {@code aws.remote.service}, {@code peer.service}, {@code db.namespace}/{@code db.name},
 * {@code rpc.service}, {@code server.address}, {@code http.host}, {@code net.peer.name};
 * else the span name.
 * <li>Other subsegments: the span name.
 * </ul>
 * Every name is sanitized: characters outside {@code [ 0-9\p{L}_.:/%&#=+\-@]} are
 * removed, and at most 200 characters are kept.
 *
 * @param fixedName the segments' name, or null
 * @param dynamicNamingHosts the hosts that name their segment, or null
 */
record SegmentNaming(String fixedName, Predicate<String> dynamicNamingHosts) {

	static final int MAX_NAME_CHARS = 200;

	private static final String UNKNOWN = "unknown";

	String nameOf(SpanFacts facts, String serviceName) {
		return sanitize(facts.segment ? segmentName(facts, serviceName) : subsegmentName(facts));
	}

	private String segmentName(SpanFacts facts, String serviceName) {
		if (this.dynamicNamingHosts != null) {
			String host = facts.host();
			if (host != null && !host.isEmpty() && this.dynamicNamingHosts.test(host)) {
				return host;
			}
		}
		return (this.fixedName != null) ? this.fixedName : serviceName;
	}

	private static String subsegmentName(SpanFacts facts) {
		if (facts.isRemoteCall()) {
			String remote = firstNonBlank(facts.text(Fact.AWS_REMOTE_SERVICE), facts.text(Fact.PEER_SERVICE),
					facts.text(Fact.DB_NAME), facts.text(Fact.RPC_SERVICE), facts.text(Fact.SERVER_ADDRESS),
					facts.host(), facts.text(Fact.NET_PEER_NAME));
			if (remote != null) {
				return remote;
			}
		}
		return facts.span.getName();
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/** Keeps {@code [ 0-9\p{L}_.:/%&#=+\-@]}, at most 200 characters; never empty. */
	static String sanitize(String name) {
		if (name == null || name.isEmpty()) {
			return UNKNOWN;
		}
		int n = name.length();
		boolean clean = n <= MAX_NAME_CHARS;
		for (int i = 0; clean && i < n; i++) {
			clean = isNameChar(name.charAt(i));
		}
		if (clean) {
			return name;
		}
		StringBuilder kept = new StringBuilder(Math.min(n, MAX_NAME_CHARS));
		for (int i = 0; i < n && kept.length() < MAX_NAME_CHARS;) {
			int codePoint = name.codePointAt(i);
			if ((codePoint < 0x80) ? isNameChar((char) codePoint) : Character.isLetter(codePoint)) {
				kept.appendCodePoint(codePoint);
			}
			i += Character.charCount(codePoint);
		}
		if (kept.length() > MAX_NAME_CHARS) {
			// the last letter, a surrogate pair, did not fit whole
			kept.setLength(MAX_NAME_CHARS - 1);
		}
		return kept.isEmpty() ? UNKNOWN : kept.toString();
	}

	private static boolean isNameChar(char c) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return true;
		}
		return switch (c) {
			case ' ', '_', '.', ':', '/', '%', '&', '#', '=', '+', '-', '@' -> true;
			default -> c >= 0x80 && !Character.isSurrogate(c) && Character.isLetter(c);
		};
	}

}
