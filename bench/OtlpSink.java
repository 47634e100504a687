// OTLP/HTTP sink for the benchmark: answers every POST 200 at once and counts what arrived.
//
//   java bench/OtlpSink.java <port>          (binds 127.0.0.1 only; no dependencies, JDK 17+)
//
// POST /v1/traces (any /v1/* path): body read fully, gunzipped if Content-Encoding: gzip, and the spans of an
// ExportTraceServiceRequest (http/protobuf) counted by walking the protobuf wire format (no generated classes needed).
// GET /stats: one line, "requests=N bytes=N spans=N decode_errors=N" plus per-User-Agent counts, so a harness can read
// the counters before and after a run and print the difference.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

public class OtlpSink {

	static final LongAdder requests = new LongAdder();
	static final LongAdder bytes = new LongAdder();
	static final LongAdder spans = new LongAdder();
	static final LongAdder decodeErrors = new LongAdder();
	static final Map<String, AtomicLong> spansByAgent = new ConcurrentHashMap<>();

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args.length > 0 ? args[0] : "4318");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
		server.createContext("/v1/", OtlpSink::receive);
		server.createContext("/stats", OtlpSink::stats);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.start();
		System.out.println("OtlpSink listening on 127.0.0.1:" + port);
	}

	static void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			requests.increment();
			bytes.add(body.length);
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
			if (type != null && type.contains("protobuf") && exchange.getRequestURI().getPath().endsWith("/traces")) {
				try {
					byte[] raw = body;
					if ("gzip".equalsIgnoreCase(encoding)) {
						try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
							raw = in.readAllBytes();
						}
					}
					long count = countSpans(raw);
					spans.add(count);
					spansByAgent.computeIfAbsent(agent, (k) -> new AtomicLong()).addAndGet(count);
				}
				catch (RuntimeException | IOException ex) {
					decodeErrors.increment();
				}
			}
			exchange.getResponseHeaders().set("Content-Type", (type != null) ? type : "application/x-protobuf");
			// An empty Export*ServiceResponse is a valid protobuf message of zero bytes.
			exchange.sendResponseHeaders(200, -1);
		}
	}

	static void stats(HttpExchange exchange) throws IOException {
		try (exchange) {
			StringBuilder line = new StringBuilder();
			line.append("requests=").append(requests.sum()).append(" bytes=").append(bytes.sum()).append(" spans=")
				.append(spans.sum()).append(" decode_errors=").append(decodeErrors.sum());
			new TreeMap<>(spansByAgent).forEach((agent, count) -> line.append(" spans[").append(agent.replace(' ', '_'))
				.append("]=").append(count.get()));
			byte[] out = (line + "\n").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, out.length);
			try (OutputStream os = exchange.getResponseBody()) {
				os.write(out);
			}
		}
	}

	// ExportTraceServiceRequest: 1 = repeated ResourceSpans; ResourceSpans: 2 = repeated ScopeSpans;
	// ScopeSpans: 2 = repeated Span.
	static long countSpans(byte[] request) {
		long total = 0;
		for (int[] resourceSpans : fields(request, 0, request.length, 1)) {
			for (int[] scopeSpans : fields(request, resourceSpans[0], resourceSpans[1], 2)) {
				total += fields(request, scopeSpans[0], scopeSpans[1], 2).size();
			}
		}
		return total;
	}

	/** The [start, end) ranges of the length-delimited fields numbered {@code wanted} in buf[from, to). */
	static java.util.List<int[]> fields(byte[] buf, int from, int to, int wanted) {
		java.util.List<int[]> found = new java.util.ArrayList<>();
		int[] pos = { from };
		while (pos[0] < to) {
			long key = varint(buf, pos);
			int field = (int) (key >>> 3);
			int wire = (int) (key & 7);
			switch (wire) {
				case 0 -> varint(buf, pos);
				case 1 -> pos[0] += 8;
				case 5 -> pos[0] += 4;
				case 2 -> {
					int length = (int) varint(buf, pos);
					if (length < 0 || pos[0] + length > to) {
						throw new IllegalArgumentException("bad length");
					}
					if (field == wanted) {
						found.add(new int[] { pos[0], pos[0] + length });
					}
					pos[0] += length;
				}
				default -> throw new IllegalArgumentException("wire type " + wire);
			}
		}
		if (pos[0] != to) {
			throw new IllegalArgumentException("truncated");
		}
		return found;
	}

	static long varint(byte[] buf, int[] pos) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte b = buf[pos[0]++];
			value |= (long) (b & 0x7f) << shift;
			if (b >= 0) {
				return value;
			}
		}
		throw new IllegalArgumentException("varint too long");
	}

}
