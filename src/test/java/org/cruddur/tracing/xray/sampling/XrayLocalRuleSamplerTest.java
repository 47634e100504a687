package org.cruddur.tracing.xray.sampling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.cruddur.testing.XraySpans;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;
import static org.cruddur.tracing.xray.sampling.XraySamplingTestSupport.decide;
import static org.cruddur.tracing.xray.sampling.XraySamplingTestSupport.request;

class XrayLocalRuleSamplerTest {

	private static final Path LOCAL_RULES = Path.of("src/test/resources/xray/local-rules.json");

	private static final Resource CRUDDUR = XraySpans.RESOURCE;

	private final TestClock clock = TestClock.create();

	private final XrayLocalRuleSampler sampler = new XrayLocalRuleSampler(XraySamplingRules.load(LOCAL_RULES), CRUDDUR,
			clock);

	@Test
	void ofEqualPrioritiesTheRuleFirstByNameDecides() {
		XraySamplingRules rules = XraySamplingRules.parse("[{\"RuleName\":\"zeta-never\",\"Priority\":5,"
				+ "\"FixedRate\":0,\"ReservoirSize\":0,\"URLPath\":\"/api/activities/*\"},"
				+ "{\"RuleName\":\"alpha-always\",\"Priority\":5,\"FixedRate\":1,\"ReservoirSize\":0,"
				+ "\"URLPath\":\"/api/activities/*\"},{\"RuleName\":\"first\",\"Priority\":4,"
				+ "\"FixedRate\":0,\"ReservoirSize\":0,\"URLPath\":\"/api/health-check\"}]", "inline");
		XrayLocalRuleSampler tied = new XrayLocalRuleSampler(rules, CRUDDUR, clock);
		SamplingResult home = decide(tied, "GET", "/api/activities/home");
		assertThat(home.getDecision()).as("alpha-always decides, though zeta-never comes first in the file")
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(home.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
	}

	@Test
	void healthChecksAreNeverSampled() {
		for (int i = 0; i < 200; i++) {
			assertThat(decide(sampler, "GET", "/api/health-check").getDecision()).isEqualTo(SamplingDecision.DROP);
		}
	}

	@Test
	void postingActivitiesIsAlwaysSampledWithSampleRateOne() {
		for (int i = 0; i < 200; i++) {
			SamplingResult result = decide(sampler, "POST", "/api/activities");
			assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(result.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
		}
		assertThat(decide(sampler, "post", "/API/activities").getDecision()).as("methods and paths match ignoring case")
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void theSeedRuleSamplesFivePerSecondThenTenPercent() {
		Map<Long, Integer> bySampleRate = countSampleRates("GET", "/api/activities/home", 2000);
		assertThat(bySampleRate.get(1L)).as("reservoir hits in one second").isEqualTo(5);
		assertThat(bySampleRate.getOrDefault(10L, 0)).as("~10% of the other 1995").isBetween(140, 260);
		assertThat(bySampleRate.keySet()).containsOnly(1L, 10L, 0L);

		clock.advance(Duration.ofSeconds(1));
		assertThat(countSampleRates("GET", "/api/activities/home", 100).get(1L)).as("the reservoir refills each second")
			.isEqualTo(5);
	}

	@Test
	void requestsNoRuleMatchesFallToTheDefaultOnePerSecondPlusFivePercent() {
		XrayLocalRuleSampler otherService = new XrayLocalRuleSampler(XraySamplingRules.load(LOCAL_RULES),
				Resource.create(Attributes.builder().put("service.name", "someone-else").build()), clock);
		int reservoir = 0;
		int fixed = 0;
		for (int i = 0; i < 4000; i++) {
			Long rate = decide(otherService, "GET", "/api/activities/home").getAttributes().get(SAMPLE_RATE);
			if (rate != null && rate == 1L) {
				reservoir++;
			}
			else if (rate != null && rate == 20L) {
				fixed++;
			}
		}
		assertThat(reservoir).isEqualTo(1);
		assertThat(fixed).isBetween(120, 290);
	}

	@Test
	void hostPathAndAttributeGlobsMatch() {
		XrayLocalRuleSampler gold = new XrayLocalRuleSampler(
				XraySamplingRules.parse(
						"{\"RuleName\":\"gold-messages\","
								+ "\"Priority\":1,\"FixedRate\":0,\"ReservoirSize\":0,\"Host\":\"api.*.example\","
								+ "\"URLPath\":\"/api/messages/@?*\",\"Attributes\":{\"app.tenant\":\"gold*\"}}",
						"inline"),
				CRUDDUR, clock);
		Attributes matching = Attributes.builder()
			.putAll(request("GET", "/api/messages/@worf"))
			.put("app.tenant", "gold-1")
			.build();
		assertThat(decide(gold, matching).getDecision()).as("the rule matches: FixedRate 0 drops")
			.isEqualTo(SamplingDecision.DROP);

		// Each of these falls to the default rule, whose reservoir samples the first
		// request of each second.
		for (Attributes other : List.of(matching.toBuilder().put("url.path", "/api/messages/@").build(),
				matching.toBuilder().put("server.address", "api.cruddur.test").build(),
				matching.toBuilder().put("app.tenant", "silver").build(),
				matching.toBuilder().remove(AttributeKey.stringKey("app.tenant")).build(),
				matching.toBuilder().put("app.tenant", 7L).build())) {
			clock.advance(Duration.ofSeconds(1));
			SamplingResult result = decide(gold, other);
			assertThat(result.getDecision()).as("default reservoir for %s", other)
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(result.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
		}
	}

	@Test
	void legacyAndFullUrlRequestAttributesAreUnderstoodToo() {
		Attributes legacy = Attributes.builder()
			.put("http.method", "GET")
			.put("http.target", "/api/health-check?x=1")
			.build();
		assertThat(sampler
			.shouldSample(Context.root(), "4bf92f3577b34da6a3ce929d0e0e4736", "s", SpanKind.SERVER, legacy, List.of())
			.getDecision()).isEqualTo(SamplingDecision.DROP);
		Attributes full = Attributes.builder()
			.put("http.request.method", "GET")
			.put("url.full", "https://h:8080/api/health-check?y#z")
			.build();
		assertThat(sampler
			.shouldSample(Context.root(), "4bf92f3577b34da6a3ce929d0e0e4736", "s", SpanKind.SERVER, full, List.of())
			.getDecision()).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void parentBasedHonoursTheUpstreamDecision() {
		Sampler parentBased = Sampler.parentBased(sampler);
		Context sampledParent = Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent(XraySpans.TRACE_ID, XraySpans.UPSTREAM_PARENT_ID,
					TraceFlags.getSampled(), TraceState.getDefault())));
		Context unsampledParent = Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent(XraySpans.TRACE_ID, XraySpans.UPSTREAM_PARENT_ID,
					TraceFlags.getDefault(), TraceState.getDefault())));

		SamplingResult keep = decide(parentBased, sampledParent, "GET", "/api/health-check");
		assertThat(keep.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(keep.getAttributes().get(SAMPLE_RATE)).as("only root decisions carry SampleRate").isNull();
		assertThat(decide(parentBased, unsampledParent, "POST", "/api/activities").getDecision())
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(parentBased, Context.root(), "POST", "/api/activities").getAttributes().get(SAMPLE_RATE))
			.isEqualTo(1L);
	}

	private Map<Long, Integer> countSampleRates(String method, String path, int requests) {
		Map<Long, Integer> counts = new HashMap<>();
		for (int i = 0; i < requests; i++) {
			SamplingResult result = decide(sampler, method, path);
			Long rate = result.getDecision() == SamplingDecision.DROP ? 0L : result.getAttributes().get(SAMPLE_RATE);
			counts.merge(rate, 1, Integer::sum);
		}
		return counts;
	}

}
