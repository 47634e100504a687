package org.cruddur.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the X-Ray API's sampling operations on loopback: {@code POST
 * /GetSamplingRules} and {@code POST /SamplingTargets} in the AWS API's JSON shapes (rule
 * records from {@link FakeXrayDaemon#ruleRecord}), each request's SigV4 signature checked
 * by a {@link SigV4Verifier}; a wrong one gets 403 {@code InvalidSignatureException} as
 * from AWS.
 */
public final class FakeXrayApi implements AutoCloseable {

	private final HttpServer server;

	private final SigV4Verifier verifier;

	private volatile String rulesResponse;

	private volatile String targetsResponse = "{\"SamplingTargetDocuments\":[],\"LastRuleModification\":1.7E9,"
			+ "\"UnprocessedStatistics\":[]}";

	public final AtomicInteger rulesRequests = new AtomicInteger();

	public final AtomicInteger badSignatures = new AtomicInteger();

	public final BlockingQueue<String> targetsRequests = new LinkedBlockingQueue<>();

	private FakeXrayApi(HttpServer server, SigV4Verifier verifier, String rulesResponse) {
		this.server = server;
		this.verifier = verifier;
		this.rulesResponse = rulesResponse;
	}

	public static FakeXrayApi start(SigV4Verifier verifier, String rulesResponse) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		FakeXrayApi api = new FakeXrayApi(server, verifier, rulesResponse);
		server.createContext("/GetSamplingRules", (exchange) -> api.handle(exchange, false));
		server.createContext("/SamplingTargets", (exchange) -> api.handle(exchange, true));
		server.start();
		return api;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void answerTargetsWith(String json) {
		this.targetsResponse = json;
	}

	private void handle(HttpExchange exchange, boolean targets) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String problem = this.verifier.problem(exchange.getRequestMethod(), exchange.getRequestURI(),
					Map.<String, List<String>>copyOf(exchange.getRequestHeaders()), body);
			if (problem != null) {
				this.badSignatures.incrementAndGet();
				respond(exchange, 403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"" + problem + "\"}");
				return;
			}
			if (targets) {
				this.targetsRequests.add(new String(body, StandardCharsets.UTF_8));
				respond(exchange, 200, this.targetsResponse);
			}
			else {
				this.rulesRequests.incrementAndGet();
				respond(exchange, 200, this.rulesResponse);
			}
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
