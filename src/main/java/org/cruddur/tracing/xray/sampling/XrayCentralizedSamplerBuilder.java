package org.cruddur.tracing.xray.sampling;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.contrib.awsxray.AwsXrayRemoteSampler;
import io.opentelemetry.sdk.resources.Resource;

/** Builds an {@link XrayCentralizedSampler}; only the resource is required. */
public final class XrayCentralizedSamplerBuilder {

	private final Resource resource;

	private String endpoint = "http://127.0.0.1:2000";

	private XraySamplingRules localRules = new XraySamplingRules(List.of());

	private Duration rulesPollingInterval = Duration.ofSeconds(300);

	private Duration healthCheckInterval = Duration.ofSeconds(30);

	private Duration healthCheckTimeout = Duration.ofSeconds(2);

	XrayCentralizedSamplerBuilder(Resource resource) {
		this.resource = Objects.requireNonNull(resource, "resource");
	}

	/** The daemon's sampling API, e.g. {@code http://127.0.0.1:2000}. */
	public XrayCentralizedSamplerBuilder endpoint(String baseUrl) {
		String url = Objects.requireNonNull(baseUrl, "baseUrl").trim();
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		URI.create(url); // fail fast on garbage
		this.endpoint = url;
		return this;
	}

	/**
	 * The TCP address of {@code AWS_XRAY_DAEMON_ADDRESS}, as the X-Ray SDK core parses
	 * it. The endpoint keeps the host name: contrib's okhttp client and the health
	 * probe's JDK client look it up for each new connection (the JVM caches a lookup for
	 * 30 s), so the rules follow a daemon that moved to a new address.
	 */
	public XrayCentralizedSamplerBuilder daemonConfiguration(DaemonConfiguration configuration) {
		return endpoint(configuration.getEndpointForTCPConnection());
	}

	/**
	 * Rules applied while the daemon does not answer (and as contrib's initial sampler).
	 */
	public XrayCentralizedSamplerBuilder localRules(XraySamplingRules rules) {
		this.localRules = Objects.requireNonNull(rules, "rules");
		return this;
	}

	/** How often contrib's sampler polls the rules; default 300 s (as the AWS SDKs). */
	public XrayCentralizedSamplerBuilder rulesPollingInterval(Duration interval) {
		this.rulesPollingInterval = positive(interval, "rulesPollingInterval");
		return this;
	}

	/**
	 * How often the daemon is probed; bounds how fast the local fallback takes over.
	 * Default 30 s.
	 */
	public XrayCentralizedSamplerBuilder healthCheckInterval(Duration interval) {
		this.healthCheckInterval = positive(interval, "healthCheckInterval");
		return this;
	}

	/** Connect and response timeout of a probe; default 2 s. */
	public XrayCentralizedSamplerBuilder healthCheckTimeout(Duration timeout) {
		this.healthCheckTimeout = positive(timeout, "healthCheckTimeout");
		return this;
	}

	/**
	 * Starts the health probe; contrib's pollers start when the daemon first answers.
	 */
	public XrayCentralizedSampler build() {
		XrayLocalRuleSampler local = new XrayLocalRuleSampler(this.localRules, this.resource);
		String endpoint = this.endpoint;
		Resource resource = this.resource;
		Duration pollingInterval = this.rulesPollingInterval;
		DaemonHealthProbe probe = new DaemonHealthProbe(endpoint, this.healthCheckTimeout);
		XrayCentralizedSampler sampler = new XrayCentralizedSampler(endpoint, resource, local,
				() -> AwsXrayRemoteSampler.newBuilder(resource)
					.setEndpoint(endpoint)
					.setPollingInterval(pollingInterval)
					.setInitialSampler(local)
					.build(),
				probe);
		probe.start(this.healthCheckInterval, sampler::useDaemonRules);
		return sampler;
	}

	private static Duration positive(Duration duration, String name) {
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return duration;
	}

}
