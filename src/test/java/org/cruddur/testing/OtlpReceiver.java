package org.cruddur.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace receiver on loopback, decoding what exporters send with the official
 * protobuf classes. It can answer like a healthy backend (200), a throttling or failing
 * one (429, 503), or a blackhole that never answers.
 */
public final class OtlpReceiver implements AutoCloseable {

	/** How the receiver answers export requests. */
	public enum Mode {

		OK, THROTTLE_429, UNAVAILABLE_503, BLACKHOLE

	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	private volatile Mode mode = Mode.OK;

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	public static OtlpReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			OtlpReceiver receiver = new OtlpReceiver(server);
			server.createContext("/", receiver::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The traces URL, as {@code management.opentelemetry.tracing.export.otlp.endpoint}
	 * takes it.
	 */
	public String tracesUrl() {
		return baseUrl() + "/v1/traces";
	}

	/** The base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} takes it. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void mode(Mode mode) {
		this.mode = mode;
	}

	/**
	 * Lets blackholed requests go (unanswered), so a test can shut the exporter down
	 * without waiting out its timeout.
	 */
	public void releaseBlackhole() {
		this.mode = Mode.OK;
		this.closing.countDown();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (this.mode == Mode.BLACKHOLE) {
				this.closing.await(60, TimeUnit.SECONDS);
				return;
			}
			byte[] body;
			try (InputStream in = decoded(exchange)) {
				body = in.readAllBytes();
			}
			if (this.mode == Mode.OK && exchange.getRequestURI().getPath().equals("/v1/traces")) {
				this.received.add(new Received(exchange.getRequestURI().getPath(), copy(exchange.getRequestHeaders()),
						ExportTraceServiceRequest.parseFrom(body)));
			}
			int status = switch (this.mode) {
				case THROTTLE_429 -> 429;
				case UNAVAILABLE_503 -> 503;
				default -> exchange.getRequestURI().getPath().equals("/v1/traces") ? 200 : 404;
			};
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(status, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static InputStream decoded(HttpExchange exchange) throws IOException {
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(exchange.getRequestBody())
				: exchange.getRequestBody();
	}

	private static Map<String, String> copy(Headers headers) {
		Map<String, String> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.put(name, String.join(",", values)));
		return copy;
	}

	public List<Received> requests() {
		return List.copyOf(this.received);
	}

	/** Every span received so far, with the resource it came with. */
	public List<ReceivedSpan> spans() {
		List<ReceivedSpan> spans = new ArrayList<>();
		for (Received request : this.received) {
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

	public void clear() {
		this.received.clear();
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
	}

	/** One export request: its path, headers and decoded body. */
	public record Received(String path, Map<String, String> headers, ExportTraceServiceRequest body) {
	}

	/** A span with its resource, and typed access to attributes. */
	public record ReceivedSpan(Resource resource, Span span) {

		public String name() {
			return this.span.getName();
		}

		public String traceId() {
			return hex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return hex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return hex(this.span.getParentSpanId().toByteArray());
		}

		public AnyValue attribute(String key) {
			return find(this.span.getAttributesList(), key);
		}

		public AnyValue resourceAttribute(String key) {
			return find(this.resource.getAttributesList(), key);
		}

		private static AnyValue find(List<KeyValue> attributes, String key) {
			List<AnyValue> values = attributes.stream()
				.filter((kv) -> kv.getKey().equals(key))
				.map(KeyValue::getValue)
				.toList();
			if (values.size() > 1) {
				throw new AssertionError("attribute " + key + " appears " + values.size() + " times: " + values);
			}
			return values.isEmpty() ? null : values.get(0);
		}

		private static String hex(byte[] bytes) {
			return java.util.HexFormat.of().formatHex(bytes);
		}

	}

}
