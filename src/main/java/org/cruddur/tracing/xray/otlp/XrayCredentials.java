package org.cruddur.tracing.xray.otlp;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The service's AWS identity for signing, from an SDK credentials provider (in production
 * the SDK's {@code DefaultCredentialsProvider}, which caches what it found and refreshes
 * it before it expires). Called on the export and sampling threads, never on a request.
 *
 * <p>
 * When no provider finds credentials, the chain is not walked again for
 * {@code retryAfter} (it may probe the instance metadata service, which takes seconds
 * where there is none): meanwhile {@link #current()} answers {@code null} at once and the
 * callers count what they drop. One line is logged when credentials go missing and one
 * when they are found again; never the credentials.
 */
final class XrayCredentials implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(XrayCredentials.class);

	private final AwsCredentialsProvider provider;

	private final long retryAfterNanos;

	private final LongSupplier nanoClock;

	/** Guarded by this. */
	private long missingSince;

	/** Guarded by this: null until the first attempt, then whether it found any. */
	private Boolean found;

	XrayCredentials(AwsCredentialsProvider provider, Duration retryAfter, LongSupplier nanoClock) {
		this.provider = Objects.requireNonNull(provider, "provider");
		this.retryAfterNanos = retryAfter.toNanos();
		this.nanoClock = nanoClock;
	}

	/** The current credentials, or {@code null} while there are none. */
	synchronized AwsCredentialsIdentity current() {
		long now = this.nanoClock.getAsLong();
		if (Boolean.FALSE.equals(this.found) && now - this.missingSince < this.retryAfterNanos) {
			return null;
		}
		try {
			AwsCredentialsIdentity credentials = this.provider.resolveCredentials();
			if (!Boolean.TRUE.equals(this.found)) {
				logger.info("X-Ray OTLP: AWS credentials found ({}); spans and sampling requests are signed",
						this.provider.getClass().getSimpleName());
			}
			this.found = true;
			return credentials;
		}
		catch (RuntimeException ex) {
			// SdkClientException: every provider of the chain said why it found nothing
			if (!Boolean.FALSE.equals(this.found)) {
				logger.warn(
						"X-Ray OTLP: no AWS credentials ({}); spans for X-Ray are dropped and counted "
								+ "(cruddur.tracing.xray.otlp.spans, result=dropped, reason=no_credentials) and the "
								+ "local sampling rules decide, until credentials are found",
						firstLine(ex.getMessage()));
			}
			this.found = false;
			this.missingSince = now;
			return null;
		}
	}

	/** Stops the provider's refresh threads, if it has any. */
	@Override
	public void close() {
		if (this.provider instanceof SdkAutoCloseable closeable) {
			closeable.close();
		}
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no reason given";
		}
		int end = message.indexOf('\n');
		String line = (end < 0) ? message : message.substring(0, end);
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

}
