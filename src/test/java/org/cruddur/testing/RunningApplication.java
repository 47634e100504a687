package org.cruddur.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cruddur.CruddurApplication;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The real application, started in the test JVM from command-line arguments as
 * {@code java -jar} starts it, on loopback and a free port, for tests that configure it
 * per test or stop it. Its client has its own event loop and opens a connection per
 * request, so it keeps working while the application shuts down.
 */
public final class RunningApplication implements AutoCloseable {

	private static final List<String> DEFAULTS = List.of("--server.port=0", "--MANAGEMENT_PORT=0",
			"--server.address=127.0.0.1");

	private final ConfigurableApplicationContext context;

	private final LoopResources clientLoops = LoopResources.create("test-client", 2, true);

	private final WebClient client;

	private final WebClient management;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.client = client(port);
		this.management = client(context.getEnvironment().getRequiredProperty("local.management.port", Integer.class));
	}

	private WebClient client(int port) {
		HttpClient httpClient = HttpClient.create(ConnectionProvider.newConnection()).runOn(this.clientLoops);
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.build();
	}

	/**
	 * Starts the application with these {@code --name=value} arguments; a later argument
	 * replaces an earlier one of the same name.
	 */
	public static RunningApplication start(String... arguments) {
		return launch(new Class<?>[] { CruddurApplication.class }, arguments);
	}

	/** Starts the application with one more configuration class, e.g. a test filter. */
	public static RunningApplication start(Class<?> configuration, String... arguments) {
		return launch(new Class<?>[] { CruddurApplication.class, configuration }, arguments);
	}

	private static RunningApplication launch(Class<?>[] sources, String[] arguments) {
		Map<String, String> byName = new LinkedHashMap<>();
		for (List<String> group : List.of(DEFAULTS, List.of(arguments))) {
			for (String argument : group) {
				int equals = argument.indexOf('=');
				byName.put((equals < 0) ? argument : argument.substring(0, equals), argument);
			}
		}
		return new RunningApplication(
				new SpringApplicationBuilder(sources).run(byName.values().toArray(String[]::new)));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/** A client for this application: relative URIs, no shared connection pool. */
	public WebClient client() {
		return this.client;
	}

	/** A client for the management port ({@code /actuator}). */
	public WebClient management() {
		return this.management;
	}

	/**
	 * Stops the application as SIGTERM does: graceful shutdown, then the span processors
	 * flush. The client stays usable.
	 */
	public void stop() {
		this.context.close();
	}

	@Override
	public void close() {
		stop();
		this.clientLoops.dispose();
	}

}
