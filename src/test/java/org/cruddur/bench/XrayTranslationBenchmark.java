package org.cruddur.bench;

import org.cruddur.tracing.Spans;
import org.cruddur.tracing.xray.segment.MetadataAlias;
import org.cruddur.tracing.xray.segment.SegmentSettings;
import org.cruddur.tracing.xray.segment.XraySegmentTranslator;
import org.cruddur.tracing.xray.segment.XrayUdpSpanExporter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
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
 * What one span costs the X-Ray exporter: translation to a segment document and its
 * encoding into a datagram; and what a request's two spans cost through the exporter to a
 * UDP socket on loopback, as one datagram (the segment with its subsegment embedded) or
 * as two (each span on its own, as every request went before the embedding). Run with
 * {@code bench/jmh.sh} (adds the GC profiler for bytes allocated per operation). Not a
 * test: nothing here runs in {@code ./mvnw verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XrayTranslationBenchmark {

	private static final String TRACE_ID = "6b07fbd63a2482d4fd7fe384ee609d52";

	/** Configured as the application configures it by default. */
	private final XraySegmentTranslator translator = new XraySegmentTranslator(
			new SegmentSettings(null, null, List.of("http.route", "http.request.method", "http.response.status_code"),
					List.of(new MetadataAlias(Spans.NOW.getKey(), List.of("namespace", "now")),
							new MetadataAlias(Spans.RESULT_LENGTH.getKey(), List.of("namespace", "results-size"))),
					"0.1.0"));

	private final Resource resource = Resource.getDefault()
		.merge(Resource.create(Attributes.builder()
			.put("service.name", "cruddur-backend")
			.put("service.version", "0.1.0")
			.put("deployment.environment.name", "production")
			.put("k8s.pod.name", "cruddur-backend-7d9f8-abcde")
			.put("k8s.namespace.name", "cruddur")
			.put("k8s.cluster.name", "cruddur-eks")
			.build()));

	/**
	 * A server span as the service makes it: HTTP semantic conventions, integers where
	 * they are integers.
	 */
	private final SpanData serverSpan = TestSpanData.builder()
		.setName("GET /api/activities/@{handle}")
		.setKind(SpanKind.SERVER)
		.setSpanContext(
				SpanContext.create(TRACE_ID, "c370976d58de4972", TraceFlags.getSampled(), TraceState.getDefault()))
		.setParentSpanContext(SpanContext.createFromRemoteParent(TRACE_ID, "53995c3f42cd8ad8", TraceFlags.getSampled(),
				TraceState.getDefault()))
		.setResource(this.resource)
		.setStartEpochNanos(1_795_685_334_982_296_500L)
		.setEndEpochNanos(1_795_685_334_982_752_600L)
		.setHasEnded(true)
		.setStatus(StatusData.unset())
		.setAttributes(Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.route", "/api/activities/@{handle}")
			.put("url.path", "/api/activities/@andrewbrown")
			.put("url.scheme", "http")
			.put("server.address", "api.cruddur.example")
			.put("server.port", 443L)
			.put("client.address", "203.0.113.7")
			.put("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")
			.put("http.response.status_code", 200L)
			.build())
		.setTotalAttributeCount(9)
		.setEvents(List.of())
		.setLinks(List.of())
		.build();

	/**
	 * The seed's {@code mock-data} span: an internal child with the attributes that
	 * become X-Ray metadata.
	 */
	private final SpanData mockDataSpan = TestSpanData.builder()
		.setName("mock-data")
		.setKind(SpanKind.INTERNAL)
		.setSpanContext(
				SpanContext.create(TRACE_ID, "1f2e3d4c5b6a7980", TraceFlags.getSampled(), TraceState.getDefault()))
		.setParentSpanContext(
				SpanContext.create(TRACE_ID, "c370976d58de4972", TraceFlags.getSampled(), TraceState.getDefault()))
		.setResource(this.resource)
		.setStartEpochNanos(1_795_685_334_982_400_000L)
		.setEndEpochNanos(1_795_685_334_982_500_000L)
		.setHasEnded(true)
		.setStatus(StatusData.unset())
		.setAttributes(Attributes.builder()
			.put("app.now", "2026-11-26T10:00:00.000000+00:00")
			.put("app.result_length", 3L)
			.build())
		.setTotalAttributeCount(2)
		.setEvents(List.of())
		.setLinks(List.of())
		.build();

	private DrainedDaemonSocket daemon;

	private XrayUdpSpanExporter exporter;

	private final List<SpanData> request = List.of(this.mockDataSpan, this.serverSpan);

	private final List<SpanData> serverAlone = List.of(this.serverSpan);

	private final List<SpanData> mockDataAlone = List.of(this.mockDataSpan);

	@Setup
	public void startDaemon() throws IOException {
		this.daemon = DrainedDaemonSocket.start();
		DaemonConfiguration configuration = new DaemonConfiguration();
		configuration.setDaemonAddress("127.0.0.1:" + this.daemon.address().getPort());
		this.exporter = new XrayUdpSpanExporter(this.translator, configuration);
	}

	@TearDown
	public void stopDaemon() throws IOException {
		this.exporter.shutdown();
		this.daemon.close();
	}

	@Benchmark
	public CompletableResultCode requestAsOneDatagram() {
		return this.exporter.export(this.request);
	}

	@Benchmark
	public CompletableResultCode requestAsTwoDatagrams() {
		this.exporter.export(this.serverAlone);
		return this.exporter.export(this.mockDataAlone);
	}

	@Benchmark
	public byte[] serverSegment() {
		return this.translator.toDatagram(this.serverSpan);
	}

	@Benchmark
	public byte[] mockDataSubsegment() {
		return this.translator.toDatagram(this.mockDataSpan);
	}

}
