package org.cruddur.tracing.xray.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One X-Ray sampling rule, as in {@code aws xray create-sampling-rule} and
 * {@code GetSamplingRules}: match criteria (globs) plus a reservoir (sampled requests per
 * second) and a fixed rate for the rest. Immutable; build with {@link #builder(String)}.
 */
public final class XraySamplingRule {

	private final String ruleName;

	private final int priority;

	private final double fixedRate;

	private final int reservoirSize;

	private final GlobPattern serviceName;

	private final GlobPattern serviceType;

	private final GlobPattern host;

	private final GlobPattern httpMethod;

	private final GlobPattern urlPath;

	private final GlobPattern resourceArn;

	private final int version;

	private final Map<String, GlobPattern> attributes;

	/** The fixed-rate decision, by trace id, exactly as the contrib sampler makes it. */
	private final Sampler fixedRateSampler;

	private XraySamplingRule(Builder b) {
		this.ruleName = b.ruleName;
		this.priority = b.priority;
		this.fixedRate = b.fixedRate;
		this.reservoirSize = b.reservoirSize;
		this.serviceName = GlobPattern.of(b.serviceName);
		this.serviceType = GlobPattern.of(b.serviceType);
		this.host = GlobPattern.of(b.host);
		this.httpMethod = GlobPattern.of(b.httpMethod);
		this.urlPath = GlobPattern.of(b.urlPath);
		this.resourceArn = GlobPattern.of(b.resourceArn);
		this.version = b.version;
		Map<String, GlobPattern> attrs = new LinkedHashMap<>();
		b.attributes.forEach((k, v) -> attrs.put(k, GlobPattern.of(v)));
		this.attributes = Collections.unmodifiableMap(attrs);
		this.fixedRateSampler = Sampler.traceIdRatioBased(fixedRate);
	}

	public static Builder builder(String ruleName) {
		return new Builder(ruleName);
	}

	/**
	 * Whether a request matches. {@code null} request values match only {@code *}
	 * patterns, as in the X-Ray SDKs. Span attributes are checked against the rule's
	 * {@code Attributes} globs.
	 */
	public boolean matches(String serviceNameValue, String serviceTypeValue, String method, String path,
			String hostValue, String arn, Attributes spanAttributes) {
		if (!(urlPath.matches(path) && httpMethod.matches(method) && host.matches(hostValue)
				&& serviceName.matches(serviceNameValue) && serviceType.matches(serviceTypeValue)
				&& resourceArn.matches(arn))) {
			return false;
		}
		if (!attributes.isEmpty()) {
			for (Map.Entry<String, GlobPattern> e : attributes.entrySet()) {
				Object value = spanAttributes.get(AttributeKey.stringKey(e.getKey()));
				if (value == null || !e.getValue().matches(value.toString())) {
					return false;
				}
			}
		}
		return true;
	}

	Sampler fixedRateSampler() {
		return fixedRateSampler;
	}

	/**
	 * The Honeycomb SampleRate of a fixed-rate hit: the inverse of the rate, at least 1.
	 */
	long fixedRateSampleRate() {
		if (fixedRate <= 0) {
			return 1;
		}
		return Math.max(1L, Math.round(1.0 / fixedRate));
	}

	public String ruleName() {
		return ruleName;
	}

	public int priority() {
		return priority;
	}

	public double fixedRate() {
		return fixedRate;
	}

	public int reservoirSize() {
		return reservoirSize;
	}

	public String serviceName() {
		return serviceName.pattern();
	}

	public String serviceType() {
		return serviceType.pattern();
	}

	public String host() {
		return host.pattern();
	}

	public String httpMethod() {
		return httpMethod.pattern();
	}

	public String urlPath() {
		return urlPath.pattern();
	}

	public String resourceArn() {
		return resourceArn.pattern();
	}

	public int version() {
		return version;
	}

	public Map<String, String> attributes() {
		Map<String, String> out = new LinkedHashMap<>();
		attributes.forEach((k, v) -> out.put(k, v.pattern()));
		return Collections.unmodifiableMap(out);
	}

	@Override
	public String toString() {
		return ruleName + "{priority=" + priority + ", reservoir=" + reservoirSize + "/s, fixedRate=" + fixedRate
				+ ", service=" + serviceName + ", method=" + httpMethod + ", host=" + host + ", path=" + urlPath + "}";
	}

	/**
	 * Builder; match fields default to {@code *}, priority to 10000 (after any real
	 * rule).
	 */
	public static final class Builder {

		private final String ruleName;

		private int priority = 10_000;

		private double fixedRate = 0.05;

		private int reservoirSize = 1;

		private String serviceName = "*";

		private String serviceType = "*";

		private String host = "*";

		private String httpMethod = "*";

		private String urlPath = "*";

		private String resourceArn = "*";

		private int version = 1;

		private final Map<String, String> attributes = new LinkedHashMap<>();

		private Builder(String ruleName) {
			this.ruleName = Objects.requireNonNull(ruleName, "ruleName");
		}

		public Builder priority(int priority) {
			this.priority = priority;
			return this;
		}

		/** 0..1. */
		public Builder fixedRate(double fixedRate) {
			if (!(fixedRate >= 0 && fixedRate <= 1)) {
				throw new IllegalArgumentException("FixedRate must be between 0 and 1, got " + fixedRate);
			}
			this.fixedRate = fixedRate;
			return this;
		}

		/** Requests per second sampled before the fixed rate applies; 0 or more. */
		public Builder reservoirSize(int reservoirSize) {
			if (reservoirSize < 0) {
				throw new IllegalArgumentException("ReservoirSize must not be negative, got " + reservoirSize);
			}
			this.reservoirSize = reservoirSize;
			return this;
		}

		public Builder serviceName(String glob) {
			this.serviceName = glob;
			return this;
		}

		public Builder serviceType(String glob) {
			this.serviceType = glob;
			return this;
		}

		public Builder host(String glob) {
			this.host = glob;
			return this;
		}

		public Builder httpMethod(String glob) {
			this.httpMethod = glob;
			return this;
		}

		public Builder urlPath(String glob) {
			this.urlPath = glob;
			return this;
		}

		public Builder resourceArn(String glob) {
			this.resourceArn = glob;
			return this;
		}

		public Builder version(int version) {
			this.version = version;
			return this;
		}

		public Builder attribute(String key, String glob) {
			attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(glob, "glob"));
			return this;
		}

		public XraySamplingRule build() {
			return new XraySamplingRule(this);
		}

	}

}
