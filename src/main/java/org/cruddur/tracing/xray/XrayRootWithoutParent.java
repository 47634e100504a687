package org.cruddur.tracing.xray;

import java.util.Locale;

import org.cruddur.tracing.http.InboundTraceId;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Continues the trace an AWS load balancer starts: its {@code X-Amzn-Trace-Id} names a
 * {@code Root} and no {@code Parent} ({@code Root=1-67891233-abcdef012345678912345678},
 * maybe with {@code Self=} or {@code Sampled=}), and it writes that Root to its access
 * logs. The X-Ray SDKs continue the Root; so does this: the request's server span is a
 * root span of that trace, in both backends, and the sampler decides. A header with a
 * {@code Parent} is the propagator's to continue; a malformed Root is ignored.
 */
public class XrayRootWithoutParent implements InboundTraceId {

	/** Longer headers are not read: an ALB's is under 200 characters. */
	static final int MAX_HEADER_LENGTH = 1024;

	private static final String ZERO_TRACE_ID = "0".repeat(32);

	@Override
	public String traceId(ServerHttpRequest request) {
		return rootWithoutParent(request.getHeaders().getFirst(XrayTraceHeaderFilter.HEADER));
	}

	/** The Root as an OpenTelemetry trace id, or null. */
	static String rootWithoutParent(String header) {
		if (header == null || header.length() > MAX_HEADER_LENGTH) {
			return null;
		}
		String root = null;
		for (String field : header.split(";")) {
			int equals = field.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String key = field.substring(0, equals).strip();
			if (key.equalsIgnoreCase("Parent")) {
				return null;
			}
			if (key.equalsIgnoreCase("Root")) {
				root = field.substring(equals + 1).strip();
			}
		}
		return (root != null) ? toTraceId(root) : null;
	}

	/** {@code 1-67891233-abcdef012345678912345678} to 32 hex digits, or null. */
	private static String toTraceId(String root) {
		if (root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
			return null;
		}
		String traceId = (root.substring(2, 10) + root.substring(11)).toLowerCase(Locale.ROOT);
		for (int i = 0; i < traceId.length(); i++) {
			if (Character.digit(traceId.charAt(i), 16) < 0) {
				return null;
			}
		}
		return traceId.equals(ZERO_TRACE_ID) ? null : traceId;
	}

}
