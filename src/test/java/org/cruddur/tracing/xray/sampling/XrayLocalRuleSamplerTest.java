package org.cruddur.tracing.xray.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cruddur.tracing.xray.sampling.XrayLocalRuleSampler.SAMPLE_RATE;
import static org.cruddur.tracing.xray.sampling.XraySamplingTestSupport.decide;

import org.cruddur.testing.XraySpans;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XrayLocalRuleSamplerTest {

	private static final Path LOCAL_RULES = Path.of("src/test/resources/xray/local-rules.json");

	private static final Resource CRUDDUR = XraySpans.RESOURCE;

	private final TestClock clock = TestClock.create();

	private final XrayLocalRuleSampler sampler = new XrayLocalRuleSampler(XraySamplingRules.load(LOCAL_RULES), CRUDDUR,
			clock);

	@Test
	void loadsTheRuleFileInPriorityOrder() {
		XraySamplingRules rules = XraySamplingRules.load(LOCAL_RULES);
		assertThat(rules.rules()).extracting(XraySamplingRule::ruleName)
			.containsExactly("never-health-check", "always-post-activities", "Cruddur");
		XraySamplingRule cruddur = rules.rules().get(2);
		assertThat(cruddur.fixedRate()).isEqualTo(0.1);
		assertThat(cruddur.reservoirSize()).isEqualTo(5);
		assertThat(cruddur.serviceName()).isEqualTo("cruddur-backend");
		assertThat(cruddur.priority()).isEqualTo(9000);
	}

	@Test
	void loadsTheProjectsCreateSamplingRuleFile() {
		XraySamplingRules rules = XraySamplingRules.load(Path.of("aws/json/xray.json"));
		assertThat(rules.rules()).hasSize(1);
		assertThat(rules.rules().get(0).ruleName()).isEqualTo("Cruddur");
		assertThat(rules.rules().get(0).resourceArn()).isEqualTo("*");
	}

	@Test
	void acceptsTheSamplingRulesListShape() {
		XraySamplingRules rules = XraySamplingRules.parse("{\"SamplingRules\":[{\"RuleName\":\"b\",\"Priority\":5,"
				+ "\"FixedRate\":0.5,\"ReservoirSize\":0},{\"SamplingRule\":{\"RuleName\":\"a\",\"Priority\":1,"
				+ "\"FixedRate\":1,\"ReservoirSize\":2,\"Attributes\":{\"tenant\":\"gold*\"}}}]}", "inline");
		assertThat(rules.rules()).extracting(XraySamplingRule::ruleName).containsExactly("a", "b");
		assertThat(rules.rules().get(0).attributes()).containsEntry("tenant", "gold*");
	}

	@Test
	void equalPrioritiesAreOrderedByRuleNameAsXrayDoes() {
		XraySamplingRules rules = XraySamplingRules.parse("[{\"RuleName\":\"zeta-never\",\"Priority\":5,"
				+ "\"FixedRate\":0,\"ReservoirSize\":0,\"URLPath\":\"/api/activities/*\"},"
				+ "{\"RuleName\":\"alpha-always\",\"Priority\":5,\"FixedRate\":1,\"ReservoirSize\":0,"
				+ "\"URLPath\":\"/api/activities/*\"},{\"RuleName\":\"first\",\"Priority\":4,"
				+ "\"FixedRate\":0,\"ReservoirSize\":0,\"URLPath\":\"/api/health-check\"}]", "inline");
		assertThat(rules.rules()).extracting(XraySamplingRule::ruleName)
			.containsExactly("first", "alpha-always", "zeta-never");

		XrayLocalRuleSampler tied = new XrayLocalRuleSampler(rules, CRUDDUR, clock);
		SamplingResult home = decide(tied, "GET", "/api/activities/home");
		assertThat(home.getDecision()).as("alpha-always decides, though zeta-never comes first in the file")
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(home.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
	}

	@Test
	void malformedFilesGiveMessagesNamingTheFileAndTheProblem(@TempDir Path dir) throws Exception {
		Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"SamplingRule\": {");
		assertThatThrownBy(() -> XraySamplingRules.load(notJson)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("broken.json")
			.hasMessageContaining("not valid JSON");

		Path badRate = Files.writeString(dir.resolve("rate.json"),
				"{\"SamplingRule\": {\"RuleName\": \"Cruddur\", \"FixedRate\": 1.5, \"ReservoirSize\": 5}}");
		assertThatThrownBy(() -> XraySamplingRules.load(badRate)).hasMessageContaining("rate.json")
			.hasMessageContaining("Cruddur")
			.hasMessageContaining("FixedRate must be a number between 0 and 1");

		Path noReservoir = Files.writeString(dir.resolve("reservoir.json"),
				"[{\"RuleName\": \"x\", \"FixedRate\": 0.1}]");
		assertThatThrownBy(() -> XraySamplingRules.load(noReservoir)).hasMessageContaining("reservoir.json")
			.hasMessageContaining("ReservoirSize is missing");

		Path wrongShape = Files.writeString(dir.resolve("shape.json"), "{\"Rules\": []}");
		assertThatThrownBy(() -> XraySamplingRules.load(wrongShape)).hasMessageContaining("shape.json")
			.hasMessageContaining("expected");

		assertThatThrownBy(() -> XraySamplingRules.load(dir.resolve("missing.json")))
			.hasMessageContaining("missing.json");
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
		XraySamplingRules rules = XraySamplingRules.of(java.util.List.of(XraySamplingRule.builder("hosts")
			.priority(1)
			.host("api.*.example")
			.urlPath("/api/messages/@?*")
			.fixedRate(1)
			.reservoirSize(0)
			.build()));
		XrayLocalRuleSampler hosts = new XrayLocalRuleSampler(rules, CRUDDUR, clock);
		assertThat(decide(hosts, "GET", "/api/messages/@worf").getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
		SamplingResult noMatch = decide(hosts, "GET", "/api/messages/@");
		assertThat(noMatch.getAttributes().get(SAMPLE_RATE)).as("falls to the default rule").isNotEqualTo(null);

		assertThat(GlobPattern.of("*").matches(null)).isTrue();
		assertThat(GlobPattern.of("/api/*").matches(null)).isFalse();
		assertThat(GlobPattern.of("a*b?c").matches("AxxxbYc")).isTrue();
		assertThat(GlobPattern.of("a*b?c").matches("abc")).isFalse();
		assertThat(GlobPattern.of("*.cruddur.*").matches("api.cruddur.example")).isTrue();
	}

	@Test
	void legacyAndFullUrlRequestAttributesAreUnderstoodToo() {
		Attributes legacy = Attributes.builder()
			.put("http.method", "GET")
			.put("http.target", "/api/health-check?x=1")
			.build();
		assertThat(sampler
			.shouldSample(Context.root(), "4bf92f3577b34da6a3ce929d0e0e4736", "s",
					io.opentelemetry.api.trace.SpanKind.SERVER, legacy, java.util.List.of())
			.getDecision()).isEqualTo(SamplingDecision.DROP);
		Attributes full = Attributes.builder()
			.put("http.request.method", "GET")
			.put("url.full", "https://h:8080/api/health-check?y#z")
			.build();
		assertThat(sampler
			.shouldSample(Context.root(), "4bf92f3577b34da6a3ce929d0e0e4736", "s",
					io.opentelemetry.api.trace.SpanKind.SERVER, full, java.util.List.of())
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
