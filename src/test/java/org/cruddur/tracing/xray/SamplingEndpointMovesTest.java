package org.cruddur.tracing.xray;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cruddur.testing.AppProcess;
import org.cruddur.testing.FakeXrayDaemon;
import org.cruddur.testing.XrayUdpListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sampling endpoint follows a daemon whose host name moves to a new address (a
 * restarted container), with nothing of our own: both of its HTTP clients, contrib's
 * okhttp ({@code AwsXrayRemoteSampler}) and the JDK's ({@code DaemonHealthProbe}), look
 * the name up for each new connection, and a connection to the stopped daemon does not
 * survive it. The JVM caches a lookup for 30 s ({@code networkaddress.cache.ttl}); here
 * the application runs in a child JVM whose names come from a hosts file, without that
 * cache.
 */
@EnabledOnOs(OS.LINUX) // every 127.0.0.0/8 address is loopback without configuration
class SamplingEndpointMovesTest {

	private static final String NAME = "xray-daemon.test";

	@TempDir
	Path dir;

	@Test
	void samplingRulesComeFromTheDaemonsNewAddress() throws Exception {
		Path hosts = this.dir.resolve("hosts");
		Files.writeString(hosts, "127.0.0.1 " + NAME + "\n");
		String rules = FakeXrayDaemon.rulesResponse(FakeXrayDaemon.ruleRecord("Everything", 9000, 1.0, 1, "*", "*"));
		try (FakeXrayDaemon original = FakeXrayDaemon.start(InetAddress.getByName("127.0.0.1"), 0, rules);
				FakeXrayDaemon moved = startMoved(original.port(), rules);
				XrayUdpListener udp = XrayUdpListener.start();
				AppProcess app = AppProcess.start(
						Map.of("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts + " -Dsun.net.inetaddr.ttl=0",
								"XRAY_ENABLED", "true", "AWS_XRAY_DAEMON_ADDRESS",
								"tcp:" + NAME + ":" + original.port() + " udp:127.0.0.1:" + udp.port()),
						// both clients connect again within a second, not after the
						// production intervals (300 s rules, 30 s probe)
						"--cruddur.xray.rules-polling-interval=1s", "--cruddur.xray.health-check-interval=1s")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> agents(original).size() >= 2);
			assertThat(moved.rulesRequests.get()).isZero();

			// The name now answers the new address; the old daemon is gone.
			Files.writeString(hosts, "127.0.0.2 " + NAME + "\n");
			original.close();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> agents(moved).stream().anyMatch((agent) -> agent.startsWith("okhttp/")));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> agents(moved).stream().anyMatch((agent) -> agent.startsWith("Java-http-client/")));
			assertThat(app.output()).contains("X-Ray sampling: daemon at http://" + NAME + ":" + original.port());
		}
	}

	private static List<String> agents(FakeXrayDaemon daemon) {
		return List.copyOf(daemon.rulesUserAgents);
	}

	/** The same port on 127.0.0.2; skips the test when something else holds it there. */
	private static FakeXrayDaemon startMoved(int port, String rules) throws IOException {
		try {
			return FakeXrayDaemon.start(InetAddress.getByName("127.0.0.2"), port, rules);
		}
		catch (IOException ex) {
			Assumptions.abort("cannot listen on 127.0.0.2:" + port + ": " + ex);
			return null;
		}
	}

}
