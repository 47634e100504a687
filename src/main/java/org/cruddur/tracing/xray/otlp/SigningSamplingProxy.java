package org.cruddur.tracing.xray.otlp;

import org.cruddur.tracing.RateLimitedWarning;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The X-Ray daemon's sampling proxy, in-process: on an ephemeral loopback port it takes
 * {@code POST /GetSamplingRules} and {@code POST /SamplingTargets} as the daemon does and
 * forwards them, SigV4-signed with the service's own credentials, to the X-Ray API (whose
 * paths these are). So the same sampler as with a daemon (contrib's
 * {@code AwsXrayRemoteSampler} behind the health probe) talks to it unchanged: the same
 * rule engine, reservoir, fixed rate and {@code SampleRate}, the local rules while the
 * API does not answer. Without credentials it answers 503, which puts the local rules in
 * charge. Reachable from this host only.
 */
final class SigningSamplingProxy implements Closeable {

	private static final Set<String> PATHS = Set.of("/GetSamplingRules", "/SamplingTargets");

	/** A sampling request is a few KB; more is not one. */
	private static final int MAX_BODY = 1024 * 1024;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String api;

	private final AwsRequestSigner signer;

	private final HttpClient http;

	private final Duration timeout;

	private final RateLimitedWarning failureLog = new RateLimitedWarning(
			LoggerFactory.getLogger(SigningSamplingProxy.class), Duration.ofSeconds(30), System::nanoTime);

	private SigningSamplingProxy(HttpServer server, ExecutorService executor, String api, AwsRequestSigner signer,
			Duration timeout) {
		this.server = server;
		this.executor = executor;
		this.api = api;
		this.signer = signer;
		this.timeout = timeout;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(timeout)
			.build();
	}

	/**
	 * Listens on 127.0.0.1, an ephemeral port.
	 * @param api the X-Ray API's base URL, e.g.
	 * {@code https://xray.us-east-1.amazonaws.com}
	 * @param timeout of each forwarded request
	 */
	static SigningSamplingProxy start(String api, AwsRequestSigner signer, Duration timeout) throws IOException {
		String base = api.strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		URI.create(base); // fail fast on garbage
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "xray-sampling-proxy");
			thread.setDaemon(true);
			return thread;
		});
		SigningSamplingProxy proxy = new SigningSamplingProxy(server, executor, base, signer, timeout);
		server.createContext("/", proxy::handle);
		server.setExecutor(executor);
		server.start();
		return proxy;
	}

	/** Where the sampler sends its requests, e.g. {@code http://127.0.0.1:41234}. */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The X-Ray API it forwards to. */
	String api() {
		return this.api;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if (!"POST".equals(exchange.getRequestMethod()) || !PATHS.contains(path)) {
				respond(exchange, 404, "{\"message\":\"not a sampling request\"}");
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readNBytes(MAX_BODY);
			}
			SdkHttpRequest signed;
			try {
				signed = this.signer.sign(SdkHttpRequest.builder()
					.method(SdkHttpMethod.POST)
					.uri(URI.create(this.api + path))
					.putHeader("Content-Type", "application/json")
					.build(), body);
			}
			catch (RuntimeException ex) {
				// answered 500: the health probe then hands the decisions to the local
				// rules
				this.failureLog.warn("X-Ray sampling: a request to the X-Ray API could not be signed: {}",
						ex.toString());
				respond(exchange, 500, "{\"message\":\"not signed\"}");
				return;
			}
			if (signed == null) {
				respond(exchange, 503, "{\"message\":\"no AWS credentials to sign with\"}");
				return;
			}
			forward(exchange, signed, body);
		}
	}

	private void forward(HttpExchange exchange, SdkHttpRequest signed, byte[] body) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
			.timeout(this.timeout)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		signed.forEachHeader((name, values) -> {
			if (!name.equalsIgnoreCase("host")) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			respond(exchange, 502, "{\"message\":\"the X-Ray API did not answer\"}");
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			respond(exchange, 503, "{\"message\":\"shutting down\"}");
			return;
		}
		exchange.getResponseHeaders()
			.add("Content-Type", response.headers().firstValue("Content-Type").orElse("application/json"));
		send(exchange, response.statusCode(), response.body());
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
