package org.cruddur.tracing.xray.sampling;

import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.SAMPLE_RATE;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.awsxray.AwsXrayRemoteSampler;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X-Ray centralized sampling through the daemon, with the local rules as fallback. One
 * decision serves both backends (Honeycomb over OTLP and X-Ray over UDP). Wrap it in
 * {@code Sampler.parentBased(...)} so an upstream decision is honoured; {@link #close()}
 * it on shutdown.
 *
 * <h2>How</h2> Remote decisions are made by the maintained contrib
 * {@link AwsXrayRemoteSampler} (it polls {@code
 * POST /GetSamplingRules}, reports statistics and receives quotas via
 * {@code POST /SamplingTargets}), behind {@link LegacyHttpAttributesSampler} because
 * contrib 1.43 matches on the old HTTP keys. Its initial sampler (used until it has
 * fetched rules) is the {@link XrayLocalRuleSampler}.
 *
 * <h2>Why a health probe</h2> Reading contrib 1.43: once rules were fetched, a failing
 * poll is only logged at FINE and the last rules stay in force forever; a target's
 * reservoir quota expires at its TTL but its fixed rate does not, and the rule set never
 * expires. So the contrib never falls back by itself. This sampler therefore probes
 * {@code POST /GetSamplingRules} itself every {@code healthCheckInterval} (default 30 s,
 * timeout 2 s): while the last probe failed (or before the first success), decisions are
 * made by the local rules; when it answers again, by the contrib sampler. The fallback
 * takes over at most one interval + 2 x timeout (connect, then response) after the daemon
 * stops answering (default: 34 s). The probe also yields the current rule set, used for
 * SampleRate below. Cost: one small request to the daemon per interval (which the daemon
 * proxies to the X-Ray API).
 *
 * <h2>SampleRate</h2> Local decisions carry an exact {@code SampleRate}. The contrib's
 * results do not say whether the reservoir or the fixed rate sampled, so for remote
 * decisions SampleRate is derived from the first matching rule of the probed rule set: if
 * that rule's fixed rate would sample this trace id (the contrib uses the same
 * deterministic trace-id ratio) SampleRate = round(1 / FixedRate), else it was a
 * reservoir (or borrowed) sample and SampleRate = 1. Approximations: a reservoir hit
 * whose trace id also falls under the fixed rate is weighted as a fixed-rate hit, and a
 * fixed rate changed by a {@code SamplingTargets} answer (X-Ray normally returns the
 * rule's own) is not seen.
 */
public final class XrayCentralizedSampler implements Sampler, Closeable {

	private static final Logger log = LoggerFactory.getLogger(XrayCentralizedSampler.class);

	private final XrayLocalRuleSampler local;

	private final AwsXrayRemoteSampler contrib;

	private final Sampler remote;

	private final XrayLocalRuleSampler.RequestMatcherContext matcherContext;

	private final String endpoint;

	private final HttpClient http;

	private final HttpRequest probeRequest;

	private final ScheduledExecutorService prober;

	private volatile List<XraySamplingRule> remoteRules; // null until the daemon
															// answered; null again when
															// it stops

	private volatile boolean closed;

	private XrayCentralizedSampler(Builder b) {
		this.endpoint = b.endpoint;
		this.local = new XrayLocalRuleSampler(b.localRules, b.resource, b.clock);
		this.matcherContext = XrayLocalRuleSampler.RequestMatcherContext.of(b.resource);
		this.contrib = AwsXrayRemoteSampler.newBuilder(b.resource)
			.setEndpoint(b.endpoint)
			.setPollingInterval(b.rulesPollingInterval)
			.setInitialSampler(local)
			.setClock(b.clock)
			.build();
		this.remote = new LegacyHttpAttributesSampler(contrib);
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(b.healthCheckTimeout)
			.build();
		this.probeRequest = HttpRequest.newBuilder(URI.create(b.endpoint + "/GetSamplingRules"))
			.timeout(b.healthCheckTimeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "xray-sampling-health");
			t.setDaemon(true);
			return t;
		});
		long interval = b.healthCheckInterval.toNanos();
		prober.scheduleWithFixedDelay(this::probe, 0, interval, TimeUnit.NANOSECONDS);
	}

	public static Builder builder(Resource resource) {
		return new Builder(resource);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		List<XraySamplingRule> rules = remoteRules;
		if (rules == null) {
			return local.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
		}
		SamplingResult result = remote.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
		if (result.getDecision() != SamplingDecision.RECORD_AND_SAMPLE
				|| result.getAttributes().get(SAMPLE_RATE) != null) {
			return result; // dropped, or decided by the contrib's initial (local) sampler
							// with an exact rate
		}
		Attributes attrs = attributes == null ? Attributes.empty() : attributes;
		XraySamplingRule rule = XrayLocalRuleSampler.firstMatch(rules, matcherContext, attrs);
		long sampleRate = 1;
		if (rule.fixedRate() > 0 && rule.fixedRateSampler()
			.shouldSample(parentContext, traceId, name, spanKind, attrs, parentLinks)
			.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
			sampleRate = rule.fixedRateSampleRate();
		}
		return SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
				result.getAttributes().toBuilder().put(SAMPLE_RATE, sampleRate).build());
	}

	private void probe() {
		if (closed) {
			return;
		}
		List<XraySamplingRule> rules = null;
		String problem = null;
		try {
			HttpResponse<String> response = http.send(probeRequest, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				rules = XraySamplingRules.parse(response.body(), endpoint + "/GetSamplingRules").rules();
			}
			else {
				problem = "HTTP " + response.statusCode();
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception e) {
			problem = e.toString();
		}
		boolean wasRemote = remoteRules != null;
		remoteRules = rules;
		if (rules != null && !wasRemote) {
			log.info("X-Ray sampling: daemon at {} answers; centralized sampling rules decide", endpoint);
		}
		else if (rules == null && wasRemote) {
			log.warn("X-Ray sampling: daemon at {} does not answer ({}); local sampling rules decide", endpoint,
					problem);
		}
		else if (rules == null) {
			log.debug("X-Ray sampling: daemon at {} not answering ({})", endpoint, problem);
		}
	}

	/**
	 * Whether centralized (daemon) rules currently decide; false while the local fallback
	 * decides.
	 */
	public boolean isUsingCentralizedRules() {
		return remoteRules != null;
	}

	/** The sampling API endpoint, e.g. {@code http://127.0.0.1:2000}. */
	public String getEndpoint() {
		return endpoint;
	}

	@Override
	public String getDescription() {
		return "XrayCentralizedSampler{endpoint=" + endpoint + ", mode="
				+ (remoteRules != null ? "centralized" : "local") + ", remote=" + contrib.getDescription() + ", local="
				+ local.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	/** Stops the health probe and the contrib's pollers. */
	@Override
	public void close() {
		closed = true;
		prober.shutdownNow();
		contrib.close();
	}

	/** Builder; only the resource is required. */
	public static final class Builder {

		private final Resource resource;

		private String endpoint = "http://127.0.0.1:2000";

		private XraySamplingRules localRules = XraySamplingRules.none();

		private Duration rulesPollingInterval = Duration.ofSeconds(300);

		private Duration healthCheckInterval = Duration.ofSeconds(30);

		private Duration healthCheckTimeout = Duration.ofSeconds(2);

		private Clock clock = Clock.getDefault();

		private Builder(Resource resource) {
			this.resource = Objects.requireNonNull(resource, "resource (the SDK's, for service.name)");
		}

		/** The daemon's sampling API base URL; default {@code http://127.0.0.1:2000}. */
		public Builder endpoint(String baseUrl) {
			String url = Objects.requireNonNull(baseUrl, "baseUrl").trim();
			while (url.endsWith("/")) {
				url = url.substring(0, url.length() - 1);
			}
			URI.create(url); // fail fast on garbage
			this.endpoint = url;
			return this;
		}

		/**
		 * The TCP address of {@code AWS_XRAY_DAEMON_ADDRESS}, as the X-Ray SDK core
		 * parses it.
		 */
		public Builder daemonConfiguration(DaemonConfiguration configuration) {
			return endpoint(configuration.getEndpointForTCPConnection());
		}

		/**
		 * Rules applied while the daemon does not answer (and as the contrib's initial
		 * sampler).
		 */
		public Builder localRules(XraySamplingRules rules) {
			this.localRules = Objects.requireNonNull(rules, "rules");
			return this;
		}

		/**
		 * How often the contrib sampler polls the rules; default 300 s (as the AWS SDKs).
		 */
		public Builder rulesPollingInterval(Duration interval) {
			this.rulesPollingInterval = positive(interval, "rulesPollingInterval");
			return this;
		}

		/**
		 * How often the daemon is probed; bounds how fast the local fallback takes over.
		 * Default 30 s.
		 */
		public Builder healthCheckInterval(Duration interval) {
			this.healthCheckInterval = positive(interval, "healthCheckInterval");
			return this;
		}

		/** Connect and response timeout of a probe; default 2 s. */
		public Builder healthCheckTimeout(Duration timeout) {
			this.healthCheckTimeout = positive(timeout, "healthCheckTimeout");
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		public XrayCentralizedSampler build() {
			return new XrayCentralizedSampler(this);
		}

		private static Duration positive(Duration d, String name) {
			if (d == null || d.isZero() || d.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return d;
		}

	}

}
