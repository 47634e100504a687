package org.cruddur.tracing.xray.sampling;

import java.util.LinkedHashMap;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * A rule's match criteria, compiled once: every glob must match, and every
 * {@code Attributes} glob must match the span's string attribute of that name.
 */
record RuleMatcher(GlobPattern serviceName, GlobPattern serviceType, GlobPattern host, GlobPattern httpMethod,
		GlobPattern urlPath, GlobPattern resourceArn, Map<AttributeKey<String>, GlobPattern> attributes) {

	static RuleMatcher of(XraySamplingRule rule) {
		Map<AttributeKey<String>, GlobPattern> attributes = new LinkedHashMap<>();
		rule.attributes()
			.forEach((name, pattern) -> attributes.put(AttributeKey.stringKey(name), GlobPattern.of(pattern)));
		return new RuleMatcher(GlobPattern.of(rule.serviceName()), GlobPattern.of(rule.serviceType()),
				GlobPattern.of(rule.host()), GlobPattern.of(rule.httpMethod()), GlobPattern.of(rule.urlPath()),
				GlobPattern.of(rule.resourceArn()), Map.copyOf(attributes));
	}

	boolean matches(ServiceFacts service, SamplingRequest request, Attributes spanAttributes) {
		return this.urlPath.matches(request.path()) && this.httpMethod.matches(request.method())
				&& this.host.matches(request.host()) && this.serviceName.matches(service.serviceName())
				&& this.serviceType.matches(service.serviceType()) && this.resourceArn.matches(service.resourceArn())
				&& attributesMatch(spanAttributes);
	}

	private boolean attributesMatch(Attributes spanAttributes) {
		if (this.attributes.isEmpty()) {
			return true; // most rules: no iterator on the hot path
		}
		for (Map.Entry<AttributeKey<String>, GlobPattern> attribute : this.attributes.entrySet()) {
			String value = spanAttributes.get(attribute.getKey());
			if (value == null || !attribute.getValue().matches(value)) {
				return false;
			}
		}
		return true;
	}

}
