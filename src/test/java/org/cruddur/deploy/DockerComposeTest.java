package org.cruddur.deploy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml: service names, ports and the X-Ray daemon address agree; the
 * daemon's flags are separate arguments; the Jaeger profile is wired to the endpoint the
 * docs name; .env.example lists every variable. (Schema validation of the file itself is
 * .ci/validate-schemas.py.)
 */
class DockerComposeTest {

	static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-[^}]*)?}");
	static final String JAEGER_ENDPOINT = "http://jaeger:4318";

	@Test
	void composeAgreesWithItself() {
		assertThat(problems(load())).isEmpty();
	}

	@Test
	void theCheckFailsOnTheSeedsMistakes() {
		Map<String, Object> seed = load();
		Map<String, Object> daemon = service(seed, "xray-daemon");
		daemon.remove("entrypoint");
		daemon.put("command", List.of("xray -o -b xray-daemon:2000"));
		env(service(seed, "backend")).put("AWS_XRAY_DAEMON_ADDRESS", "xray:2000");
		List<String> problems = problems(seed);
		assertThat(problems).anyMatch(p -> p.contains("one argument"));
		assertThat(problems).anyMatch(p -> p.contains("xray:2000"));

		Map<String, Object> wrongPort = load();
		service(wrongPort, "backend").put("ports", List.of("4567:8080", "127.0.0.1:4568:4568"));
		assertThat(problems(wrongPort)).anyMatch(p -> p.contains("8080"));

		Map<String, Object> publicActuator = load();
		service(publicActuator, "backend").put("ports", List.of("4567:4567", "4568:4568"));
		assertThat(problems(publicActuator)).anyMatch(p -> p.contains("loopback"));
	}

	@Test
	void envExampleListsEveryVariableComposeReads() {
		String compose = Chart.read(Chart.ROOT.resolve("docker-compose.yml"));
		// ${VAR} interpolations, and environment keys without a value (passed through
		// from the shell or .env).
		Set<String> used = new TreeSet<>();
		Matcher m = VARIABLE.matcher(compose);
		while (m.find()) {
			used.add(m.group(1));
		}
		for (Object service : map(load().get("services")).values()) {
			env(map(service)).forEach((key, value) -> {
				if (value == null) {
					used.add(key);
				}
			});
		}
		Set<String> listed = new TreeSet<>();
		for (String line : Chart.read(Chart.ROOT.resolve(".env.example")).lines().toList()) {
			Matcher assignment = Pattern.compile("^(?:# )?([A-Z0-9_]+)=.*").matcher(line);
			if (assignment.matches()) {
				listed.add(assignment.group(1));
			}
		}
		assertThat(listed).as(".env.example vs docker-compose.yml").isEqualTo(used);
		// Secrets are never given a value in the example, and .env itself is git-ignored.
		assertThat(Chart.read(Chart.ROOT.resolve(".env.example")).lines())
			.filteredOn(line -> line.matches("^(# )?(HONEYCOMB_API_KEY|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID)=.*"))
			.hasSize(3)
			.allMatch(line -> line.endsWith("="));
		assertThat(Chart.read(Chart.ROOT.resolve(".gitignore")).lines()).contains(".env");
	}

	/**
	 * Every variable the application reads (its placeholders, and the OpenTelemetry
	 * variables Spring Boot reads itself) can be set from {@code .env}.
	 */
	@Test
	void everyVariableTheApplicationReadsIsPassedToTheBackend() {
		String config = Chart.read(Chart.ROOT.resolve("src/main/resources/application.properties"));
		Set<String> read = new TreeSet<>(List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
				"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_RESOURCE_ATTRIBUTES"));
		Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)").matcher(config);
		while (placeholder.find()) {
			read.add(placeholder.group(1));
		}
		// Set by the chart's downward API only: no meaning on a laptop.
		read.removeIf((name) -> name.startsWith("K8S_"));
		assertThat(read).contains("OTEL_TRACES_SAMPLER", "CRUDDUR_MAX_CONNECTIONS", "XRAY_SAMPLING_RULES_FILE");
		assertThat(env(service(load(), "backend")).keySet()).containsAll(read);
	}

	@Test
	void theDaemonIsOnlyOnLoopbackAndTheBackendImageIsNeverPulled() {
		Map<String, Object> compose = load();
		assertThat(service(compose, "xray-daemon").get("ports"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.isNotEmpty()
			.allSatisfy((port) -> assertThat(String.valueOf(port)).startsWith("127.0.0.1:"));
		assertThat(service(compose, "backend").get("pull_policy")).isEqualTo("never");
	}

	@Test
	void optionalSettingsAreNeverPassedAsEmptyStrings() {
		// An empty OTEL_TRACES_SAMPLER_ARG or CRUDDUR_STORE_MAX_ITEMS would be a parse
		// error, not "unset".
		for (Object service : map(load().get("services")).values()) {
			env(map(service)).forEach((key, value) -> assertThat(String.valueOf(value)).as("environment %s", key)
				.doesNotEndWith(":-}")
				.isNotEmpty());
		}
	}

	@Test
	void jaegerProfileCommandIsDocumentedAndWired() {
		Map<String, Object> compose = load();
		Map<String, Object> jaeger = service(compose, "jaeger");
		assertThat(jaeger.get("profiles")).isEqualTo(List.of("jaeger"));
		assertThat(publishedPorts(jaeger)).contains(4318, 16686);
		assertThat(JAEGER_ENDPOINT).isEqualTo("http://jaeger:" + 4318);
		String command = "OTEL_EXPORTER_OTLP_ENDPOINT=" + JAEGER_ENDPOINT + " docker compose --profile jaeger up";
		assertThat(Chart.read(Chart.ROOT.resolve("docker-compose.yml"))).contains(command);
		// The backend's endpoint passes through from the environment (the command above);
		// unset, the app sends to
		// Honeycomb only when HONEYCOMB_API_KEY is set.
		assertThat(env(service(compose, "backend"))).containsKey("OTEL_EXPORTER_OTLP_ENDPOINT");
		assertThat(env(service(compose, "backend")).get("OTEL_EXPORTER_OTLP_ENDPOINT")).isNull();
		// The other services do not need a profile: `docker compose up` starts backend
		// and daemon.
		assertThat(service(compose, "backend")).doesNotContainKey("profiles");
		assertThat(service(compose, "xray-daemon")).doesNotContainKey("profiles");
	}

	// ---------------------------------------------------------------- the check

	static List<String> problems(Map<String, Object> compose) {
		List<String> problems = new ArrayList<>();
		Map<String, Object> services = map(compose.get("services"));
		for (String name : List.of("backend", "xray-daemon", "jaeger")) {
			if (!services.containsKey(name)) {
				problems.add("no service " + name);
			}
		}
		if (!problems.isEmpty()) {
			return problems;
		}
		Map<String, Object> backend = service(compose, "backend");
		Map<String, Object> daemon = service(compose, "xray-daemon");
		Map<String, Object> backendEnv = env(backend);

		// The backend: the Jib image, published on the port it listens on.
		String image = String.valueOf(backend.get("image"));
		if (!image.equals("${BACKEND_IMAGE:-cruddur/backend}")
				|| !Chart.read(Chart.ROOT.resolve("pom.xml")).contains("<image>cruddur/backend</image>")) {
			problems.add("backend image " + image + " is not the default Jib image cruddur/backend");
		}
		String port = String.valueOf(backendEnv.get("PORT"));
		String managementPort = String.valueOf(backendEnv.get("MANAGEMENT_PORT"));
		if (!List.of("4567:" + port, "127.0.0.1:4568:" + managementPort).equals(backend.get("ports"))) {
			problems.add("backend ports " + backend.get("ports") + " do not publish PORT " + port
					+ " on 4567 and MANAGEMENT_PORT " + managementPort + " on 4568 of the loopback only");
		}

		// The daemon address points at the daemon service, on a port the daemon listens
		// on (UDP and TCP).
		// The daemon's flags: separate arguments, listening on the port the backend sends
		// to (UDP and TCP).
		List<Object> command = daemon.get("command") instanceof List<?> l ? new ArrayList<>(l) : List.of();
		for (Object argument : command) {
			if (argument.toString().trim().contains(" ")) {
				problems.add("daemon argument \"" + argument + "\" is several flags in one argument");
			}
		}
		if (!List.of("/xray").equals(daemon.get("entrypoint"))) {
			problems.add("daemon entrypoint must be [/xray] so the command items are its flags");
		}
		if (!command.contains("-o")) {
			problems.add("daemon must run in local mode (-o) outside EC2");
		}
		String address = String.valueOf(backendEnv.get("AWS_XRAY_DAEMON_ADDRESS"));
		Matcher hostPort = Pattern.compile("^([a-z0-9-]+):(\\d+)$").matcher(address);
		if (!hostPort.matches() || !hostPort.group(1).equals("xray-daemon")) {
			problems.add("AWS_XRAY_DAEMON_ADDRESS " + address + " is not <xray-daemon service>:<port>");
		}
		else {
			int daemonPort = Integer.parseInt(hostPort.group(2));
			checkFlag(command, "-b", "0.0.0.0:" + daemonPort, problems);
			checkFlag(command, "-t", "0.0.0.0:" + daemonPort, problems);
			List<String> ports = daemon.get("ports") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
					: List.of();
			for (String protocol : List.of("udp", "tcp")) {
				if (!ports.contains("127.0.0.1:" + daemonPort + ":" + daemonPort + "/" + protocol)) {
					problems.add("daemon does not publish " + daemonPort + "/" + protocol + " on loopback: " + ports);
				}
			}
		}
		Map<String, Object> daemonEnv = env(daemon);
		for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION")) {
			if (!daemonEnv.containsKey(key)
					|| (daemonEnv.get(key) != null && !String.valueOf(daemonEnv.get(key)).startsWith("${" + key))) {
				problems.add("daemon " + key + " does not come from the environment: " + daemonEnv.get(key));
			}
		}
		// depends_on is a list or a map of service names.
		if (!String.valueOf(backend.get("depends_on")).contains("xray-daemon")) {
			problems.add("backend does not depend on xray-daemon");
		}

		// Sampling rules: by default the jar's built-in rules (with the health-check
		// rule); a file the user names must be mounted.
		Object rulesFile = backendEnv.get("XRAY_SAMPLING_RULES_FILE");
		if (rulesFile != null) {
			List<String> volumes = backend.get("volumes") instanceof List<?> l
					? l.stream().map(String::valueOf).toList() : List.of();
			boolean mounted = volumes.stream().anyMatch(v -> {
				String[] parts = v.split(":");
				return parts.length >= 2 && parts[1].equals(rulesFile)
						&& Files.isRegularFile(Chart.ROOT.resolve(parts[0]));
			});
			if (!mounted) {
				problems
					.add("XRAY_SAMPLING_RULES_FILE " + rulesFile + " is not mounted from an existing file: " + volumes);
			}
		}
		return problems;
	}

	static void checkFlag(List<Object> command, String flag, String value, List<String> problems) {
		int at = command.indexOf(flag);
		if (at < 0 || at + 1 >= command.size() || !value.equals(command.get(at + 1))) {
			problems.add("daemon flag " + flag + " " + value + " missing from " + command);
		}
	}

	// ---------------------------------------------------------------- YAML helpers

	static Map<String, Object> load() {
		return new Yaml().load(Chart.read(Chart.ROOT.resolve("docker-compose.yml")));
	}

	static Map<String, Object> service(Map<String, Object> compose, String name) {
		return map(map(compose.get("services")).get(name));
	}

	static Map<String, Object> env(Map<String, Object> service) {
		return map(service.get("environment"));
	}

	static List<Integer> publishedPorts(Map<String, Object> service) {
		List<Integer> ports = new ArrayList<>();
		if (service.get("ports") instanceof List<?> l) {
			for (Object port : l) {
				ports.add(Integer.parseInt(String.valueOf(port).split(":")[0]));
			}
		}
		return ports;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		return node instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
	}

}
