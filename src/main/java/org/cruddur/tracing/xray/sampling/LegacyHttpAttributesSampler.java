package org.cruddur.tracing.xray.sampling;

import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.HTTP_REQUEST_METHOD;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.LEGACY_HTTP_HOST;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.LEGACY_HTTP_METHOD;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.LEGACY_HTTP_TARGET;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.LEGACY_NET_HOST_NAME;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.SERVER_ADDRESS;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.URL_PATH;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Objects;

/**
 * Lets a sampler that matches on the OLD HTTP semantic conventions see the current ones:
 * at decision time only, {@code http.method}, {@code http.target} and
 * {@code net.host.name} are derived from {@code http.request.method}, {@code url.path}
 * and {@code server.address} and handed to the delegate. The span keeps its own
 * attributes: only the delegate's result attributes are added to it.
 *
 * <p>
 * Needed because contrib {@code opentelemetry-aws-xray} 1.43's rule matching reads only
 * the old keys.
 */
final class LegacyHttpAttributesSampler implements Sampler {

	private final Sampler delegate;

	LegacyHttpAttributesSampler(Sampler delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return delegate.shouldSample(parentContext, traceId, name, spanKind, withLegacyKeys(attributes), parentLinks);
	}

	static Attributes withLegacyKeys(Attributes attributes) {
		if (attributes == null) {
			return Attributes.empty();
		}
		String method = attributes.get(HTTP_REQUEST_METHOD);
		String path = attributes.get(URL_PATH);
		String host = attributes.get(SERVER_ADDRESS);
		boolean addMethod = method != null && attributes.get(LEGACY_HTTP_METHOD) == null;
		boolean addTarget = path != null && attributes.get(LEGACY_HTTP_TARGET) == null;
		boolean addHost = host != null && attributes.get(LEGACY_NET_HOST_NAME) == null
				&& attributes.get(LEGACY_HTTP_HOST) == null;
		if (!addMethod && !addTarget && !addHost) {
			return attributes;
		}
		AttributesBuilder b = attributes.toBuilder();
		if (addMethod) {
			b.put(LEGACY_HTTP_METHOD, method);
		}
		if (addTarget) {
			// X-Ray's URLPath is matched against the path: leave any query out.
			b.put(LEGACY_HTTP_TARGET, path);
		}
		if (addHost) {
			b.put(LEGACY_NET_HOST_NAME, host);
		}
		return b.build();
	}

	@Override
	public String getDescription() {
		return "LegacyHttpAttributes{" + delegate.getDescription() + "}";
	}

}
