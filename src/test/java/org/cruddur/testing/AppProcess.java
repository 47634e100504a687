package org.cruddur.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application in a child JVM with an environment of the test's choosing: the only way
 * to test what real environment variables do, since Spring Boot reads the {@code OTEL_*}
 * variables straight from the process environment. The environment is clean (only
 * {@code PATH}), so nothing leaks in from the shell that runs the build.
 */
public final class AppProcess implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private final Process process;

	private final Path log;

	private final int port;

	private final int managementPort;

	private AppProcess(Process process, Path log, int port, int managementPort) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Starts {@code org.cruddur.CruddurApplication} on a free port with this environment
	 * and waits until it serves.
	 */
	public static AppProcess start(Map<String, String> environment, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
						"org.cruddur.CruddurApplication", "--server.port=0"));
		// Actuator's port is chosen here: the log would not tell it apart from the API's.
		int managementPort = freePort();
		command.add("--MANAGEMENT_PORT=" + managementPort);
		command.addAll(List.of(args));
		Path log = Files.createTempFile("cruddur-app", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().keySet().removeIf((name) -> !name.equals("PATH"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Matcher port = PORT.matcher(output);
			if (output.contains("Started CruddurApplication") && port.find()) {
				return new AppProcess(process, log, Integer.parseInt(port.group(1)), managementPort);
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The application exited while starting:\n" + output);
			}
			Thread.sleep(100);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The application did not start within " + STARTUP + ":\n"
				+ Files.readString(log, StandardCharsets.UTF_8));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The management port's base URL ({@code /actuator}). */
	public String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Everything the application has written so far (standard output and error). */
	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		Files.deleteIfExists(this.log);
	}

}
