package org.cruddur.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cruddur.deploy.DockerComposeTest.env;
import static org.cruddur.deploy.DockerComposeTest.load;
import static org.cruddur.deploy.DockerComposeTest.service;

/**
 * docker-compose.yml's profile {@code xray-otlp}: the backend with
 * {@code XRAY_EXPORT=otlp} and the AWS keys, no daemon, otherwise the default backend's
 * settings and hardening.
 */
class DockerComposeXrayOtlpTest {

	@Test
	void theProfileRunsTheBackendWithTheAwsKeysAndNoDaemon() {
		Map<String, Object> compose = load();
		Map<String, Object> otlp = service(compose, "backend-xray-otlp");
		Map<String, Object> backend = service(compose, "backend");
		assertThat(otlp.get("profiles")).isEqualTo(List.of("xray-otlp"));
		assertThat(otlp).doesNotContainKey("depends_on");
		Map<String, Object> environment = env(otlp);
		assertThat(environment).containsEntry("XRAY_EXPORT", "otlp")
			.containsEntry("AWS_REGION", "${AWS_REGION:-us-east-1}")
			.doesNotContainKeys("AWS_XRAY_DAEMON_ADDRESS", "XRAY_ENABLED");
		for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
			assertThat(environment).as("%s passes through from .env, never a value here", key).containsEntry(key, null);
		}
		// Everything else as the default backend: image, port, settings (minus the
		// daemon's), rules, hardening.
		for (String key : List.of("image", "ports", "volumes", "read_only", "tmpfs", "cap_drop", "security_opt")) {
			assertThat(otlp.get(key)).as(key).isEqualTo(backend.get(key));
		}
		env(backend).forEach((key, value) -> {
			if (!List
				.of("XRAY_ENABLED", "AWS_XRAY_DAEMON_ADDRESS", "AWS_XRAY_TRACING_NAME", "AWS_XRAY_URL", "XRAY_EXPORT")
				.contains(key)) {
				assertThat(environment).as("setting %s", key).containsEntry(key, value);
			}
		});
		assertThat(Chart.read(Chart.ROOT.resolve("docker-compose.yml")))
			.contains("docker compose --profile xray-otlp up backend-xray-otlp");
	}

}
