package org.cruddur.tracing.xray.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cruddur.testing.XraySpans.SPAN_ID;
import static org.cruddur.testing.XraySpans.XRAY_TRACE_ID;
import static org.cruddur.testing.XraySpans.context;
import static org.cruddur.testing.XraySpans.parse;
import static org.cruddur.testing.XraySpans.remoteParent;
import static org.cruddur.testing.XraySpans.span;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.cruddur.testing.XraySpans;
import org.cruddur.testing.XrayUdpListener;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class XrayUdpSpanExporterTest {

	private final XraySegmentTranslator translator = Translators.DEFAULT;

	private DatagramSocket daemon;

	@BeforeEach
	void startFakeDaemon() throws Exception {
		this.daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
		this.daemon.setSoTimeout(2000);
	}

	@AfterEach
	void stopFakeDaemon() {
		this.daemon.close();
	}

	@Test
	void sendsASegmentWithItsSubsegmentInOneDatagramWithTheDaemonHeader() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData server = span(SpanKind.SERVER).setParentSpanContext(remoteParent())
			.setAttributes(Attributes.builder()
				.put("http.request.method", "GET")
				.put("http.response.status_code", 200L)
				.build())
			.build();
		SpanData child = span(SpanKind.INTERNAL).setName("mock-data")
			.setSpanContext(context("00000000000000a1"))
			.setParentSpanContext(context(SPAN_ID))
			.setAttributes(
					Attributes.builder().put("app.now", "2026-11-26T10:00:00").put("app.result_length", 2L).build())
			.build();
		SpanData unsampled = span(SpanKind.SERVER)
			.setSpanContext(SpanContext.create(XraySpans.TRACE_ID, "00000000000000b2", TraceFlags.getDefault(),
					TraceState.getDefault()))
			.build();

		CompletableResultCode result = exporter.export(List.of(child, server, unsampled));

		assertThat(result.isSuccess()).isTrue();
		JsonNode segment = receive();
		assertThat(segment.get("id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(segment.get("trace_id").stringValue()).isEqualTo(XRAY_TRACE_ID);
		assertThat(segment.get("parent_id").stringValue()).isEqualTo(XraySpans.UPSTREAM_PARENT_ID);
		assertThat(segment.at("/http/response/status").intValue()).isEqualTo(200);
		assertThat(segment.get("subsegments")).hasSize(1);
		JsonNode embedded = segment.get("subsegments").get(0);
		assertThat(embedded.get("id").stringValue()).isEqualTo("00000000000000a1");
		assertThat(embedded.get("name").stringValue()).isEqualTo("mock-data");
		assertThat(embedded.get("namespace").stringValue()).isEqualTo("local");
		assertThat(embedded.at("/metadata/namespace/key/results-size").longValue()).isEqualTo(2);
		assertThat(embedded.has("trace_id") || embedded.has("parent_id") || embedded.has("type"))
			.as("an embedded subsegment takes its trace and parent from where it sits")
			.isFalse();
		this.daemon.setSoTimeout(200);
		assertThatThrownBy(this::receive).as("one datagram: the subsegment rode along, the unsampled span is not sent")
			.isInstanceOf(SocketTimeoutException.class);

		assertThat(exporter.getSentDocuments()).as("span documents, embedded ones included").isEqualTo(2);
		assertThat(exporter.getUnsampledSpans()).isEqualTo(1);
		assertThat(exporter.getFailedDocuments()).isZero();
		assertThat(exporter.getDroppedDocuments()).isZero();
		assertThat(exporter.getNonXrayTraceIdSpans()).as("sent anyway by default").isEqualTo(2);

		assertThat(exporter.shutdown().isSuccess()).isTrue();
		CompletableResultCode afterShutdown = exporter.export(List.of(server));
		assertThat(afterShutdown.isSuccess()).isFalse();
		assertThat(exporter.getDroppedDocuments()).isEqualTo(1);
	}

	@Test
	void aSubsegmentWhoseSegmentIsInAnotherExportIsSentOnItsOwn() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData child = subsegment("mock-data", "00000000000000a1", SPAN_ID);

		assertThat(exporter.export(List.of(child)).isSuccess()).isTrue();
		assertThat(exporter.export(List.of(span(SpanKind.SERVER).build())).isSuccess()).isTrue();

		JsonNode independent = receive();
		assertThat(independent.get("type").stringValue()).isEqualTo("subsegment");
		assertThat(independent.get("trace_id").stringValue()).isEqualTo(XRAY_TRACE_ID);
		assertThat(independent.get("parent_id").stringValue()).isEqualTo(SPAN_ID);
		JsonNode segment = receive();
		assertThat(segment.get("id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(segment.has("subsegments")).isFalse();
		assertThat(exporter.getSentDocuments()).isEqualTo(2);
		exporter.shutdown();
	}

	@Test
	void subsegmentsOfSubsegmentsAreEmbeddedWhereTheirParentsAre() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData server = span(SpanKind.SERVER).build();
		SpanData userActivities = subsegment("user-activities", "00000000000000a1", SPAN_ID);
		SpanData mockData = subsegment("mock-data", "00000000000000a2", "00000000000000a1");
		SpanData otherTrace = span(SpanKind.INTERNAL).setName("other-trace")
			.setSpanContext(SpanContext.create("5759e988bd862e3fe1be46a994272794", "00000000000000a3",
					TraceFlags.getSampled(), TraceState.getDefault()))
			.setParentSpanContext(context(SPAN_ID))
			.build();

		assertThat(exporter.export(List.of(mockData, otherTrace, userActivities, server)).isSuccess()).isTrue();

		Map<String, JsonNode> byName = receiveByName(2);
		JsonNode embedded = byName.get("cruddur-backend").at("/subsegments/0");
		assertThat(embedded.get("name").stringValue()).isEqualTo("user-activities");
		assertThat(embedded.at("/subsegments/0/name").stringValue()).isEqualTo("mock-data");
		assertThat(embedded.at("/subsegments/0/id").stringValue()).isEqualTo("00000000000000a2");
		assertThat(byName.get("other-trace").get("type").stringValue())
			.as("a span of another trace is never put inside this trace's segment")
			.isEqualTo("subsegment");
		assertThat(exporter.getSentDocuments()).isEqualTo(4);
		exporter.shutdown();
	}

	@Test
	void spansThatNameEachOtherAsParentAreEachSentOnTheirOwn() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData first = subsegment("first", "00000000000000a1", "00000000000000a2");
		SpanData second = subsegment("second", "00000000000000a2", "00000000000000a1");

		assertThat(exporter.export(List.of(first, second)).isSuccess()).isTrue();

		assertThat(List.of(receive().get("name").stringValue(), receive().get("name").stringValue()))
			.containsExactlyInAnyOrder("first", "second");
		exporter.shutdown();
	}

	@Test
	void aSegmentTooLargeWithItsSubsegmentsGoesOutSpanBySpanWithEveryValueWhole() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData server = span(SpanKind.SERVER).setAttributes(bigAttributes()).build();
		SpanData child = span(SpanKind.INTERNAL).setName("mock-data")
			.setSpanContext(context("00000000000000a1"))
			.setParentSpanContext(context(SPAN_ID))
			.setAttributes(bigAttributes())
			.build();

		assertThat(exporter.export(List.of(child, server)).isSuccess()).isTrue();

		for (int i = 0; i < 2; i++) {
			JsonNode document = receive();
			assertThat(document.has("subsegments")).isFalse();
			assertThat(document.at("/metadata/default/big.0").stringValue()).hasSize(8000);
			assertThat(document.at("/metadata/default/xray.document.truncated").isMissingNode()).isTrue();
		}
		assertThat(exporter.getSentDocuments()).isEqualTo(2);
		exporter.shutdown();
	}

	@Test
	void aBrokenSubsegmentIsLostAloneAndItsSegmentIsStillSent(CapturedOutput output) throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData broken = XraySpans.withBrokenAttributes(subsegment("broken", "00000000000000a1", SPAN_ID),
				new IllegalStateException("no attributes"));

		SpanData server = span(SpanKind.SERVER).build();
		CompletableResultCode result = exporter.export(List.of(broken, server));

		assertThat(result.isSuccess()).isFalse();
		JsonNode segment = receive();
		assertThat(segment.get("id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(segment.has("subsegments")).isFalse();
		assertThat(exporter.getFailedDocuments()).isEqualTo(1);
		assertThat(exporter.getSentDocuments()).isEqualTo(1);
		assertThat(output.getAll().lines().filter((line) -> line.contains("could not write segment"))).singleElement()
			.asString()
			.contains("could not write segment '" + server.getName()
					+ "' with its 1 subsegment(s) (java.lang.IllegalStateException); they are sent span by span")
			.doesNotContain("no attributes");
		exporter.shutdown();
	}

	@Test
	void aSegmentAndItsSubsegmentThatCannotBeSentAreBothCountedAsFailed() {
		XrayUdpSpanExporter exporter = exporter("xray-daemon.invalid:2000");
		CompletableResultCode result = exporter
			.export(List.of(subsegment("mock-data", "00000000000000a1", SPAN_ID), span(SpanKind.SERVER).build()));
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getFailedDocuments()).isEqualTo(2);
		assertThat(exporter.getSentDocuments()).isZero();
		exporter.shutdown();
	}

	@Test
	void aBrokenSegmentIsLostAloneAndItsSubsegmentsGoOutOnTheirOwn() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData broken = XraySpans.withBrokenAttributes(span(SpanKind.SERVER).build(),
				new IllegalStateException("no attributes"));

		CompletableResultCode result = exporter
			.export(List.of(subsegment("mock-data", "00000000000000a1", SPAN_ID), broken));

		assertThat(result.isSuccess()).isFalse();
		JsonNode independent = receive();
		assertThat(independent.get("name").stringValue()).isEqualTo("mock-data");
		assertThat(independent.get("type").stringValue()).isEqualTo("subsegment");
		assertThat(independent.get("parent_id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(exporter.getFailedDocuments()).isEqualTo(1);
		assertThat(exporter.getSentDocuments()).isEqualTo(1);
		exporter.shutdown();
	}

	@Test
	void aSpanWhoseParentCannotBeReadLeavesTheOthersToGoOutOnTheirOwn() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData noParent = new DelegatingSpanData(subsegment("broken", "00000000000000a2", SPAN_ID)) {

			@Override
			public SpanContext getParentSpanContext() {
				throw new IllegalStateException("no parent");
			}

		};

		CompletableResultCode result = exporter.export(
				List.of(subsegment("mock-data", "00000000000000a1", SPAN_ID), noParent, span(SpanKind.SERVER).build()));

		assertThat(result.isSuccess()).isFalse();
		Map<String, JsonNode> byName = receiveByName(2);
		assertThat(byName.get("mock-data").get("type").stringValue()).isEqualTo("subsegment");
		assertThat(byName.get("cruddur-backend").has("subsegments")).isFalse();
		assertThat(exporter.getFailedDocuments()).isEqualTo(1);
		assertThat(exporter.getSentDocuments()).isEqualTo(2);
		exporter.shutdown();
	}

	@Test
	void aSpanWhoseParentCameFromAnotherServiceIsNotEmbeddedWhateverItsId() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData consumer = span(SpanKind.CONSUMER).setName("consumer")
			.setSpanContext(context("00000000000000a1"))
			.setParentSpanContext(SpanContext.createFromRemoteParent(XraySpans.TRACE_ID, SPAN_ID,
					TraceFlags.getSampled(), TraceState.getDefault()))
			.build();

		assertThat(exporter.export(List.of(consumer, span(SpanKind.SERVER).build())).isSuccess()).isTrue();

		Map<String, JsonNode> byName = receiveByName(2);
		assertThat(byName.get("consumer").get("type").stringValue()).isEqualTo("subsegment");
		assertThat(byName.get("cruddur-backend").has("subsegments")).isFalse();
		exporter.shutdown();
	}

	@Test
	void atMost100SubsegmentsRideInOneSegment() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		List<SpanData> spans = new ArrayList<>();
		spans.add(span(SpanKind.SERVER).build());
		for (int i = 0; i < Nesting.MAX_EMBEDDED + 1; i++) {
			spans.add(subsegment("child-" + i, String.format("%016x", 0xa00 + i), SPAN_ID));
		}

		assertThat(exporter.export(spans).isSuccess()).isTrue();

		JsonNode segment = receive();
		assertThat(segment.get("subsegments")).hasSize(Nesting.MAX_EMBEDDED);
		JsonNode independent = receive();
		assertThat(independent.get("name").stringValue()).isEqualTo("child-" + Nesting.MAX_EMBEDDED);
		assertThat(independent.get("parent_id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(exporter.getSentDocuments()).isEqualTo(Nesting.MAX_EMBEDDED + 2);
		exporter.shutdown();
	}

	private static SpanData subsegment(String name, String spanId, String parentSpanId) {
		return span(SpanKind.INTERNAL).setName(name)
			.setSpanContext(context(spanId))
			.setParentSpanContext(context(parentSpanId))
			.build();
	}

	/** Five values of 8,000 characters: about 40 KB, under the datagram limit alone. */
	private static Attributes bigAttributes() {
		var builder = Attributes.builder();
		for (int i = 0; i < 5; i++) {
			builder.put("big." + i, String.valueOf((char) ('a' + i)).repeat(8000));
		}
		return builder.build();
	}

	@Test
	void acceptsTheSdksTcpUdpAddressForm() throws Exception {
		XrayUdpSpanExporter exporter = exporter("tcp:127.0.0.1:2000 udp:127.0.0.1:" + this.daemon.getLocalPort());
		assertThat(exporter.getDaemonAddress().getPort()).isEqualTo(this.daemon.getLocalPort());
		exporter.export(List.of(span(SpanKind.SERVER).build()));
		assertThat(receive().get("id").stringValue()).isEqualTo(SPAN_ID);
		exporter.shutdown();
	}

	@Test
	void aMalformedAddressIsRejectedBeforeTheExporterIsBuilt() {
		// The application parses AWS_XRAY_DAEMON_ADDRESS into the DaemonConfiguration it
		// gives the exporter (and the sampler): a malformed address stops the start.
		assertThatIllegalArgumentException().isThrownBy(() -> daemon("no-port-here"))
			.withMessageContaining("no-port-here");
	}

	@Test
	void nothingListeningNeverThrows() throws Exception {
		DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress());
		int port = gone.getLocalPort();
		gone.close();
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + port);
		for (int i = 0; i < 3; i++) {
			assertThat(exporter.export(List.of(span(SpanKind.SERVER).build())).isSuccess())
				.as("UDP cannot see that nobody listens")
				.isTrue();
		}
		assertThat(exporter.getSentDocuments()).isEqualTo(3);
		assertThat(exporter.getFailedDocuments()).isZero();
		exporter.shutdown();
	}

	@Test
	void anUnresolvableDaemonIsCountedAsFailedNotThrown() {
		XrayUdpSpanExporter exporter = exporter("xray-daemon.invalid:2000");
		CompletableResultCode result = exporter
			.export(List.of(span(SpanKind.SERVER).build(), span(SpanKind.SERVER).build()));
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getFailedDocuments()).isEqualTo(2);
		assertThat(exporter.getSentDocuments()).isZero();
		exporter.shutdown();
	}

	@Test
	void segmentsFollowTheDaemonToItsNewAddressWithin30Seconds() throws Exception {
		try (MovingDaemon daemon = MovingDaemon.start()) {
			AtomicLong nanos = new AtomicLong(1_000_000_000L);
			XrayUdpSpanExporter exporter = daemon.exporter(this.translator, nanos);
			assertThat(exporter.export(List.of(named("before-the-move"))).isSuccess()).isTrue();
			daemon.move();
			nanos.addAndGet(Duration.ofSeconds(29).toNanos());
			assertThat(exporter.export(List.of(named("cached-address"))).isSuccess()).isTrue();
			assertThat(daemon.lookups.get()).as("one lookup for the first 29 s").isEqualTo(1);
			nanos.addAndGet(Duration.ofSeconds(1).toNanos());
			assertThat(exporter.export(List.of(named("after-the-move"))).isSuccess()).isTrue();
			assertThat(daemon.lookups.get()).isEqualTo(2);

			await().atMost(Duration.ofSeconds(5)).until(() -> names(daemon.moved).size() == 1);
			assertThat(names(daemon.moved)).containsExactly("after-the-move");
			assertThat(names(daemon.original)).containsExactly("before-the-move", "cached-address");
			assertThat(exporter.getDaemonAddress().getAddress()).isEqualTo(MovingDaemon.MOVED);
			assertThat(exporter.getSentDocuments()).isEqualTo(3);
			exporter.shutdown();
		}
	}

	@Test
	void aSendErrorLooksTheNameUpAgainWithin5Seconds() throws Exception {
		try (MovingDaemon daemon = MovingDaemon.start()) {
			AtomicLong nanos = new AtomicLong(1_000_000_000L);
			XrayUdpSpanExporter exporter = daemon.exporter(this.translator, nanos);
			assertThat(exporter.export(List.of(named("before-the-move"))).isSuccess()).isTrue();
			daemon.move();
			// An interrupt during a send closes the channel: the send fails.
			Thread.currentThread().interrupt();
			try {
				assertThat(exporter.export(List.of(named("lost"))).isSuccess()).isFalse();
			}
			finally {
				Thread.interrupted();
			}
			assertThat(exporter.getFailedDocuments()).isEqualTo(1);
			nanos.addAndGet(Duration.ofSeconds(5).toNanos());
			assertThat(exporter.export(List.of(named("after-the-error"))).isSuccess()).isTrue();

			await().atMost(Duration.ofSeconds(5)).until(() -> names(daemon.moved).size() == 1);
			assertThat(names(daemon.moved)).containsExactly("after-the-error");
			assertThat(names(daemon.original)).containsExactly("before-the-move");
			assertThat(daemon.lookups.get()).isEqualTo(2);
			exporter.shutdown();
		}
	}

	@Test
	void aNameThatDoesNotResolveYetIsLookedUpAgainEvery5Seconds() throws Exception {
		try (MovingDaemon daemon = MovingDaemon.start()) {
			daemon.answer.set(null);
			AtomicLong nanos = new AtomicLong(1_000_000_000L);
			XrayUdpSpanExporter exporter = daemon.exporter(this.translator, nanos);
			assertThat(exporter.export(List.of(named("not-yet"))).isSuccess()).isFalse();
			assertThat(daemon.lookups.get()).as("looked up at the first send").isEqualTo(1);
			nanos.addAndGet(Duration.ofSeconds(4).toNanos());
			assertThat(exporter.export(List.of(named("still-not"))).isSuccess()).isFalse();
			assertThat(daemon.lookups.get()).isEqualTo(1);
			daemon.answer.set(MovingDaemon.ORIGINAL);
			nanos.addAndGet(Duration.ofSeconds(1).toNanos());
			assertThat(exporter.export(List.of(named("resolved"))).isSuccess()).isTrue();

			await().atMost(Duration.ofSeconds(5)).until(() -> names(daemon.original).size() == 1);
			assertThat(names(daemon.original)).containsExactly("resolved");
			assertThat(exporter.getFailedDocuments()).isEqualTo(2);
			exporter.shutdown();
		}
	}

	@Test
	void traceIdsXrayWouldRejectAreCountedAndOptionallyDropped() throws Exception {
		long now = System.currentTimeMillis() / 1000;
		String fresh = String.format("%08x", now) + "bd862e3fe1be46a994272793";
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(fresh, now)).isTrue();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", now - 29L * 86400) + "0".repeat(24), now))
			.isFalse();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", now + 600) + "0".repeat(24), now))
			.isFalse();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray("zz", now)).isFalse();

		XrayUdpSpanExporter dropping = new XrayUdpSpanExporter(this.translator,
				daemon("127.0.0.1:" + this.daemon.getLocalPort()).getAddressForEmitter(), InetAddress::getAllByName,
				true, System::nanoTime);
		SpanData old = span(SpanKind.SERVER).build(); // trace 5759e988...: 2016
		SpanData current = span(SpanKind.SERVER)
			.setSpanContext(SpanContext.create(fresh, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()))
			.build();
		assertThat(dropping.export(List.of(old, current)).isSuccess()).isTrue();
		assertThat(receive().get("trace_id").stringValue())
			.isEqualTo("1-" + fresh.substring(0, 8) + "-" + fresh.substring(8));
		assertThat(dropping.getNonXrayTraceIdSpans()).isEqualTo(1);
		assertThat(dropping.getSentDocuments()).isEqualTo(1);
		dropping.shutdown();
	}

	@Test
	void aSpanThatCannotBeTranslatedIsCountedAsFailedAndTheOthersAreStillSent() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		SpanData broken = XraySpans.withBrokenAttributes(span(SpanKind.SERVER).setName("broken").build(),
				new IllegalStateException("no attributes"));
		SpanData fine = span(SpanKind.SERVER).setName("fine").build();

		CompletableResultCode result = exporter.export(List.of(broken, fine));

		assertThat(result.isSuccess()).as("the batch reports the lost span").isFalse();
		assertThat(receive().get("id").stringValue()).isEqualTo(SPAN_ID);
		assertThat(exporter.getFailedDocuments()).isEqualTo(1);
		assertThat(exporter.getSentDocuments()).isEqualTo(1);
		assertThat(exporter.getDroppedDocuments()).isZero();
		exporter.shutdown();
	}

	@Test
	void translationFailuresAreLoggedAtMostOncePer30SecondsAndNeverWithAttributeValues(CapturedOutput output) {
		AtomicLong nanos = new AtomicLong(1_000_000_000L);
		XrayUdpSpanExporter exporter = new XrayUdpSpanExporter(this.translator,
				daemon("127.0.0.1:" + this.daemon.getLocalPort()).getAddressForEmitter(), InetAddress::getAllByName,
				false, nanos::get);
		SpanData broken = XraySpans.withBrokenAttributes(span(SpanKind.INTERNAL).setName("mock-data").build(),
				new IllegalArgumentException("app.now=secret-value"));

		exporter.export(List.of(broken, broken));
		nanos.addAndGet(Duration.ofSeconds(29).toNanos());
		exporter.export(List.of(broken));
		assertThat(warnings(output)).hasSize(1);
		assertThat(warnings(output).get(0))
			.contains("could not translate span 'mock-data' (java.lang.IllegalArgumentException)")
			.doesNotContain("similar failures");

		nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		exporter.export(List.of(new DelegatingSpanData(broken) {

			@Override
			public String getName() {
				throw new IllegalStateException("no name either");
			}

		}));
		assertThat(warnings(output)).hasSize(2);
		assertThat(warnings(output).get(1))
			.contains("could not translate span '?' (java.lang.IllegalArgumentException)")
			.contains("(2 similar failures not logged)");
		assertThat(output.getAll()).doesNotContain("secret-value");
		assertThat(exporter.getFailedDocuments()).isEqualTo(4);
		exporter.shutdown();
	}

	@Test
	void anErrorIsNotTheExportersToHandle() {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		ServiceConfigurationError error = new ServiceConfigurationError("a broken classpath");
		SpanData span = new DelegatingSpanData(span(SpanKind.SERVER).build()) {

			@Override
			public Attributes getAttributes() {
				throw error;
			}

		};
		assertThatThrownBy(() -> exporter.export(List.of(span))).isSameAs(error);
		exporter.shutdown();
	}

	@Test
	void sendFailuresAreLoggedAtMostOncePer30SecondsWithTheSizeAndTheAddress(CapturedOutput output) {
		AtomicLong nanos = new AtomicLong(7_000_000_000L);
		XrayUdpSpanExporter exporter = new XrayUdpSpanExporter(this.translator,
				InetSocketAddress.createUnresolved("xray-daemon.invalid", 2000), InetAddress::getAllByName, false,
				nanos::get);
		SpanData span = span(SpanKind.SERVER).build();
		int size = this.translator.toDatagram(span).length;

		assertThat(exporter.export(List.of(span, span)).isSuccess()).isFalse();
		nanos.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
		exporter.export(List.of(span));
		assertThat(sendWarnings(output)).hasSize(1);
		assertThat(sendWarnings(output).get(0))
			.contains("X-Ray export: could not send an X-Ray document (" + size + " bytes) to xray-daemon.invalid")
			.doesNotContain("similar failures");

		nanos.addAndGet(1);
		exporter.export(List.of(span));
		assertThat(sendWarnings(output)).hasSize(2);
		assertThat(sendWarnings(output).get(1)).contains("(2 similar failures not logged)");
		assertThat(exporter.getFailedDocuments()).isEqualTo(4);
		assertThat(exporter.getSentDocuments()).isZero();
		assertThat(warnings(output)).as("a translation warning of its own").isEmpty();
		exporter.shutdown();
	}

	@Test
	void shutdownClosesTheChannelOnceAndLaterSpansAreDroppedNotSent() throws Exception {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		assertThat(exporter.flush().isSuccess()).isTrue();
		exporter.export(List.of(span(SpanKind.SERVER).build()));
		assertThat(receive().get("id").stringValue()).isEqualTo(SPAN_ID);

		assertThat(exporter.shutdown().isSuccess()).isTrue();
		assertThat(exporter.shutdown().isSuccess()).as("a second shutdown has nothing to close").isTrue();
		CompletableResultCode after = exporter
			.export(List.of(span(SpanKind.SERVER).build(), span(SpanKind.CLIENT).build()));
		assertThat(after.isSuccess()).isFalse();
		assertThat(exporter.getDroppedDocuments()).isEqualTo(2);
		assertThat(exporter.getSentDocuments()).isEqualTo(1);
		assertThat(exporter.getFailedDocuments()).isZero();
		this.daemon.setSoTimeout(200);
		assertThatThrownBy(this::receive).isInstanceOf(SocketTimeoutException.class);
	}

	@Test
	void aSocketClosedBeforeItsFirstSendRefusesToOpen() throws Exception {
		DaemonSocket socket = new DaemonSocket(new InetSocketAddress("127.0.0.1", this.daemon.getLocalPort()),
				InetAddress::getAllByName, System::nanoTime);
		assertThat(socket.isClosed()).isFalse();
		assertThat(socket.close()).isTrue();
		assertThat(socket.isClosed()).isTrue();
		assertThatThrownBy(() -> socket.send(ByteBuffer.wrap(new byte[] { 1 }))).isInstanceOf(IOException.class)
			.hasMessage("The X-Ray exporter is shut down");

		DaemonSocket used = new DaemonSocket(new InetSocketAddress("127.0.0.1", this.daemon.getLocalPort()),
				InetAddress::getAllByName, System::nanoTime);
		used.send(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
		assertThat(used.close()).isTrue();
		assertThatThrownBy(() -> used.send(ByteBuffer.wrap(new byte[] { 1 }))).isInstanceOf(IOException.class);
	}

	@Test
	void nothingAndNullsAreNoFailure() {
		XrayUdpSpanExporter exporter = exporter("127.0.0.1:" + this.daemon.getLocalPort());
		assertThat(exporter.export(null).isSuccess()).isTrue();
		assertThat(exporter.export(java.util.Arrays.asList((SpanData) null)).isSuccess()).isTrue();
		assertThat(exporter.getUnsampledSpans()).isEqualTo(1);
		assertThat(exporter.toString())
			.isEqualTo("XrayUdpSpanExporter{daemon=/127.0.0.1:" + this.daemon.getLocalPort() + "}");
		exporter.shutdown();
	}

	@Test
	void xrayAcceptsTraceIdsOfTheLast28DaysAndTheNext5Minutes() {
		long now = 1_795_685_334L;
		long oldest = now - 28L * 24 * 3600;
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", oldest), now)).isTrue();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", oldest - 1), now)).isFalse();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", now + 300), now)).isTrue();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", now + 301), now)).isFalse();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08X", now) + "0".repeat(24), now))
			.as("hex digits in either case")
			.isTrue();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%08x", now).substring(1), now)).isFalse();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(String.format("%07xg", now >> 4), now)).isFalse();
		assertThat(XrayUdpSpanExporter.isAcceptedByXray(null, now)).isFalse();
	}

	private XrayUdpSpanExporter exporter(String daemonAddress) {
		return new XrayUdpSpanExporter(this.translator, daemon(daemonAddress));
	}

	/** As the application builds it from {@code AWS_XRAY_DAEMON_ADDRESS}. */
	private static DaemonConfiguration daemon(String address) {
		DaemonConfiguration daemon = new DaemonConfiguration();
		daemon.setDaemonAddress(address);
		return daemon;
	}

	private static List<String> sendWarnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("could not send an X-Ray document")).toList();
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("could not translate span")).toList();
	}

	/** A subsegment, which X-Ray names after its span. */
	private static SpanData named(String name) {
		return span(SpanKind.INTERNAL).setName(name).setParentSpanContext(context("00000000000000a1")).build();
	}

	private static List<String> names(XrayUdpListener listener) {
		return listener.documents().stream().map((document) -> document.path("name").stringValue()).toList();
	}

	/**
	 * A daemon whose host name ({@code xray-daemon.test}, answered by a resolver the test
	 * controls) moves from 127.0.0.1 to 127.0.0.2, same port, as a restarted container
	 * moves to a new IP.
	 */
	private static final class MovingDaemon implements AutoCloseable {

		static final InetAddress ORIGINAL = address(127, 0, 0, 1);

		static final InetAddress MOVED = address(127, 0, 0, 2);

		final XrayUdpListener original;

		final XrayUdpListener moved;

		final AtomicReference<InetAddress> answer = new AtomicReference<>(ORIGINAL);

		final AtomicInteger lookups = new AtomicInteger();

		private MovingDaemon(XrayUdpListener original, XrayUdpListener moved) {
			this.original = original;
			this.moved = moved;
		}

		static MovingDaemon start() {
			IllegalStateException failure = null;
			for (int attempt = 0; attempt < 5; attempt++) {
				XrayUdpListener original = XrayUdpListener.start(ORIGINAL, 0);
				try {
					return new MovingDaemon(original, XrayUdpListener.start(MOVED, original.port()));
				}
				catch (IllegalStateException ex) {
					original.close();
					failure = ex;
				}
			}
			// Linux routes all of 127.0.0.0/8 to loopback; macOS needs an alias.
			Assumptions.abort("cannot listen on 127.0.0.2: " + failure);
			return null;
		}

		XrayUdpSpanExporter exporter(XraySegmentTranslator translator, AtomicLong nanos) {
			return new XrayUdpSpanExporter(translator,
					InetSocketAddress.createUnresolved("xray-daemon.test", this.original.port()), this::resolve, false,
					nanos::get);
		}

		void move() {
			this.answer.set(MOVED);
		}

		private InetAddress[] resolve(String host) throws UnknownHostException {
			assertThat(host).isEqualTo("xray-daemon.test");
			this.lookups.incrementAndGet();
			InetAddress current = this.answer.get();
			if (current == null) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { current };
		}

		private static InetAddress address(int... bytes) {
			try {
				return InetAddress
					.getByAddress(new byte[] { (byte) bytes[0], (byte) bytes[1], (byte) bytes[2], (byte) bytes[3] });
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			this.original.close();
			this.moved.close();
		}

	}

	/**
	 * The next {@code count} documents, by name (their order on the wire is not fixed).
	 */
	private Map<String, JsonNode> receiveByName(int count) throws Exception {
		Map<String, JsonNode> byName = new HashMap<>();
		for (int i = 0; i < count; i++) {
			JsonNode document = receive();
			byName.put(document.get("name").stringValue(), document);
		}
		return byName;
	}

	private JsonNode receive() throws Exception {
		byte[] buffer = new byte[65_536];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		this.daemon.receive(packet);
		String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		assertThat(newline).isPositive();
		JsonNode header = parse(text.substring(0, newline));
		assertThat(header.get("format").stringValue()).isEqualTo("json");
		assertThat(header.get("version").intValue()).isEqualTo(1);
		return parse(text.substring(newline + 1));
	}

}
