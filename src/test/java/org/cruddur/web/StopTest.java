package org.cruddur.web;

import java.time.Duration;

import org.cruddur.testing.RunningApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.autoconfigure.ReactorNettyProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop (SIGTERM in a pod, a rolling update, {@code skaffold dev} redeploying) is not
 * held up by Reactor Netty: its event loops wait 100 ms for new work once graceful
 * shutdown has let the requests in flight finish, not its default 2 s.
 */
class StopTest {

	@Test
	void theEventLoopsStopAfterAShortQuietPeriod() {
		try (RunningApplication app = RunningApplication.start()) {
			// What Boot gives the event loops' resources (ReactorResourceFactory has no
			// getter).
			ReactorNettyProperties netty = app.context().getBean(ReactorNettyProperties.class);
			assertThat(netty.getShutdownQuietPeriod()).isEqualTo(Duration.ofMillis(100));
			String body = app.client().get().uri("/api/health-check").retrieve().bodyToMono(String.class).block();
			assertThat(body).contains("true");
			app.stop();
			assertThat(app.context().isActive()).isFalse();
		}
	}

}
