package org.cruddur.tracing.xray.otlp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.cruddur.testing.SigV4Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Missing credentials are looked for again only after the retry interval, and each change
 * (missing, found) is one log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class XrayCredentialsTest {

	private static final Duration RETRY = Duration.ofSeconds(60);

	private static final AwsCredentials KEYS = AwsBasicCredentials.create(SigV4Verifier.TEST_CREDENTIALS.accessKeyId(),
			SigV4Verifier.TEST_CREDENTIALS.secretAccessKey());

	private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

	/** What the provider does next: a message is thrown, null answers the keys. */
	private final Deque<String> failures = new ArrayDeque<>();

	private final AtomicInteger lookups = new AtomicInteger();

	private final AwsCredentialsProvider provider = () -> {
		this.lookups.incrementAndGet();
		String failure = this.failures.poll();
		if (failure != null) {
			throw new IllegalStateException(failure);
		}
		return KEYS;
	};

	private final XrayCredentials credentials = new XrayCredentials(this.provider, RETRY, this.clock::get);

	@Test
	void missingCredentialsAreLookedForAgainOnlyAfterTheRetryInterval(CapturedOutput output) {
		this.failures.add("none here");
		this.failures.add("still none");
		assertThat(this.credentials.current()).isNull();
		assertThat(this.lookups.get()).isEqualTo(1);
		this.clock.addAndGet(RETRY.toNanos() - 1);
		assertThat(this.credentials.current()).isNull();
		assertThat(this.lookups.get()).as("not looked for within the interval").isEqualTo(1);
		this.clock.addAndGet(1);
		assertThat(this.credentials.current()).isNull();
		assertThat(this.lookups.get()).isEqualTo(2);
		assertThat(count(output.getAll(), "X-Ray OTLP: no AWS credentials (")).as("one line while missing")
			.isEqualTo(1);
		assertThat(output.getAll()).contains("X-Ray OTLP: no AWS credentials (none here)");

		this.clock.addAndGet(RETRY.toNanos());
		assertThat(this.credentials.current()).isSameAs(KEYS);
		assertThat(this.credentials.current()).as("found: asked every time").isSameAs(KEYS);
		assertThat(this.lookups.get()).isEqualTo(4);
		assertThat(count(output.getAll(), "X-Ray OTLP: AWS credentials found (")).isEqualTo(1);

		this.failures.add("gone");
		assertThat(this.credentials.current()).isNull();
		assertThat(output.getAll()).contains("X-Ray OTLP: no AWS credentials (gone)");
		assertThat(output.getAll()).doesNotContain(SigV4Verifier.TEST_CREDENTIALS.secretAccessKey());
	}

	@Test
	void theReasonLoggedIsTheFirstLineAtMost300Characters(CapturedOutput output) {
		String exactly300 = "a".repeat(300);
		this.failures.add(exactly300 + "\nsecond line");
		this.credentials.current();
		assertThat(output.getAll()).contains("no AWS credentials (" + exactly300 + ");").doesNotContain("second line");

		XrayCredentials longReason = new XrayCredentials(() -> {
			throw new IllegalStateException("b".repeat(301));
		}, RETRY, this.clock::get);
		longReason.current();
		assertThat(output.getAll()).contains("no AWS credentials (" + "b".repeat(300) + "...);");

		XrayCredentials noReason = new XrayCredentials(() -> {
			throw new IllegalStateException((String) null);
		}, RETRY, this.clock::get);
		noReason.current();
		assertThat(output.getAll()).contains("no AWS credentials (no reason given);");
	}

	@Test
	void closingStopsAClosableProvider() {
		AtomicBoolean closed = new AtomicBoolean();
		new XrayCredentials(new ClosableProvider(closed), RETRY, this.clock::get).close();
		assertThat(closed).isTrue();
		this.credentials.close();
		assertThat(this.lookups.get()).isZero();
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	private record ClosableProvider(AtomicBoolean closed) implements AwsCredentialsProvider, SdkAutoCloseable {

		@Override
		public AwsCredentials resolveCredentials() {
			return KEYS;
		}

		@Override
		public void close() {
			this.closed.set(true);
		}

	}

}
