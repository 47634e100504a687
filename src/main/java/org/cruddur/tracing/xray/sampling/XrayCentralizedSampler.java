package org.cruddur.tracing.xray.sampling;

import java.io.Closeable;
import java.util.List;
import java.util.function.Supplier;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.awsxray.AwsXrayRemoteSampler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X-Ray centralized sampling through the daemon, with the local rules as fallback. One
 * decision serves both backends (Honeycomb over OTLP and X-Ray over UDP). Wrap it in
 * {@code Sampler.parentBased(...)} so an upstream decision is honoured; {@link #close()}
 * it on shutdown.
 *
 * <p>
 * Composed of ({@link XrayCentralizedSamplerBuilder#build()}):
 * <ul>
 * <li>remote: contrib's {@link AwsXrayRemoteSampler} (polls {@code GetSamplingRules},
 * reports statistics and receives quotas through {@code SamplingTargets}), seeing the
 * request through {@link LegacyHttpAttributesSampler}, its sampled results weighted by
 * {@link RemoteSampleRateSampler}; its initial sampler is the local one. It is built when
 * the daemon first answers, on the probe's thread: never, with no daemon, and not on the
 * thread that starts the service (OkHttp, Kotlin's runtime and a Jackson 2 mapper: about
 * 0.5 s of a start without an archive; docs/benchmarks.md). Until its first poll returns,
 * its initial (local) sampler decides, weighted by the daemon's rates;
 * <li>local: {@link XrayLocalRuleSampler} over the rule file;
 * <li>the switch: a {@link DaemonHealthProbe} every {@code healthCheckInterval} (default
 * 30 s, timeout 2 s). While the daemon answers, remote decides; from the first probe that
 * fails (and before the first that succeeds), local does. The fallback takes over at most
 * one interval + 2 x timeout (connect, then response) after the daemon stops answering
 * (default: 34 s). Cost: one small request to the daemon per interval (which the daemon
 * proxies to the X-Ray API).
 * </ul>
 */
public final class XrayCentralizedSampler implements Sampler, Closeable {

	private static final Logger log = LoggerFactory.getLogger(XrayCentralizedSampler.class);

	private final String endpoint;

	private final Resource resource;

	private final XrayLocalRuleSampler local;

	private final Supplier<AwsXrayRemoteSampler> contribFactory;

	private final DaemonHealthProbe probe;

	/** Built on the first answer of the daemon; guarded by {@code this}. */
	private AwsXrayRemoteSampler contrib;

	/** {@link #contrib} as the daemon's rules see a request; guarded by {@code this}. */
	private Sampler remote;

	/** Guarded by {@code this}. */
	private boolean closed;

	/** {@link #local}, or remote with the daemon's current rules. */
	private volatile Sampler deciding;

	/**
	 * @param contribFactory builds contrib's sampler (which starts polling at once), when
	 * the daemon first answers
	 */
	XrayCentralizedSampler(String endpoint, Resource resource, XrayLocalRuleSampler local,
			Supplier<AwsXrayRemoteSampler> contribFactory, DaemonHealthProbe probe) {
		this.endpoint = endpoint;
		this.resource = resource;
		this.local = local;
		this.contribFactory = contribFactory;
		this.probe = probe;
		this.deciding = local;
	}

	public static XrayCentralizedSamplerBuilder builder(Resource resource) {
		return new XrayCentralizedSamplerBuilder(resource);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return this.deciding.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	/**
	 * Switches to the daemon's current rules, or to the local ones while it does not
	 * answer ({@code null}) or while contrib's sampler cannot start; nothing changes once
	 * closed. Called on the probe's thread.
	 * @return whether the daemon's rules now decide
	 */
	boolean useDaemonRules(XraySamplingRules rules) {
		Sampler remote = (rules != null) ? remote() : null;
		synchronized (this) {
			if (this.closed) {
				// a probe that was answering while the sampler closed: what decided stays
				return false;
			}
			this.deciding = (remote != null)
					? new RemoteSampleRateSampler(remote, new XrayLocalRuleSampler(rules, this.resource)) : this.local;
		}
		return remote != null;
	}

	/**
	 * Contrib's sampler, built on first use; null once closed or if it cannot be built.
	 */
	private synchronized Sampler remote() {
		if (this.closed) {
			return null;
		}
		if (this.remote == null) {
			try {
				this.contrib = this.contribFactory.get();
				this.remote = new LegacyHttpAttributesSampler(this.contrib);
			}
			catch (RuntimeException | LinkageError ex) {
				// the local rules go on deciding; the next probe tries again
				log.warn("X-Ray sampling: the daemon answers, but the centralized sampler could not start ({}); "
						+ "local sampling rules decide", ex.toString());
			}
		}
		return this.remote;
	}

	/**
	 * Whether centralized (daemon) rules currently decide; false while the local fallback
	 * decides.
	 */
	public boolean isUsingCentralizedRules() {
		return this.deciding != this.local;
	}

	/** The sampling API endpoint, e.g. {@code http://127.0.0.1:2000}. */
	public String getEndpoint() {
		return this.endpoint;
	}

	@Override
	public String getDescription() {
		AwsXrayRemoteSampler started;
		synchronized (this) {
			started = this.contrib;
		}
		return "XrayCentralizedSampler{endpoint=" + this.endpoint + ", mode="
				+ (isUsingCentralizedRules() ? "centralized" : "local") + ", remote="
				+ ((started != null) ? started.getDescription() : "not started (the daemon has not answered)")
				+ ", local=" + this.local.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	/** Stops the health probe and contrib's pollers. */
	@Override
	public void close() {
		this.probe.close();
		synchronized (this) {
			this.closed = true;
			if (this.contrib != null) {
				this.contrib.close();
			}
		}
	}

}
