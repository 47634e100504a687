package org.cruddur.tracing.xray.sampling;

import java.io.Closeable;
import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.awsxray.AwsXrayRemoteSampler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

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
 * {@link RemoteSampleRateSampler}; its initial sampler is the local one;
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

	private final String endpoint;

	private final Resource resource;

	private final XrayLocalRuleSampler local;

	private final AwsXrayRemoteSampler contrib;

	private final Sampler remote;

	private final DaemonHealthProbe probe;

	/** {@link #local}, or remote with the daemon's current rules. */
	private volatile Sampler deciding;

	XrayCentralizedSampler(String endpoint, Resource resource, XrayLocalRuleSampler local, AwsXrayRemoteSampler contrib,
			DaemonHealthProbe probe) {
		this.endpoint = endpoint;
		this.resource = resource;
		this.local = local;
		this.contrib = contrib;
		this.remote = new LegacyHttpAttributesSampler(contrib);
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
	 * answer ({@code null}).
	 */
	void useDaemonRules(XraySamplingRules rules) {
		this.deciding = (rules != null)
				? new RemoteSampleRateSampler(this.remote, new XrayLocalRuleSampler(rules, this.resource)) : this.local;
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
		return "XrayCentralizedSampler{endpoint=" + this.endpoint + ", mode="
				+ (isUsingCentralizedRules() ? "centralized" : "local") + ", remote=" + this.contrib.getDescription()
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
		this.contrib.close();
	}

}
