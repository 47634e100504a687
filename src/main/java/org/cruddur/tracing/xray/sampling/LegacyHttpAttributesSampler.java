package org.cruddur.tracing.xray.sampling;

import java.util.List;
import java.util.Objects;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Lets a sampler that matches on the OLD HTTP semantic conventions see the current ones:
 * at decision time only, {@code http.method}, {@code http.target} and
 * {@code net.host.name} are derived from {@code http.request.method}, {@code url.path}
 * and {@code server.address} ({@link RequestKey}) and handed to the delegate. The span
 * keeps its own attributes: only the delegate's result attributes are added to it.
 *
 * <p>
 * Needed because contrib {@code opentelemetry-aws-xray} 1.43's rule matching reads only
 * the old keys (1.48 reads the new ones; 1.43 is the newest this registry serves).
 */
final class LegacyHttpAttributesSampler implements Sampler {

	private static final List<RequestKey> KEYS = List.of(RequestKey.values());

	private final Sampler delegate;

	LegacyHttpAttributesSampler(Sampler delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return this.delegate.shouldSample(parentContext, traceId, name, spanKind, withLegacyKeys(attributes),
				parentLinks);
	}

	/**
	 * The attributes plus the legacy key of each request fact that only the current key
	 * carries; the same instance when there is nothing to add.
	 */
	static Attributes withLegacyKeys(Attributes attributes) {
		if (attributes == null) {
			return Attributes.empty();
		}
		AttributesBuilder withLegacy = null;
		for (RequestKey key : KEYS) {
			String value = attributes.get(key.current());
			if (value != null && key.readLegacy(attributes) == null) {
				withLegacy = (withLegacy != null) ? withLegacy : attributes.toBuilder();
				withLegacy.put(key.contribKey(), value);
			}
		}
		return (withLegacy != null) ? withLegacy.build() : attributes;
	}

	@Override
	public String getDescription() {
		return "LegacyHttpAttributes{" + this.delegate.getDescription() + "}";
	}

}
