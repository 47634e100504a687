package org.cruddur.tracing.xray.otlp;

import java.util.Locale;

/**
 * Why a batch did not reach X-Ray, handed by {@link SigningHttpSender} to the OTLP
 * exporter as the failure of its request, so that {@link XrayOtlpSpanExporter} can count
 * the batch's spans under that reason. No stack trace: it is an outcome, not a bug.
 */
final class ExportFailure extends RuntimeException {

	/** The {@code reason} tag of a dropped span. */
	enum Reason {

		/** No AWS credentials to sign with: nothing was sent. */
		NO_CREDENTIALS,

		/** X-Ray answered 4xx (other than 429): the batch is not retried. */
		REJECTED,

		/**
		 * Throttled (429), unavailable (5xx) or unreachable until the exporter's timeout
		 * ran out, retries included.
		 */
		UNAVAILABLE,

		/**
		 * Over X-Ray's limits even after truncation: a span over 200 KB, a request over 5
		 * MB.
		 */
		TOO_LARGE,

		/** Anything else (a bug): logged. */
		FAILED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Reason reason;

	ExportFailure(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	Reason reason() {
		return this.reason;
	}

	/** The reason somewhere in {@code failure}'s causes, or {@code null}. */
	static Reason reasonOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ExportFailure exportFailure) {
				return exportFailure.reason;
			}
		}
		return null;
	}

}
