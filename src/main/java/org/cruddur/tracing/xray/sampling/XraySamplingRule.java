package org.cruddur.tracing.xray.sampling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One X-Ray sampling rule, as {@code aws xray create-sampling-rule} takes it and
 * {@code GetSamplingRules} returns it: match criteria (globs, see {@link GlobPattern})
 * plus a reservoir of sampled requests per second and a fixed rate for the rest.
 *
 * @param ruleName {@code RuleName}, required
 * @param priority {@code Priority}: lower decides first; default 10000 (after any real
 * rule)
 * @param fixedRate {@code FixedRate}, required: 0..1, the share sampled once the
 * reservoir is used up
 * @param reservoirSize {@code ReservoirSize}, required: requests sampled per second
 * before the fixed rate applies
 * @param serviceName {@code ServiceName} glob, matched against the resource's
 * {@code service.name}
 * @param serviceType {@code ServiceType} glob, e.g. {@code AWS::EKS::Container}
 * @param host {@code Host} glob
 * @param httpMethod {@code HTTPMethod} glob
 * @param urlPath {@code URLPath} glob, matched against the path without the query
 * @param resourceArn {@code ResourceARN} glob
 * @param attributes {@code Attributes}: span attribute name to glob; all must match
 */
public record XraySamplingRule(String ruleName, int priority, double fixedRate, int reservoirSize, String serviceName,
		String serviceType, String host, String httpMethod, String urlPath, String resourceArn,
		Map<String, String> attributes) {

	/** The priority of a rule that does not name one. */
	static final int LAST_PRIORITY = 10_000;

	/**
	 * Checks the values; a missing or blank glob means {@code *}.
	 * @throws IllegalArgumentException saying which field is wrong
	 */
	public XraySamplingRule {
		if (ruleName == null || ruleName.isBlank()) {
			throw new IllegalArgumentException("RuleName is missing");
		}
		if (!(fixedRate >= 0 && fixedRate <= 1)) {
			throw new IllegalArgumentException("FixedRate must be a number between 0 and 1, got " + fixedRate);
		}
		if (reservoirSize < 0) {
			throw new IllegalArgumentException("ReservoirSize must not be negative, got " + reservoirSize);
		}
		serviceName = glob(serviceName);
		serviceType = glob(serviceType);
		host = glob(host);
		httpMethod = glob(httpMethod);
		urlPath = glob(urlPath);
		resourceArn = glob(resourceArn);
		attributes = attributeGlobs(attributes);
	}

	/**
	 * The wire shape: every field may be absent, so the required ones can be named when
	 * they are.
	 */
	@JsonCreator
	static XraySamplingRule fromJson(@JsonProperty("RuleName") String ruleName,
			@JsonProperty("Priority") Integer priority, @JsonProperty("FixedRate") Double fixedRate,
			@JsonProperty("ReservoirSize") Integer reservoirSize, @JsonProperty("ServiceName") String serviceName,
			@JsonProperty("ServiceType") String serviceType, @JsonProperty("Host") String host,
			@JsonProperty("HTTPMethod") String httpMethod, @JsonProperty("URLPath") String urlPath,
			@JsonProperty("ResourceARN") String resourceArn,
			@JsonProperty("Attributes") Map<String, String> attributes) {
		if (fixedRate == null) {
			throw new IllegalArgumentException("FixedRate is missing");
		}
		if (reservoirSize == null) {
			throw new IllegalArgumentException("ReservoirSize is missing");
		}
		return new XraySamplingRule(ruleName, (priority != null) ? priority : LAST_PRIORITY, fixedRate, reservoirSize,
				serviceName, serviceType, host, httpMethod, urlPath, resourceArn, attributes);
	}

	private static String glob(String pattern) {
		return (pattern == null || pattern.isBlank()) ? "*" : pattern.trim();
	}

	private static Map<String, String> attributeGlobs(Map<String, String> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return Map.of();
		}
		attributes.forEach((name, pattern) -> {
			if (pattern == null) {
				throw new IllegalArgumentException("Attributes." + name + " must be a string");
			}
		});
		return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
	}

	@Override
	public String toString() {
		return this.ruleName + "{priority=" + this.priority + ", reservoir=" + this.reservoirSize + "/s, fixedRate="
				+ this.fixedRate + ", service=" + this.serviceName + ", method=" + this.httpMethod + ", host="
				+ this.host + ", path=" + this.urlPath + "}";
	}

}
