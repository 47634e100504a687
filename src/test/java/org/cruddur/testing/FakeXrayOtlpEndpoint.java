package org.cruddur.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.cruddur.testing.OtlpReceiver.ReceivedSpan;

/**
 * Stands in for X-Ray's OTLP endpoint ({@code POST /v1/traces}) on loopback: checks every
 * request's SigV4 signature with a {@link SigV4Verifier} (403 when it is wrong, as AWS
 * answers), takes OTLP protobuf (gzip or not), and can throttle (429), fail (5xx) or
 * refuse (4xx with a body) on demand.
 */
public final class FakeXrayOtlpEndpoint implements AutoCloseable {

	private final HttpServer server;

	private final SigV4Verifier verifier;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Queue<Integer> nextStatuses = new ConcurrentLinkedQueue<>();

	private volatile int status = 200;

	private volatile String errorBody = "{\"message\":\"refused by the fake\"}";

	private volatile Duration delay = Duration.ZERO;

	/** Stopped on close, so that answers still waiting out a delay end with it. */
	private final ExecutorService handlers = Executors.newCachedThreadPool();

	private FakeXrayOtlpEndpoint(HttpServer server, SigV4Verifier verifier) {
		this.server = server;
		this.verifier = verifier;
	}

	public static FakeXrayOtlpEndpoint start(SigV4Verifier verifier) {
		try {
			return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), verifier);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The same over HTTPS, with the server's key and certificate from {@code tls}. */
	public static FakeXrayOtlpEndpoint startHttps(SigV4Verifier verifier, SSLContext tls) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(tls));
			return start(server, verifier);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FakeXrayOtlpEndpoint start(HttpServer server, SigV4Verifier verifier) {
		FakeXrayOtlpEndpoint endpoint = new FakeXrayOtlpEndpoint(server, verifier);
		server.createContext("/", endpoint::handle);
		server.setExecutor(endpoint.handlers);
		server.start();
		return endpoint;
	}

	public String tracesUrl() {
		String scheme = (this.server instanceof HttpsServer) ? "https" : "http";
		return scheme + "://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	/**
	 * The next requests (correctly signed) get these statuses, in order; then the usual
	 * one.
	 */
	public void answerNext(Integer... statuses) {
		this.nextStatuses.addAll(List.of(statuses));
	}

	/**
	 * From now on, correctly signed requests get this status (and body, when not 200).
	 */
	public void answer(int status, String body) {
		this.status = status;
		this.errorBody = body;
	}

	/** Every answer waits this long. */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			long arrivedNanos = System.nanoTime();
			byte[] raw;
			try (InputStream in = exchange.getRequestBody()) {
				raw = in.readAllBytes();
			}
			Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
			String problem = this.verifier.problem(exchange.getRequestMethod(), exchange.getRequestURI(), headers, raw);
			Integer next = (problem == null) ? this.nextStatuses.poll() : null;
			int answer = (problem != null) ? 403 : (next != null) ? next : this.status;
			ExportTraceServiceRequest body = (answer == 200) ? decode(headers, raw) : null;
			this.requests.add(new Request(headers, raw, problem, answer, body, arrivedNanos));
			Thread.sleep(this.delay.toMillis());
			byte[] response = (answer == 200) ? new byte[0]
					: ((problem != null) ? "{\"message\":\"" + problem + "\"}" : this.errorBody)
						.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.add("Content-Type", (answer == 200) ? "application/x-protobuf" : "application/json");
			exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-request-" + this.requests.size());
			if (answer >= 300 && answer < 400) {
				exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getPath());
			}
			exchange.sendResponseHeaders(answer, (response.length == 0) ? -1 : response.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ExportTraceServiceRequest decode(Map<String, List<String>> headers, byte[] raw) throws IOException {
		boolean gzip = headers.entrySet()
			.stream()
			.anyMatch((e) -> e.getKey().equalsIgnoreCase("Content-Encoding") && e.getValue().contains("gzip"));
		try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw))
				: new ByteArrayInputStream(raw)) {
			return ExportTraceServiceRequest.parseFrom(in);
		}
	}

	/** Every request received, signed correctly or not. */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The spans of the requests answered 200. */
	public List<ReceivedSpan> spans() {
		List<ReceivedSpan> spans = new ArrayList<>();
		for (Request request : this.requests) {
			if (request.body() == null) {
				continue;
			}
			for (ResourceSpans resourceSpans : request.body().getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (Span span : scopeSpans.getSpansList()) {
						spans.add(new ReceivedSpan(resourceSpans.getResource(), span));
					}
				}
			}
		}
		return spans;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

	/**
	 * One request: its headers, body as sent, what was wrong with its signature
	 * ({@code null}: nothing), the status it got, its decoded body when accepted, and
	 * when it arrived ({@link System#nanoTime()}).
	 */
	public record Request(Map<String, List<String>> headers, byte[] rawBody, String signatureProblem, int status,
			ExportTraceServiceRequest body, long arrivedNanos) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
