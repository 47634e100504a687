package org.cruddur.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's sampling proxy on 127.0.0.1 (or another loopback address):
 * {@code POST /GetSamplingRules} and {@code POST /SamplingTargets}.
 */
public final class FakeXrayDaemon implements AutoCloseable {

	private final HttpServer server;

	private volatile int rulesStatus = 200;

	private volatile String rulesResponse;

	private volatile String targetsResponse = "{\"SamplingTargetDocuments\":[],\"LastRuleModification\":1.7E9,\"UnprocessedStatistics\":[]}";

	public final AtomicInteger rulesRequests = new AtomicInteger();

	/** The User-Agent of each {@code POST /GetSamplingRules}: which client asked. */
	public final BlockingQueue<String> rulesUserAgents = new LinkedBlockingQueue<>();

	public final BlockingQueue<String> targetsRequests = new LinkedBlockingQueue<>();

	private FakeXrayDaemon(InetSocketAddress address, String rulesResponse) throws IOException {
		this.rulesResponse = rulesResponse;
		server = HttpServer.create(address, 0);
		server.createContext("/GetSamplingRules", exchange -> {
			rulesRequests.incrementAndGet();
			rulesUserAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
			exchange.getRequestBody().readAllBytes();
			respond(exchange, this.rulesStatus, this.rulesResponse);
		});
		server.createContext("/SamplingTargets", exchange -> {
			targetsRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			respond(exchange, 200, targetsResponse);
		});
		server.start();
	}

	public static FakeXrayDaemon start(String rulesResponse) throws IOException {
		return start(InetAddress.getLoopbackAddress(), 0, rulesResponse);
	}

	/**
	 * On this loopback address and port (0: any free port), e.g. 127.0.0.2 for a daemon
	 * that moved.
	 */
	public static FakeXrayDaemon start(InetAddress address, int port, String rulesResponse) throws IOException {
		return new FakeXrayDaemon(new InetSocketAddress(address, port), rulesResponse);
	}

	/** From now on, {@code POST /GetSamplingRules} gets this status and body. */
	public void answerRulesWith(int status, String body) {
		this.rulesStatus = status;
		this.rulesResponse = body;
	}

	public void answerTargetsWith(String json) {
		this.targetsResponse = json;
	}

	public int port() {
		return server.getAddress().getPort();
	}

	public String url() {
		return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
	}

	/** A rule record as GetSamplingRules returns it. */
	public static String ruleRecord(String name, int priority, double fixedRate, int reservoir, String method,
			String path) {
		return "{\"CreatedAt\":1.7E9,\"ModifiedAt\":1.7E9,\"SamplingRule\":{\"RuleName\":\"" + name + "\","
				+ "\"RuleARN\":\"arn:aws:xray:us-east-1:123456789012:sampling-rule/" + name + "\","
				+ "\"ResourceARN\":\"*\",\"Priority\":" + priority + ",\"FixedRate\":" + fixedRate
				+ ",\"ReservoirSize\":" + reservoir + ",\"ServiceName\":\"*\",\"ServiceType\":\"*\",\"Host\":\"*\","
				+ "\"HTTPMethod\":\"" + method + "\",\"URLPath\":\"" + path + "\",\"Version\":1,\"Attributes\":{}}}";
	}

	public static String rulesResponse(String... records) {
		return "{\"SamplingRuleRecords\":[" + String.join(",", records) + "],\"NextToken\":null}";
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
