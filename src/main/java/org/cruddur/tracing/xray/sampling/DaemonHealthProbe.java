package org.cruddur.tracing.xray.sampling;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the daemon for its sampling rules ({@code POST /GetSamplingRules}) on a fixed
 * delay, and hands each answer to a listener: the rule set, or {@code null} while the
 * daemon does not answer (no connection, a timeout, a status other than 200, rules it
 * cannot read). Logs when the daemon's rules start deciding (as the listener reports) or
 * the daemon stops answering.
 *
 * <p>
 * Why: contrib 1.43 never falls back by itself. Once it has fetched rules, a failing poll
 * is only logged at FINE and the last rules stay in force forever (a target's reservoir
 * quota expires at its TTL, its fixed rate and the rule set never do).
 */
final class DaemonHealthProbe implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(DaemonHealthProbe.class);

	private final String endpoint;

	private final Duration timeout;

	/** Built by the first probe, on the probe thread; read and written there only. */
	private HttpClient http;

	private final HttpRequest request;

	private volatile Predicate<XraySamplingRules> listener;

	private final ScheduledExecutorService prober;

	/** Whether the last probe got rules; read and written by the probe thread only. */
	private boolean answering;

	/**
	 * What the listener last reported: whether the daemon's rules decide (it may answer
	 * while they do not: the centralized sampler could not start); false if it threw.
	 * Probe thread only.
	 */
	private boolean centralized;

	private volatile boolean closed;

	/**
	 * @param endpoint the sampling API, e.g. {@code http://127.0.0.1:2000}
	 * @param timeout connect and response timeout of each probe
	 */
	DaemonHealthProbe(String endpoint, Duration timeout) {
		this.endpoint = endpoint;
		this.timeout = timeout;
		this.request = HttpRequest.newBuilder(URI.create(endpoint + "/GetSamplingRules"))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		this.prober = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "xray-sampling-health");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Probes now, then {@code interval} after each probe ends.
	 * @param listener called on the probe thread after each probe; returns whether the
	 * daemon's rules now decide (they may not, though it answers: the sampler says why)
	 */
	void start(Duration interval, Predicate<XraySamplingRules> listener) {
		this.listener = listener;
		this.prober.scheduleWithFixedDelay(this::probe, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void probe() {
		if (this.closed) {
			return;
		}
		XraySamplingRules rules = null;
		String problem;
		try {
			if (this.http == null) {
				// Built here, not by the constructor: a JDK client builds its TLS
				// context (0.3 s of a start without an archive; docs/benchmarks.md).
				this.http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(this.timeout)
					.build();
			}
			HttpResponse<String> response = this.http.send(this.request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				rules = XraySamplingRules.parse(response.body(), this.endpoint + "/GetSamplingRules");
			}
			problem = "HTTP " + response.statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception ex) {
			// IOException from the client, IllegalArgumentException from the rules
			problem = ex.toString();
		}
		try {
			report(rules, problem);
		}
		catch (RuntimeException | LinkageError ex) {
			// A task of a scheduled executor that throws never runs again: the probe
			// would stop for good, without a word, in whichever mode it was.
			log.warn("X-Ray sampling: handling the daemon's answer failed ({}); the next probe tries again",
					ex.toString());
		}
	}

	private void report(XraySamplingRules rules, String problem) {
		boolean wasAnswering = this.answering;
		boolean wasCentralized = this.centralized;
		this.answering = rules != null;
		this.centralized = false; // stays so if the listener throws
		this.centralized = this.listener.test(rules) && this.answering;
		if (this.centralized && !wasCentralized) {
			log.info("X-Ray sampling: daemon at {} answers; centralized sampling rules decide", this.endpoint);
		}
		else if (!this.answering && wasAnswering) {
			log.warn("X-Ray sampling: daemon at {} does not answer ({}); local sampling rules decide", this.endpoint,
					problem);
		}
		else if (!this.answering) {
			log.debug("X-Ray sampling: daemon at {} not answering ({})", this.endpoint, problem);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.prober.shutdownNow();
	}

}
