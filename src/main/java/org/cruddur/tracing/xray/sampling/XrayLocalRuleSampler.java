package org.cruddur.tracing.xray.sampling;

import org.cruddur.tracing.SampleRateRatioSampler;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies X-Ray sampling rules locally, without the daemon: the first matching rule
 * (ascending priority) decides, with a reservoir of {@code ReservoirSize} sampled
 * requests per second and then {@code FixedRate} by trace id (the same trace-id ratio the
 * contrib sampler uses, so every service decides alike for a trace). A built-in default
 * (1/s + 5%, X-Ray's default) catches what no rule matches.
 *
 * <p>
 * The request is read from span-start attributes with the current semantic conventions:
 * {@code http.request.method}, {@code url.path} and {@code server.address} (legacy
 * {@code http.method}, {@code http.target}, {@code http.host}/{@code net.host.name} are
 * accepted too); the service name is the resource's {@code service.name}, the service
 * type comes from {@code cloud.platform}.
 *
 * <p>
 * Sampled results carry Honeycomb's {@link #SAMPLE_RATE} attribute: 1 for reservoir hits,
 * the rounded inverse of the fixed rate otherwise. Thread-safe and lock-free.
 */
public final class XrayLocalRuleSampler implements Sampler {

	/** Honeycomb's weight for a sampled event: how many events it stands for. */
	public static final AttributeKey<Long> SAMPLE_RATE = SampleRateRatioSampler.SAMPLE_RATE;

	static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
	static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
	static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
	static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
	static final AttributeKey<String> LEGACY_HTTP_METHOD = AttributeKey.stringKey("http.method");
	static final AttributeKey<String> LEGACY_HTTP_TARGET = AttributeKey.stringKey("http.target");
	static final AttributeKey<String> LEGACY_HTTP_HOST = AttributeKey.stringKey("http.host");
	static final AttributeKey<String> LEGACY_NET_HOST_NAME = AttributeKey.stringKey("net.host.name");

	private final RuleState[] rules;

	private final RuleState defaultRule;

	private final RequestMatcherContext resourceContext;

	private final Clock clock;

	private final String description;

	public XrayLocalRuleSampler(XraySamplingRules rules, Resource resource) {
		this(rules, resource, Clock.getDefault());
	}

	public XrayLocalRuleSampler(XraySamplingRules rules, Resource resource, Clock clock) {
		Objects.requireNonNull(rules, "rules");
		this.clock = Objects.requireNonNull(clock, "clock");
		List<RuleState> states = new ArrayList<>();
		for (XraySamplingRule rule : rules.rules()) {
			states.add(new RuleState(rule));
		}
		this.rules = states.toArray(new RuleState[0]);
		this.defaultRule = new RuleState(XraySamplingRules.DEFAULT_RULE);
		this.resourceContext = RequestMatcherContext.of(resource);
		this.description = "XrayLocalRuleSampler{" + rules + ", default=" + XraySamplingRules.DEFAULT_RULE + "}";
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		XraySamplingRule rule = null;
		RuleState state = defaultRule;
		Attributes attrs = attributes == null ? Attributes.empty() : attributes;
		String method = requestMethod(attrs);
		String path = requestPath(attrs);
		String host = requestHost(attrs);
		for (RuleState candidate : rules) {
			if (candidate.rule.matches(resourceContext.serviceName, resourceContext.serviceType, method, path, host,
					resourceContext.arn, attrs)) {
				state = candidate;
				break;
			}
		}
		return state.decide(clock.nanoTime(), parentContext, traceId, name, spanKind, attrs, parentLinks);
	}

	/**
	 * The first rule (or the default) that matches; for SampleRate estimates elsewhere.
	 */
	static XraySamplingRule firstMatch(List<XraySamplingRule> rules, RequestMatcherContext resource, Attributes attrs) {
		String method = requestMethod(attrs);
		String path = requestPath(attrs);
		String host = requestHost(attrs);
		for (XraySamplingRule rule : rules) {
			if (rule.matches(resource.serviceName, resource.serviceType, method, path, host, resource.arn, attrs)) {
				return rule;
			}
		}
		return XraySamplingRules.DEFAULT_RULE;
	}

	static String requestMethod(Attributes attrs) {
		String method = attrs.get(HTTP_REQUEST_METHOD);
		return method != null ? method : attrs.get(LEGACY_HTTP_METHOD);
	}

	static String requestPath(Attributes attrs) {
		String path = attrs.get(URL_PATH);
		if (path != null) {
			return path;
		}
		String target = attrs.get(LEGACY_HTTP_TARGET);
		if (target != null) {
			int q = target.indexOf('?');
			return q >= 0 ? target.substring(0, q) : target;
		}
		String url = attrs.get(URL_FULL);
		if (url != null) {
			int scheme = url.indexOf("://");
			if (scheme > 0) {
				int slash = url.indexOf('/', scheme + 3);
				if (slash < 0) {
					return "/";
				}
				int end = url.length();
				int q = url.indexOf('?', slash);
				int h = url.indexOf('#', slash);
				if (q >= 0) {
					end = q;
				}
				if (h >= 0 && h < end) {
					end = h;
				}
				return url.substring(slash, end);
			}
		}
		return null;
	}

	static String requestHost(Attributes attrs) {
		String host = attrs.get(SERVER_ADDRESS);
		if (host != null) {
			return host;
		}
		host = attrs.get(LEGACY_NET_HOST_NAME);
		return host != null ? host : attrs.get(LEGACY_HTTP_HOST);
	}

	@Override
	public String getDescription() {
		return description;
	}

	@Override
	public String toString() {
		return description;
	}

	/** The resource side of rule matching, computed once. */
	static final class RequestMatcherContext {

		final String serviceName;

		final String serviceType;

		final String arn;

		private RequestMatcherContext(String serviceName, String serviceType, String arn) {
			this.serviceName = serviceName;
			this.serviceType = serviceType;
			this.arn = arn;
		}

		static RequestMatcherContext of(Resource resource) {
			Attributes ra = resource == null ? Attributes.empty() : resource.getAttributes();
			String platform = ra.get(AttributeKey.stringKey("cloud.platform"));
			String type = null;
			if (platform != null) {
				switch (platform) {
					case "aws_ec2":
						type = "AWS::EC2::Instance";
						break;
					case "aws_ecs":
						type = "AWS::ECS::Container";
						break;
					case "aws_eks":
						type = "AWS::EKS::Container";
						break;
					case "aws_elastic_beanstalk":
						type = "AWS::ElasticBeanstalk::Environment";
						break;
					case "aws_lambda":
						type = "AWS::Lambda::Function";
						break;
					default:
						break;
				}
			}
			String arn = ra.get(AttributeKey.stringKey("aws.ecs.container.arn"));
			if (arn == null && "aws_lambda".equals(platform)) {
				arn = ra.get(AttributeKey.stringKey("cloud.resource_id"));
			}
			return new RequestMatcherContext(ra.get(AttributeKey.stringKey("service.name")), type, arn);
		}

	}

	/** A rule plus its per-second reservoir. */
	private static final class RuleState {

		private static final SamplingResult RESERVOIR_HIT = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
				Attributes.of(SAMPLE_RATE, 1L));

		final XraySamplingRule rule;

		private final SamplingResult fixedRateHit;

		private final Sampler fixedRate;

		/**
		 * Reservoir state packed in one long: (second << 24) | used; lock-free on the hot
		 * path.
		 */
		private final AtomicLong reservoir = new AtomicLong(Long.MIN_VALUE);

		private final int reservoirSize;

		RuleState(XraySamplingRule rule) {
			this.rule = rule;
			this.reservoirSize = Math.min(rule.reservoirSize(), (1 << 24) - 1);
			this.fixedRate = rule.fixedRateSampler();
			this.fixedRateHit = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
					Attributes.of(SAMPLE_RATE, rule.fixedRateSampleRate()));
		}

		SamplingResult decide(long nanoTime, Context parentContext, String traceId, String name, SpanKind kind,
				Attributes attrs, List<LinkData> links) {
			if (reservoirSize > 0 && takeFromReservoir(Math.floorDiv(nanoTime, 1_000_000_000L))) {
				return RESERVOIR_HIT;
			}
			if (rule.fixedRate() > 0 && fixedRate.shouldSample(parentContext, traceId, name, kind, attrs, links)
				.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
				return fixedRateHit;
			}
			return SamplingResult.drop();
		}

		private boolean takeFromReservoir(long second) {
			while (true) {
				long state = reservoir.get();
				long stateSecond = state >> 24;
				long used = state & 0xFFFFFF;
				long next;
				if (state == Long.MIN_VALUE || stateSecond != second) {
					next = (second << 24) | 1;
				}
				else if (used < reservoirSize) {
					next = state + 1;
				}
				else {
					return false;
				}
				if (reservoir.compareAndSet(state, next)) {
					return true;
				}
			}
		}

	}

}
