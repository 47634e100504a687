package org.cruddur.tracing.xray.sampling;

import org.cruddur.tracing.IncubatingAttributes;
import java.util.Arrays;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;

/**
 * The one table of request attributes that sampling rules match on: per request fact, the
 * current semantic-convention key and the legacy keys that stand for it on spans from
 * older instrumentation, in the order they are read. The first legacy key is the one
 * contrib {@code opentelemetry-aws-xray} 1.43 reads (see
 * {@link LegacyHttpAttributesSampler}).
 */
enum RequestKey {

	/** {@code HTTPMethod}. */
	METHOD(HttpAttributes.HTTP_REQUEST_METHOD, IncubatingAttributes.HTTP_METHOD.getKey()),

	/** {@code URLPath}; the legacy {@code http.target} may carry a query. */
	PATH(UrlAttributes.URL_PATH, IncubatingAttributes.HTTP_TARGET.getKey()),

	/** {@code Host}. */
	HOST(ServerAttributes.SERVER_ADDRESS, IncubatingAttributes.NET_HOST_NAME.getKey(),
			IncubatingAttributes.HTTP_HOST.getKey());

	private final AttributeKey<String> current;

	private final List<AttributeKey<String>> legacy;

	RequestKey(AttributeKey<String> current, String... legacy) {
		this.current = current;
		this.legacy = Arrays.stream(legacy).map(AttributeKey::stringKey).toList();
	}

	AttributeKey<String> current() {
		return this.current;
	}

	/** The legacy key contrib 1.43 matches on. */
	AttributeKey<String> contribKey() {
		return this.legacy.get(0);
	}

	/** The value under the current key, else under the first legacy key that has one. */
	String read(Attributes attributes) {
		String value = attributes.get(this.current);
		return (value != null) ? value : readLegacy(attributes);
	}

	/** The value under the first legacy key that has one, or {@code null}. */
	String readLegacy(Attributes attributes) {
		for (AttributeKey<String> key : this.legacy) {
			String value = attributes.get(key);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

}
