package org.cruddur.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for AWS STS on loopback, for web identity (IRSA): answers
 * {@code AssumeRoleWithWebIdentity} (the query protocol: a form-encoded POST, an XML
 * answer) with fixed temporary credentials, valid for an hour, and keeps what it was
 * asked. Reach it through the SDK's endpoint override ({@code AWS_ENDPOINT_URL_STS}).
 */
public final class FakeSts implements AutoCloseable {

	/** What it hands out: fakes, for signing requests to loopback stand-ins. */
	public static final SigV4Verifier.Credentials ISSUED = new SigV4Verifier.Credentials("FAKESESSIONKEYCRUDDUR",
			"fake-session-secret-for-cruddur-tests", "fake-session-token-for-cruddur-tests");

	private final HttpServer server;

	public final BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();

	private FakeSts(HttpServer server) {
		this.server = server;
	}

	public static FakeSts start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		FakeSts sts = new FakeSts(server);
		server.createContext("/", sts::handle);
		server.start();
		return sts;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String form;
			try (InputStream in = exchange.getRequestBody()) {
				form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Map<String, String> parameters = new LinkedHashMap<>();
			for (String pair : form.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					parameters.put(pair.substring(0, equals),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
			}
			this.requests.add(parameters);
			if (!"AssumeRoleWithWebIdentity".equals(parameters.get("Action"))) {
				respond(exchange, 400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
				return;
			}
			respond(exchange, 200, assumedRole(parameters.get("RoleSessionName")));
		}
	}

	private static String assumedRole(String session) {
		String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
		return "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
				+ "<AssumeRoleWithWebIdentityResult>"
				+ "<SubjectFromWebIdentityToken>system:serviceaccount:cruddur:cruddur-backend</SubjectFromWebIdentityToken>"
				+ "<Audience>sts.amazonaws.com</Audience>"
				+ "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/cruddur-backend/" + session
				+ "</Arn><AssumedRoleId>AROAFAKECRUDDUR:" + session + "</AssumedRoleId></AssumedRoleUser>"
				+ "<Credentials><AccessKeyId>" + ISSUED.accessKeyId() + "</AccessKeyId><SecretAccessKey>"
				+ ISSUED.secretAccessKey() + "</SecretAccessKey><SessionToken>" + ISSUED.sessionToken()
				+ "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials>"
				+ "<Provider>oidc.eks.us-east-1.amazonaws.com/id/FAKE</Provider>" + "</AssumeRoleWithWebIdentityResult>"
				+ "<ResponseMetadata><RequestId>fake-sts-request</RequestId></ResponseMetadata>"
				+ "</AssumeRoleWithWebIdentityResponse>";
	}

	private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
		byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/xml");
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
