package org.cruddur.tracing.xray;

/**
 * The X-Ray spelling of an OpenTelemetry trace id:
 * {@code 6b07fbd63a2482d4fd7fe384ee609d52} is {@code 1-6b07fbd6-3a2482d4fd7fe384ee609d52}
 * (version, epoch seconds, random part). New root traces get ids whose first 8 hex digits
 * are the epoch second ({@code AwsXrayIdGenerator}), so both consoles show the same
 * trace.
 */
public final class XrayTraceIds {

	private XrayTraceIds() {
	}

	/**
	 * @param traceId 32 lower-case hex digits
	 */
	public static String toXray(String traceId) {
		if (traceId == null || traceId.length() != 32) {
			throw new IllegalArgumentException("not an OpenTelemetry trace id: " + traceId);
		}
		return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
	}

}
