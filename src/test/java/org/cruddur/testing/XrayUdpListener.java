package org.cruddur.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The X-Ray daemon's UDP side on loopback: reads every datagram, checks the
 * {@code {"format": "json", "version": 1}} header line and parses the segment document
 * after it (strictly: a duplicate key makes the datagram malformed).
 */
public final class XrayUdpListener implements AutoCloseable {

	private final DatagramSocket socket;

	private final List<JsonNode> documents = new CopyOnWriteArrayList<>();

	private final List<String> malformed = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private XrayUdpListener(DatagramSocket socket) {
		this.socket = socket;
		this.reader = new Thread(this::read, "xray-udp-listener");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	public static XrayUdpListener start() {
		return start(InetAddress.getLoopbackAddress(), 0);
	}

	/**
	 * Listens on this loopback address and port (0: any free port), e.g. 127.0.0.2 for a
	 * daemon that moved.
	 * @throws IllegalStateException when the address cannot be bound
	 */
	public static XrayUdpListener start(InetAddress address, int port) {
		try {
			DatagramSocket socket = new DatagramSocket(port, address);
			socket.setReceiveBufferSize(4 * 1024 * 1024);
			return new XrayUdpListener(socket);
		}
		catch (SocketException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	private void read() {
		byte[] buffer = new byte[65536];
		while (!this.socket.isClosed()) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.socket.receive(packet);
			}
			catch (IOException ex) {
				return;
			}
			String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
			int newline = datagram.indexOf('\n');
			try {
				JsonNode header = XraySpans.parse(datagram.substring(0, Math.max(newline, 0)));
				if (newline < 0 || !"json".equals(header.path("format").stringValue(null))
						|| !header.path("version").isInt() || header.path("version").intValue() != 1) {
					this.malformed.add(datagram);
					continue;
				}
				JsonNode document = XraySpans.parse(datagram.substring(newline + 1));
				if (document.isObject()) {
					this.documents.add(document);
				}
				else {
					this.malformed.add(datagram);
				}
			}
			catch (JacksonException ex) {
				this.malformed.add(datagram);
			}
		}
	}

	/** The documents as they came, one per datagram. */
	public List<JsonNode> documents() {
		return List.copyOf(this.documents);
	}

	/**
	 * One document per span, as X-Ray reads the datagrams: each document, then each
	 * subsegment embedded in its {@code subsegments} array (at any depth) as a copy with
	 * the {@code trace_id}, the {@code parent_id} (the enclosing document's id) and the
	 * {@code "type": "subsegment"} that X-Ray gives it from where it sits.
	 */
	public List<JsonNode> spans() {
		List<JsonNode> spans = new ArrayList<>();
		for (JsonNode document : this.documents) {
			spans.add(document);
			addEmbedded(document, document.path("trace_id"), spans);
		}
		return spans;
	}

	private static void addEmbedded(JsonNode parent, JsonNode traceId, List<JsonNode> spans) {
		for (JsonNode embedded : parent.path("subsegments")) {
			ObjectNode span = ((ObjectNode) embedded).deepCopy();
			span.set("trace_id", traceId);
			span.set("parent_id", parent.path("id"));
			span.put("type", "subsegment");
			spans.add(span);
			addEmbedded(embedded, traceId, spans);
		}
	}

	/** Datagrams without the daemon header or without a JSON document. */
	public List<String> malformed() {
		return List.copyOf(this.malformed);
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
