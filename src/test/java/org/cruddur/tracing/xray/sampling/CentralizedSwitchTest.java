package org.cruddur.tracing.xray.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;
import static org.cruddur.testing.FakeXrayDaemon.ruleRecord;
import static org.cruddur.testing.FakeXrayDaemon.rulesResponse;
import static org.cruddur.tracing.SampleRateRatioSampler.SAMPLE_RATE;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.awsxray.AwsXrayRemoteSampler;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.cruddur.testing.FakeXrayDaemon;
import org.cruddur.testing.XraySpans;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Who decides, local or centralized rules, and the pieces that switch between them, each
 * on its own and fast (the daemon is a loopback fake, the contrib sampler never gets
 * rules).
 */
@ExtendWith(OutputCaptureExtension.class)
class CentralizedSwitchTest {

	/** Lowest 64 bits 1: under any fixed rate above 0. */
	private static final String LOW_TRACE_ID = "00000000000000000000000000000001";

	/**
	 * Lowest 64 bits just under 2^63 - 1: under no fixed rate below 1, under 1 itself.
	 */
	private static final String HIGH_TRACE_ID = "00000000000000007ffffffffffffff0";

	private static final XraySamplingRules LOCAL = XraySamplingRules.parse("[{\"RuleName\":\"local-posts\","
			+ "\"Priority\":1,\"FixedRate\":1,\"ReservoirSize\":0,\"HTTPMethod\":\"POST\"},{\"RuleName\":\"quiet\","
			+ "\"Priority\":2,\"FixedRate\":0,\"ReservoirSize\":0}]", "local");

	private static final XraySamplingRules DAEMON = XraySamplingRules
		.parse(rulesResponse(ruleRecord("search", 1, 0.25, 0, "GET", "/api/activities/search"),
				ruleRecord("Default", 10000, 0.0, 0, "*", "*")), "daemon");

	@Test
	void theLocalRulesDecideUntilTheDaemonsRulesArriveAndAgainWhenTheyGo() throws Exception {
		XrayLocalRuleSampler local = new XrayLocalRuleSampler(LOCAL, XraySpans.RESOURCE);
		AwsXrayRemoteSampler contrib = contrib(Sampler.alwaysOn());
		try (XrayCentralizedSampler sampler = new XrayCentralizedSampler("http://127.0.0.1:9", XraySpans.RESOURCE,
				local, () -> contrib, new DaemonHealthProbe("http://127.0.0.1:9", Duration.ofSeconds(1)))) {
			assertThat(sampler.isUsingCentralizedRules()).isFalse();
			assertThat(sampler.getEndpoint()).isEqualTo("http://127.0.0.1:9");
			assertThat(sampler.getDescription()).isEqualTo("XrayCentralizedSampler{endpoint=http://127.0.0.1:9, "
					+ "mode=local, remote=not started (the daemon has not answered), local=" + local.getDescription()
					+ "}");
			assertThat(sampler.toString()).isEqualTo(sampler.getDescription());
			assertThat(local.toString()).isEqualTo(local.getDescription())
				.startsWith("XrayLocalRuleSampler{[local-posts=OrElse{Reservoir{0/s}, FixedRate{1.0}}, ");
			assertThat(decide(sampler, "POST", "/api/activities", HIGH_TRACE_ID).getAttributes().get(SAMPLE_RATE))
				.isEqualTo(1L);
			assertThat(decide(sampler, "GET", "/api/activities/search", LOW_TRACE_ID).getDecision())
				.isEqualTo(SamplingDecision.DROP);

			sampler.useDaemonRules(DAEMON);
			assertThat(sampler.isUsingCentralizedRules()).isTrue();
			assertThat(sampler.getDescription()).contains("mode=centralized", "remote=" + contrib.getDescription());
			SamplingResult search = decide(sampler, "GET", "/api/activities/search", LOW_TRACE_ID);
			assertThat(search.getDecision()).as("contrib decides (here: its initial sampler, always on)")
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(search.getAttributes().get(SAMPLE_RATE)).as("weighted by the daemon's rule").isEqualTo(4L);
			assertThat(decide(sampler, "POST", "/api/activities", LOW_TRACE_ID).getAttributes().get(SAMPLE_RATE))
				.as("the daemon's Default: FixedRate 0, a reservoir-like hit")
				.isEqualTo(1L);

			sampler.useDaemonRules(null);
			assertThat(sampler.isUsingCentralizedRules()).isFalse();
			assertThat(decide(sampler, "GET", "/api/activities/search", LOW_TRACE_ID).getDecision())
				.isEqualTo(SamplingDecision.DROP);
		}
	}

	@Test
	void aDecisionTheRemoteSamplerAlreadyWeighedOrDidNotSampleIsKept() {
		XrayLocalRuleSampler daemonRules = new XrayLocalRuleSampler(DAEMON, XraySpans.RESOURCE);
		SamplingResult weighed = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
				Attributes.of(SAMPLE_RATE, 7L));
		assertThat(decide(new RemoteSampleRateSampler(fixed(weighed), daemonRules), "GET", "/api/activities/search",
				LOW_TRACE_ID))
			.isSameAs(weighed);
		SamplingResult recordOnly = SamplingResult.recordOnly();
		assertThat(decide(new RemoteSampleRateSampler(fixed(recordOnly), daemonRules), "GET", "/x", LOW_TRACE_ID))
			.isSameAs(recordOnly);
		assertThat(decide(new RemoteSampleRateSampler(fixed(SamplingResult.drop()), daemonRules), "GET", "/x",
				LOW_TRACE_ID)
			.getDecision()).isEqualTo(SamplingDecision.DROP);

		SamplingResult contribs = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
				Attributes.of(AttributeKey.stringKey("contrib"), "kept"));
		RemoteSampleRateSampler weighing = new RemoteSampleRateSampler(fixed(contribs), daemonRules);
		SamplingResult byFixedRate = decide(weighing, "GET", "/api/activities/search", LOW_TRACE_ID);
		assertThat(byFixedRate.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(byFixedRate.getAttributes().get(SAMPLE_RATE)).isEqualTo(4L);
		assertThat(byFixedRate.getAttributes().get(AttributeKey.stringKey("contrib"))).isEqualTo("kept");
		assertThat(decide(weighing, "GET", "/api/activities/search", HIGH_TRACE_ID).getAttributes().get(SAMPLE_RATE))
			.as("not under the fixed rate: a reservoir sample")
			.isEqualTo(1L);
		assertThat(weighing.shouldSample(Context.root(), LOW_TRACE_ID, "s", SpanKind.SERVER, null, List.of())
			.getAttributes()
			.get(SAMPLE_RATE)).as("no attributes: the daemon's Default, FixedRate 0").isEqualTo(1L);
		assertThat(weighing.getDescription()).isEqualTo("RemoteSampleRate{fixed}");
	}

	@Test
	void theProbeHandsOverTheDaemonsRulesOrNothingAndSaysWhenThatChanges(CapturedOutput output) throws Exception {
		BlockingQueue<Optional<XraySamplingRules>> answers = new LinkedBlockingQueue<>();
		try (FakeXrayDaemon daemon = FakeXrayDaemon.start(rulesResponse(ruleRecord("a", 1, 0.5, 2, "GET", "/a")))) {
			DaemonHealthProbe probe = new DaemonHealthProbe(daemon.url(), Duration.ofSeconds(2));
			probe.start(Duration.ofMillis(20), (rules) -> answers.add(Optional.ofNullable(rules)) && rules != null);
			try {
				Optional<XraySamplingRules> first = answers.poll(5, TimeUnit.SECONDS);
				assertThat(first).isNotNull();
				assertThat(first.orElseThrow().rules()).extracting(XraySamplingRule::ruleName).containsExactly("a");
				// the listener hears first, the log line follows
				awaitLine(output, daemon.url() + " answers; centralized sampling rules decide");

				daemon.answerRulesWith(503, "{}");
				assertThat(nextEmpty(answers)).isTrue();
				awaitLine(output, daemon.url() + " does not answer (HTTP 503); local sampling rules decide");

				daemon.answerRulesWith(200, "not json");
				answers.clear();
				assertThat(answers.poll(5, TimeUnit.SECONDS)).isEmpty();
				answers.clear();
				assertThat(answers.poll(5, TimeUnit.SECONDS)).isEmpty();
				assertThat(lines(output, daemon.url() + " does not answer")).as("said once, when it changed")
					.isEqualTo(1);
				assertThat(lines(output, daemon.url() + " answers;")).isEqualTo(1);
			}
			finally {
				probe.close();
			}
			Thread.sleep(50);
			answers.clear();
			Thread.sleep(100);
			assertThat(answers).as("no probe after close").isEmpty();
		}
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheProbe(CapturedOutput output) throws Exception {
		BlockingQueue<Optional<XraySamplingRules>> answers = new LinkedBlockingQueue<>();
		try (FakeXrayDaemon daemon = FakeXrayDaemon.start(rulesResponse(ruleRecord("a", 1, 0.5, 2, "GET", "/a")))) {
			DaemonHealthProbe probe = new DaemonHealthProbe(daemon.url(), Duration.ofSeconds(2));
			probe.start(Duration.ofMillis(20), (rules) -> {
				if (answers.isEmpty()) {
					answers.add(Optional.ofNullable(rules));
					throw new NoClassDefFoundError("okhttp3/OkHttpClient");
				}
				answers.add(Optional.ofNullable(rules));
				return rules != null;
			});
			try {
				await().atMost(Duration.ofSeconds(5)).until(() -> answers.size() >= 3);
				assertThat(output).contains("handling the daemon's answer failed (java.lang.NoClassDefFoundError: "
						+ "okhttp3/OkHttpClient); the next probe tries again");
			}
			finally {
				probe.close();
			}
		}
	}

	@Test
	void aDaemonThatAnswersIsNotSaidToDecideWhileItsRulesAreNotUsed(CapturedOutput output) throws Exception {
		BlockingQueue<Optional<XraySamplingRules>> answers = new LinkedBlockingQueue<>();
		AtomicBoolean used = new AtomicBoolean();
		try (FakeXrayDaemon daemon = FakeXrayDaemon.start(rulesResponse(ruleRecord("a", 1, 0.5, 2, "GET", "/a")))) {
			DaemonHealthProbe probe = new DaemonHealthProbe(daemon.url(), Duration.ofSeconds(2));
			probe.start(Duration.ofMillis(20), (rules) -> {
				answers.add(Optional.ofNullable(rules));
				return used.get();
			});
			try {
				await().atMost(Duration.ofSeconds(5)).until(() -> answers.size() >= 3);
				assertThat(output).doesNotContain(daemon.url() + " answers;");
				used.set(true);
				awaitLine(output, daemon.url() + " answers; centralized sampling rules decide");
			}
			finally {
				probe.close();
			}
		}
	}

	@Test
	void aBuiltSamplerFollowsTheDaemonUntilItIsClosed() throws Exception {
		try (FakeXrayDaemon daemon = FakeXrayDaemon.start(rulesResponse(ruleRecord("a", 1, 0.5, 2, "GET", "/a")))) {
			XrayCentralizedSampler sampler = XrayCentralizedSampler.builder(XraySpans.RESOURCE)
				.endpoint(daemon.url())
				.healthCheckInterval(Duration.ofMillis(20))
				.localRules(LOCAL)
				.build();
			await().atMost(Duration.ofSeconds(5)).until(sampler::isUsingCentralizedRules);
			assertThat(Thread.getAllStackTraces().keySet())
				.filteredOn((thread) -> thread.getName().equals("xray-sampling-health"))
				.isNotEmpty()
				.allMatch(Thread::isDaemon);
			sampler.close();
			daemon.answerRulesWith(500, "{}");
			Thread.sleep(200);
			assertThat(sampler.isUsingCentralizedRules()).as("no probe after close").isTrue();
		}
	}

	@Test
	void contribsSamplerStartsOnlyWhenTheDaemonFirstAnswers() throws Exception {
		try (FakeXrayDaemon daemon = FakeXrayDaemon.start(rulesResponse(ruleRecord("a", 1, 0.5, 2, "GET", "/a")))) {
			daemon.answerRulesWith(503, "{}");
			try (XrayCentralizedSampler sampler = XrayCentralizedSampler.builder(XraySpans.RESOURCE)
				.endpoint(daemon.url())
				.healthCheckInterval(Duration.ofMillis(20))
				.localRules(LOCAL)
				.build()) {
				await().atMost(Duration.ofSeconds(5)).until(() -> daemon.rulesRequests.get() >= 3);
				assertThat(List.copyOf(daemon.rulesUserAgents))
					.as("only the health probe asks while the daemon does not answer: contrib's poller has not started")
					.allMatch((agent) -> agent.startsWith("Java-http-client/"));
				assertThat(sampler.getDescription()).contains("mode=local, remote=not started");

				daemon.answerRulesWith(200, rulesResponse(ruleRecord("a", 1, 0.5, 2, "GET", "/a")));
				await().atMost(Duration.ofSeconds(5)).until(sampler::isUsingCentralizedRules);
				await().atMost(Duration.ofSeconds(5))
					.alias("contrib's sampler polls once it is started")
					.until(() -> daemon.rulesUserAgents.stream().anyMatch((agent) -> agent.startsWith("okhttp/")));
				assertThat(sampler.getDescription()).contains("mode=centralized, remote=AwsXrayRemoteSampler{");
			}
		}
	}

	@Test
	void itSaysWhetherTheDaemonsRulesNowDecide() {
		XrayLocalRuleSampler local = new XrayLocalRuleSampler(LOCAL, XraySpans.RESOURCE);
		try (XrayCentralizedSampler sampler = new XrayCentralizedSampler("http://127.0.0.1:9", XraySpans.RESOURCE,
				local, () -> contrib(Sampler.alwaysOn()),
				new DaemonHealthProbe("http://127.0.0.1:9", Duration.ofSeconds(1)))) {
			assertThat(sampler.useDaemonRules(DAEMON)).isTrue();
			assertThat(sampler.useDaemonRules(null)).isFalse();
			assertThat(sampler.useDaemonRules(DAEMON)).as("contrib's sampler, built once, is used again").isTrue();
		}
	}

	@Test
	void onceClosedItTakesUpNoDaemonRulesStartsNoContribSamplerAndStopsItsProbe() throws Exception {
		AtomicInteger contribsBuilt = new AtomicInteger();
		AtomicInteger probes = new AtomicInteger();
		DaemonHealthProbe probe = new DaemonHealthProbe("http://127.0.0.1:9", Duration.ofSeconds(1));
		XrayCentralizedSampler sampler = new XrayCentralizedSampler("http://127.0.0.1:9", XraySpans.RESOURCE,
				new XrayLocalRuleSampler(LOCAL, XraySpans.RESOURCE), () -> {
					contribsBuilt.incrementAndGet();
					return contrib(Sampler.alwaysOn());
				}, probe);
		probe.start(Duration.ofMillis(10), (rules) -> {
			probes.incrementAndGet();
			return sampler.useDaemonRules(rules);
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 2);

		sampler.close();
		int probesAtClose = probes.get();
		assertThat(sampler.useDaemonRules(DAEMON)).isFalse();
		assertThat(sampler.isUsingCentralizedRules()).isFalse();
		assertThat(contribsBuilt).hasValue(0);
		Thread.sleep(200);
		assertThat(probes.get()).as("at most the probe that was running when it closed")
			.isLessThanOrEqualTo(probesAtClose + 1);
	}

	@Test
	void closingStopsContribsPollerThread() throws Exception {
		XrayCentralizedSampler sampler = new XrayCentralizedSampler("http://127.0.0.1:9", XraySpans.RESOURCE,
				new XrayLocalRuleSampler(LOCAL, XraySpans.RESOURCE), () -> contrib(Sampler.alwaysOn()),
				new DaemonHealthProbe("http://127.0.0.1:9", Duration.ofSeconds(1)));
		// contrib's threads join the group of the thread that builds it: this probe's, so
		// they are told apart from those of tests running beside this one
		ThreadGroup probeGroup = new ThreadGroup("probe-under-test");
		AtomicBoolean switched = new AtomicBoolean();
		Thread probe = new Thread(probeGroup, () -> switched.set(sampler.useDaemonRules(DAEMON)), "probe");
		probe.start();
		probe.join(5_000);
		assertThat(switched).isTrue();
		Thread[] inGroup = new Thread[16];
		List<Thread> pollers = Arrays.stream(inGroup, 0, probeGroup.enumerate(inGroup))
			.filter((thread) -> thread.getName().equals("xray-rules-poller"))
			.toList();
		assertThat(pollers).as("contrib polls on a thread of its own").hasSize(1);

		sampler.close();
		pollers.get(0).join(5_000);
		assertThat(pollers.get(0).isAlive()).isFalse();
	}

	@Test
	void aCloseWhileTheDaemonsFirstAnswerIsTakenUpLeavesTheLocalRulesDeciding() {
		// close() runs while contrib's sampler is being built (reentrant here; on another
		// thread it runs between the build and the switch)
		AtomicReference<XrayCentralizedSampler> sampler = new AtomicReference<>();
		AtomicReference<AwsXrayRemoteSampler> built = new AtomicReference<>();
		sampler.set(new XrayCentralizedSampler("http://127.0.0.1:9", XraySpans.RESOURCE,
				new XrayLocalRuleSampler(LOCAL, XraySpans.RESOURCE), () -> {
					sampler.get().close();
					built.set(contrib(Sampler.alwaysOn()));
					return built.get();
				}, new DaemonHealthProbe("http://127.0.0.1:9", Duration.ofSeconds(1))));
		try {
			assertThat(sampler.get().useDaemonRules(DAEMON)).isFalse();
			assertThat(sampler.get().isUsingCentralizedRules()).isFalse();
		}
		finally {
			built.get().close();
		}
	}

	@Test
	void aContribSamplerThatCannotStartLeavesTheLocalRulesDeciding(CapturedOutput output) throws Exception {
		XrayLocalRuleSampler local = new XrayLocalRuleSampler(LOCAL, XraySpans.RESOURCE);
		try (XrayCentralizedSampler sampler = new XrayCentralizedSampler("http://127.0.0.1:9", XraySpans.RESOURCE,
				local, () -> {
					throw new IllegalStateException("no threads left");
				}, new DaemonHealthProbe("http://127.0.0.1:9", Duration.ofSeconds(1)))) {
			sampler.useDaemonRules(DAEMON);
			assertThat(sampler.isUsingCentralizedRules()).isFalse();
			assertThat(decide(sampler, "GET", "/api/activities/search", LOW_TRACE_ID).getDecision())
				.isEqualTo(SamplingDecision.DROP);
			assertThat(output).contains("the centralized sampler could not start (java.lang.IllegalStateException: "
					+ "no threads left); local sampling rules decide");
		}
	}

	@Test
	void theBuilderCleansTheEndpointAndRefusesNonsense() throws Exception {
		XrayCentralizedSamplerBuilder builder = XrayCentralizedSampler.builder(XraySpans.RESOURCE);
		assertThat(builder.endpoint(" http://127.0.0.1:2000// ")).isSameAs(builder);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.endpoint("http://bad host"));
		assertThatNullPointerException().isThrownBy(() -> builder.endpoint(null));
		assertThatNullPointerException().isThrownBy(() -> builder.localRules(null));
		assertThatNullPointerException().isThrownBy(() -> XrayCentralizedSampler.builder(null));
		for (Duration nonsense : java.util.Arrays.asList(Duration.ZERO, Duration.ofMillis(-1), null)) {
			assertThatIllegalArgumentException().isThrownBy(() -> builder.rulesPollingInterval(nonsense))
				.withMessage("rulesPollingInterval must be positive");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.healthCheckInterval(nonsense))
				.withMessage("healthCheckInterval must be positive");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.healthCheckTimeout(nonsense))
				.withMessage("healthCheckTimeout must be positive");
		}
		assertThat(builder.rulesPollingInterval(Duration.ofNanos(1))).isSameAs(builder);
		assertThat(builder.healthCheckInterval(Duration.ofSeconds(60))).isSameAs(builder);
		assertThat(builder.healthCheckTimeout(Duration.ofSeconds(1))).isSameAs(builder);
		assertThat(builder.localRules(LOCAL)).isSameAs(builder);

		int freePort;
		try (ServerSocket socket = new ServerSocket(0)) {
			freePort = socket.getLocalPort();
		}
		DaemonConfiguration daemon = new DaemonConfiguration();
		daemon.setDaemonAddress("tcp:127.0.0.1:" + freePort + " udp:127.0.0.1:2000");
		try (XrayCentralizedSampler sampler = XrayCentralizedSampler.builder(XraySpans.RESOURCE)
			.daemonConfiguration(daemon)
			.localRules(LOCAL)
			.build()) {
			assertThat(sampler.getEndpoint()).isEqualTo("http://127.0.0.1:" + freePort);
			assertThat(sampler.isUsingCentralizedRules()).isFalse();
			assertThat(decide(sampler, "POST", "/api/activities", HIGH_TRACE_ID).getAttributes().get(SAMPLE_RATE))
				.as("the local rules given")
				.isEqualTo(1L);
		}
		try (XrayCentralizedSampler defaults = XrayCentralizedSampler.builder(XraySpans.RESOURCE)
			.endpoint("http://127.0.0.1:" + freePort + "/")
			.build()) {
			assertThat(defaults.getEndpoint()).isEqualTo("http://127.0.0.1:" + freePort);
			assertThat(defaults.getDescription()).as("no local rules: X-Ray's default alone")
				.endsWith(", local=XrayLocalRuleSampler{[], default=Default=OrElse{Reservoir{1/s}, FixedRate{0.05}}}}");
		}
	}

	private static void awaitLine(CapturedOutput output, String text) {
		await().atMost(Duration.ofSeconds(5)).until(() -> lines(output, text) > 0);
	}

	private static long lines(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(text)).count();
	}

	private static boolean nextEmpty(BlockingQueue<Optional<XraySamplingRules>> answers) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			Optional<XraySamplingRules> answer = answers.poll(5, TimeUnit.SECONDS);
			if (answer == null) {
				return false;
			}
			if (answer.isEmpty()) {
				return true;
			}
		}
		return false;
	}

	private static AwsXrayRemoteSampler contrib(Sampler initial) {
		return AwsXrayRemoteSampler.newBuilder(XraySpans.RESOURCE)
			.setEndpoint("http://127.0.0.1:9")
			.setPollingInterval(Duration.ofHours(1))
			.setInitialSampler(initial)
			.build();
	}

	private static SamplingResult decide(Sampler sampler, String method, String path, String traceId) {
		return sampler.shouldSample(Context.root(), traceId, "http " + method, SpanKind.SERVER,
				XraySamplingTestSupport.request(method, path), List.of());
	}

	private static Sampler fixed(SamplingResult result) {
		return new Sampler() {

			@Override
			public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
					Attributes attributes, List<LinkData> parentLinks) {
				return result;
			}

			@Override
			public String getDescription() {
				return "fixed";
			}

		};
	}

}
