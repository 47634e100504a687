package org.cruddur.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one datagram to the X-Ray daemon costs the sender on loopback, as
 * {@code DaemonSocket} sends it ({@code unconnectedSend}: an unconnected channel, the
 * address on every send) against a connected channel ({@code connectedWrite}, where Linux
 * keeps the route). A 900-byte heap buffer, about a request's document; a thread stands
 * in for the daemon and drains the socket. Session 16's A/B: no gain from connecting
 * (docs/benchmarks.md), so {@code DaemonSocket} stays unconnected, which also keeps a
 * missing daemon invisible to the sender. Run with
 * {@code bench/jmh.sh DatagramSendBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class DatagramSendBenchmark {

	private DrainedDaemonSocket daemon;

	private DatagramChannel unconnected;

	private DatagramChannel connected;

	private InetSocketAddress address;

	private final ByteBuffer datagram = ByteBuffer.allocate(900);

	@Setup
	public void start() throws IOException {
		this.daemon = DrainedDaemonSocket.start();
		this.address = this.daemon.address();
		this.unconnected = DatagramChannel.open();
		this.connected = DatagramChannel.open().connect(this.address);
	}

	@TearDown
	public void stop() throws IOException {
		this.unconnected.close();
		this.connected.close();
		this.daemon.close();
	}

	@Benchmark
	public int unconnectedSend() throws IOException {
		this.datagram.clear();
		return this.unconnected.send(this.datagram, this.address);
	}

	@Benchmark
	public int connectedWrite() throws IOException {
		this.datagram.clear();
		return this.connected.write(this.datagram);
	}

}
