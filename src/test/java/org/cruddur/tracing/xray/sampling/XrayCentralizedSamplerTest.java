package org.cruddur.tracing.xray.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cruddur.testing.FakeXrayDaemon.ruleRecord;
import static org.cruddur.testing.FakeXrayDaemon.rulesResponse;
import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;
import static org.cruddur.tracing.xray.sampling.XraySamplingTestSupport.decide;

import org.cruddur.testing.XraySpans;
import org.cruddur.testing.FakeXrayDaemon;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;

// Each test has its own daemon and sampler; the others run during contrib's 10 s wait.
@Execution(ExecutionMode.CONCURRENT)
class XrayCentralizedSamplerTest {

	private static final XraySamplingRules LOCAL_RULES = XraySamplingRules
		.load(Path.of("src/test/resources/xray/local-rules.json"));

	/**
	 * Remote rules that decide differently from the local ones, so the test sees who
	 * decided.
	 */
	private static final String REMOTE_RULES = rulesResponse(
			ruleRecord("remote-notifications", 1, 1.0, 0, "GET", "/api/activities/notifications"),
			ruleRecord("remote-search", 2, 0.25, 0, "GET", "/api/activities/search"),
			ruleRecord("remote-health", 3, 0.0, 0, "*", "/api/health-check"),
			ruleRecord("Default", 10000, 0.0, 0, "*", "*"));

	private XrayCentralizedSamplerBuilder sampler(String endpoint) {
		return XrayCentralizedSampler.builder(XraySpans.RESOURCE)
			.endpoint(endpoint)
			.localRules(LOCAL_RULES)
			.rulesPollingInterval(Duration.ofMillis(300))
			.healthCheckInterval(Duration.ofMillis(100))
			.healthCheckTimeout(Duration.ofSeconds(2)); // generous: a loaded CI box must
														// not flip to local
	}

	/**
	 * Waits until the sampler is centralized and contrib's sampler has read the daemon's
	 * rules (until then it decides with its initial sampler).
	 */
	private static void awaitDaemonRules(XrayCentralizedSampler sampler) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> sampler.isUsingCentralizedRules() && sampler.getDescription().contains("XrayRulesSampler"));
	}

	@Test
	void centralizedRulesDecideAndStatisticsAreReportedAndTargetsApplied() throws Exception {
		FakeXrayDaemon daemon = FakeXrayDaemon.start(REMOTE_RULES);
		try (XrayCentralizedSampler sampler = sampler(daemon.url()).build()) {
			awaitDaemonRules(sampler);

			// Rules from the daemon apply, matched on the current semconv keys.
			for (int i = 0; i < 7; i++) {
				SamplingResult result = decide(sampler, "GET", "/api/activities/notifications");
				assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				assertThat(result.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
			}
			assertThat(decide(sampler, "GET", "/api/activities/home").getDecision())
				.as("remote Default never samples (local rules would)")
				.isEqualTo(SamplingDecision.DROP);
			assertThat(decide(sampler, "POST", "/api/activities").getDecision())
				.as("remote Default (local rules would always sample)")
				.isEqualTo(SamplingDecision.DROP);
			assertThat(decide(sampler, "GET", "/api/health-check").getDecision()).isEqualTo(SamplingDecision.DROP);
			int searchSampled = 0;
			for (int i = 0; i < 400; i++) {
				SamplingResult result = decide(sampler, "GET", "/api/activities/search");
				if (result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
					searchSampled++;
					assertThat(result.getAttributes().get(SAMPLE_RATE)).as("1 / FixedRate 0.25").isEqualTo(4L);
				}
			}
			assertThat(searchSampled).isBetween(60, 140);

			// The daemon's answer to the statistics: sample everything that falls to
			// Default.
			daemon.answerTargetsWith("{\"SamplingTargetDocuments\":[{\"RuleName\":\"Default\",\"FixedRate\":1.0,"
					+ "\"Interval\":10}],\"LastRuleModification\":1.7E9,\"UnprocessedStatistics\":[]}");
			// The contrib sampler reports statistics after its (fixed) 10 s target
			// interval.
			String statistics = daemon.targetsRequests.poll(15, TimeUnit.SECONDS);
			assertThat(statistics).as("a POST /SamplingTargets").isNotNull();
			Map<String, JsonNode> byRule = new HashMap<>();
			XraySpans.parse(statistics)
				.get("SamplingStatisticsDocuments")
				.forEach(d -> byRule.put(d.get("RuleName").asString(), d));
			assertThat(byRule.get("remote-notifications").get("RequestCount").asInt()).isEqualTo(7);
			assertThat(byRule.get("remote-notifications").get("SampledCount").asInt()).isEqualTo(7);
			assertThat(byRule.get("remote-search").get("RequestCount").asInt()).isEqualTo(400);
			assertThat(byRule.get("remote-search").get("SampledCount").asInt()).isEqualTo(searchSampled);
			assertThat(byRule.get("Default").get("RequestCount").asInt()).isEqualTo(2);
			assertThat(byRule.get("Default").get("SampledCount").asInt()).isZero();
			assertThat(byRule.get("remote-health").get("RequestCount").asInt()).isEqualTo(1);
			assertThat(byRule.get("Default").get("ClientID").asString()).matches("[0-9a-f]{24}");
			assertThat(byRule.get("Default").get("BorrowCount").asInt()).isZero();
			assertThat(byRule.get("Default").has("Timestamp")).isTrue();
			assertThat(daemon.rulesRequests.get()).isGreaterThan(1);

			await().atMost(Duration.ofSeconds(3))
				.until(() -> decide(sampler, "GET", "/api/activities/home")
					.getDecision() == SamplingDecision.RECORD_AND_SAMPLE);
			SamplingResult home = decide(sampler, "GET", "/api/activities/home");
			assertThat(home.getDecision()).as("target FixedRate 1 applied")
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(home.getAttributes().get(SAMPLE_RATE))
				.as("SampleRate from the rule's own FixedRate (0): counted as a reservoir-like hit")
				.isEqualTo(1L);
		}
		finally {
			daemon.close();
		}
	}

	@Test
	void whenTheDaemonStopsAnsweringTheLocalRulesDecideWithinTheProbeInterval() throws Exception {
		FakeXrayDaemon daemon = FakeXrayDaemon.start(REMOTE_RULES);
		try (XrayCentralizedSampler sampler = sampler(daemon.url()).build()) {
			awaitDaemonRules(sampler);
			assertThat(decide(sampler, "POST", "/api/activities").getDecision()).isEqualTo(SamplingDecision.DROP);

			daemon.close();
			// the documented bound: one probe interval + 2 x probe timeout (here 0.1 s +
			// 2 x 2 s)
			await().atMost(Duration.ofMillis(4100)).until(() -> !sampler.isUsingCentralizedRules());

			SamplingResult post = decide(sampler, "POST", "/api/activities");
			assertThat(post.getDecision()).as("local rule: always").isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(post.getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
			assertThat(decide(sampler, "GET", "/api/health-check").getDecision()).isEqualTo(SamplingDecision.DROP);
			int homeSampled = 0;
			for (int i = 0; i < 40; i++) {
				if (decide(sampler, "GET", "/api/activities/home")
					.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
					homeSampled++;
				}
			}
			assertThat(homeSampled).as("local seed rule: 5/s reservoir, then 10%").isBetween(5, 30);
			assertThat(sampler.getDescription()).contains("mode=local");
		}
		finally {
			daemon.close();
		}
	}

	@Test
	void whenTheDaemonAnswersAgainItsRulesDecideAgain() throws Exception {
		try (FakeXrayDaemon daemon = FakeXrayDaemon.start(REMOTE_RULES);
				XrayCentralizedSampler sampler = sampler(daemon.url()).build()) {
			awaitDaemonRules(sampler);
			assertThat(decide(sampler, "POST", "/api/activities").getDecision()).as("remote Default")
				.isEqualTo(SamplingDecision.DROP);

			daemon.answerRulesWith(500, "{}");
			await().atMost(Duration.ofSeconds(3)).until(() -> !sampler.isUsingCentralizedRules());
			assertThat(decide(sampler, "POST", "/api/activities").getDecision()).as("local rule: always")
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);

			daemon.answerRulesWith(200, "{\"SamplingRuleRecords\": 7}");
			Thread.sleep(500); // about five probes
			assertThat(sampler.isUsingCentralizedRules()).as("rules it cannot read count as no answer").isFalse();
			assertThat(sampler.getDescription()).contains("mode=local");

			daemon.answerRulesWith(200, REMOTE_RULES);
			await().atMost(Duration.ofSeconds(3)).until(sampler::isUsingCentralizedRules);
			assertThat(decide(sampler, "POST", "/api/activities").getDecision()).isEqualTo(SamplingDecision.DROP);
			assertThat(sampler.getDescription()).contains("mode=centralized");
		}
	}

	@Test
	void withNoDaemonAtAllTheLocalRulesDecide() throws Exception {
		int freePort;
		try (ServerSocket socket = new ServerSocket(0)) {
			freePort = socket.getLocalPort();
		}
		try (XrayCentralizedSampler sampler = sampler("http://127.0.0.1:" + freePort).build()) {
			assertThat(sampler.isUsingCentralizedRules()).isFalse();
			assertThat(decide(sampler, "POST", "/api/activities").getAttributes().get(SAMPLE_RATE)).isEqualTo(1L);
			assertThat(decide(sampler, "GET", "/api/health-check").getDecision()).isEqualTo(SamplingDecision.DROP);
			Thread.sleep(300); // a few failed probes later, still local
			assertThat(sampler.isUsingCentralizedRules()).isFalse();
			assertThat(decide(sampler, "POST", "/api/activities").getDecision())
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		}
	}

}
