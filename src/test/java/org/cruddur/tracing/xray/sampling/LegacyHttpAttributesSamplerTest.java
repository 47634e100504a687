package org.cruddur.tracing.xray.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.tracing.xray.sampling.XraySamplingTestSupport.decide;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;

/** Contrib's rule matching sees the old HTTP keys at decision time, the span does not. */
class LegacyHttpAttributesSamplerTest {

	@Test
	void legacyKeysAreSeenByTheDelegateOnlyAtDecisionTime() {
		AtomicReference<Attributes> seen = new AtomicReference<>();
		Sampler capturing = new Sampler() {
			@Override
			public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
					Attributes attributes, List<LinkData> parentLinks) {
				seen.set(attributes);
				return SamplingResult.recordAndSample();
			}

			@Override
			public String getDescription() {
				return "capturing";
			}
		};
		SamplingResult result = decide(new LegacyHttpAttributesSampler(capturing), "GET", "/api/activities/home");

		assertThat(seen.get().get(AttributeKey.stringKey("http.method"))).isEqualTo("GET");
		assertThat(seen.get().get(AttributeKey.stringKey("http.target"))).isEqualTo("/api/activities/home");
		assertThat(seen.get().get(AttributeKey.stringKey("net.host.name"))).isEqualTo("api.cruddur.example");
		assertThat(seen.get().get(AttributeKey.stringKey("url.path"))).isEqualTo("/api/activities/home");
		assertThat(result.getAttributes().isEmpty()).as("nothing legacy is added to the span").isTrue();

		Attributes none = Attributes.of(AttributeKey.stringKey("other"), "x");
		assertThat(LegacyHttpAttributesSampler.withLegacyKeys(none)).isSameAs(none);

		Attributes partlyLegacy = Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.method", "POST")
			.put("url.path", "/api/activities/home")
			.put("server.address", "api.cruddur.example")
			.put("http.host", "api.cruddur.example:443")
			.build();
		assertThat(LegacyHttpAttributesSampler.withLegacyKeys(partlyLegacy).asMap()).as("legacy values are kept")
			.containsExactlyInAnyOrderEntriesOf(
					partlyLegacy.toBuilder().put("http.target", "/api/activities/home").build().asMap());
	}

	@Test
	void nothingIsNothingAndTheDelegateIsNamed() {
		assertThat(LegacyHttpAttributesSampler.withLegacyKeys(null)).isSameAs(Attributes.empty());
		assertThat(new LegacyHttpAttributesSampler(Sampler.alwaysOn()).getDescription())
			.isEqualTo("LegacyHttpAttributes{AlwaysOnSampler}");
	}

}
