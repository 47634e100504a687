// UDP sink for the benchmark, standing in for the AWS X-Ray daemon: counts datagrams and bytes, answers nothing.
//
//   java bench/UdpSink.java <udpPort> <statsPort>     (both bound to 127.0.0.1 only; JDK 17+, no dependencies)
//
// X-Ray daemon datagrams are '{"format": "json", "version": 1}\n' followed by one segment document; those with the
// header are counted separately ("segments"). GET http://127.0.0.1:<statsPort>/stats answers one line:
// "datagrams=N bytes=N segments=N".
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

public class UdpSink {

	static final AtomicLong datagrams = new AtomicLong();
	static final AtomicLong bytes = new AtomicLong();
	static final AtomicLong segments = new AtomicLong();

	public static void main(String[] args) throws IOException {
		int udpPort = Integer.parseInt(args.length > 0 ? args[0] : "2000");
		int statsPort = Integer.parseInt(args.length > 1 ? args[1] : "2001");
		byte[] header = "{\"format\":".getBytes(StandardCharsets.US_ASCII);
		// The datagram socket first: if its port is taken, the program fails before the stats port answers.
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort))) {
			HttpServer stats = HttpServer.create(new InetSocketAddress("127.0.0.1", statsPort), 16);
			stats.createContext("/stats", (exchange) -> {
				try (exchange) {
					byte[] out = ("datagrams=" + datagrams.get() + " bytes=" + bytes.get() + " segments="
							+ segments.get() + "\n").getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(200, out.length);
					try (OutputStream os = exchange.getResponseBody()) {
						os.write(out);
					}
				}
			});
			stats.start();
			socket.setReceiveBufferSize(4 << 20);
			System.out.println("UdpSink listening on 127.0.0.1:" + udpPort + " (stats on 127.0.0.1:" + statsPort + ")");
			byte[] buf = new byte[65536];
			DatagramPacket packet = new DatagramPacket(buf, buf.length);
			while (true) {
				packet.setLength(buf.length);
				socket.receive(packet);
				datagrams.incrementAndGet();
				bytes.addAndGet(packet.getLength());
				if (startsWithHeader(buf, packet.getLength(), header)) {
					segments.incrementAndGet();
				}
			}
		}
	}

	static boolean startsWithHeader(byte[] buf, int length, byte[] header) {
		int i = 0;
		while (i < length && buf[i] == ' ') {
			i++;
		}
		String head = new String(buf, i, Math.min(length - i, 40), StandardCharsets.US_ASCII).replace(" ", "");
		return head.startsWith(new String(header, StandardCharsets.US_ASCII));
	}

}
