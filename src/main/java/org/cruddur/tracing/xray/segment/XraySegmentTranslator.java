package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.xray.sampling.GlobPattern;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Turns one OpenTelemetry {@link SpanData} into one X-Ray segment document, following the
 * rules of the OpenTelemetry Collector's {@code awsxray} exporter (see docs: X-Ray
 * "Segment documents").
 *
 * <h2>Segment or subsegment</h2> SERVER spans and spans without a parent become segments;
 * every other span becomes an independent subsegment ({@code "type":"subsegment"} with
 * {@code trace_id} and {@code parent_id}) sent in its own datagram, so spans never have
 * to be buffered until their trace completes. CLIENT/PRODUCER spans get
 * {@code namespace:"remote"}, INTERNAL ones {@code namespace:"local"} (as the seed's
 * custom subsegments). Resource data ({@code aws.xray}, {@code aws.eks}, {@code origin},
 * {@code service}) goes on segments only.
 *
 * <h2>Names</h2> Segments: the host ({@code server.address}) when a dynamic-naming host
 * pattern is configured and matches it (the seed's {@code AWS_XRAY_URL}), else the fixed
 * name ({@code AWS_XRAY_TRACING_NAME}), else the resource {@code service.name}. CLIENT
 * subsegments: {@code aws.remote.service}, {@code peer.service},
 * {@code db.namespace}/{@code db.name}, {@code rpc.service}, {@code
 * server.address}, {@code http.host}, {@code net.peer.name}; other subsegments: the span
 * name. Every name is sanitized (characters outside {@code [ 0-9\p{L}_.:/%&#=+\-@]}
 * removed, at most 200 characters).
 *
 * <h2>Annotations and metadata (the convention this exporter chose)</h2>
 * <ul>
 * <li>Attributes whose keys are configured as indexed (or listed in the span's
 * string-array attribute {@code aws.xray.annotations}) become annotations with keys
 * sanitized to {@code [A-Za-z0-9_]}; only string, long, double and boolean values
 * qualify.
 * <li>An attribute {@code aws.xray.metadata.<ns>.<key>} becomes
 * {@code metadata.<ns>.<key>}.
 * <li>Configured aliases map an attribute key to a metadata namespace and key. By default
 * the seed's {@code mock-data} data is aliased: {@code app.now -> metadata.namespace.now}
 * and {@code
 *       app.result_length -> metadata.namespace.results-size}, giving exactly the seed's
 * {@code {"namespace": {"now": ..., "results-size": N}}}.
 * <li>Every other attribute goes to {@code metadata.default.<key>} except those already
 * rendered in the {@code http} block (no duplicates, smaller documents).
 * </ul>
 *
 * <h2>Size</h2> A datagram (header + document) never exceeds
 * {@link Builder#maxDatagramBytes} (default 63 KiB, under the ~64 KiB UDP payload limit).
 * Values are cut while writing (marked {@code
 * ...[truncated N chars]}); if the document is still too large, it is written again with
 * tighter limits (fewer frames, shorter values, then no metadata), marked with {@code
 * metadata.default."xray.document.truncated"}. Only oversized spans are written twice.
 *
 * <p>
 * Never throws: odd input (missing or mistyped attributes, invalid ids, huge values)
 * yields the best document possible. Thread-safe and immutable apart from a one-entry
 * resource cache.
 */
public final class XraySegmentTranslator {

	public static final String DEFAULT_SDK_NAME = "cruddur-backend X-Ray exporter (OpenTelemetry Java)";

	/** The X-Ray SDKs' UDPEmitter limit; the IPv4 UDP payload limit is 65,507 bytes. */
	public static final int DEFAULT_MAX_DATAGRAM_BYTES = 63 * 1024;

	/** The daemon's datagram header, followed by one document. */
	public static final String DATAGRAM_HEADER = "{\"format\": \"json\", \"version\": 1}\n";

	static final String ANNOTATIONS_LIST_KEY = "aws.xray.annotations";
	static final String METADATA_PREFIX = "aws.xray.metadata.";
	static final String TRUNCATED_MARKER_KEY = "xray.document.truncated";

	private static final byte[] HEADER_BYTES = DATAGRAM_HEADER.getBytes(StandardCharsets.UTF_8);

	private static final int MAX_NAME_CHARS = 200;

	/**
	 * Attributes rendered in the http block or used for naming, hence not repeated in
	 * metadata.
	 */
	private static final Set<String> RENDERED_KEYS = Set.of("http.request.method", "http.method", "url.full",
			"http.url", "url.scheme", "http.scheme", "server.address", "server.port", "url.path", "url.query",
			"http.target", "client.address", "http.client_ip", "network.peer.address", "user_agent.original",
			"http.user_agent", "http.response.status_code", "http.status_code", "http.response.body.size",
			"http.response_content_length", "http.host", ANNOTATIONS_LIST_KEY, "enduser.id");

	private final String fixedSegmentName;

	private final GlobPattern dynamicNamingHostPattern;

	private final Map<String, String> indexedKeys; // attribute key -> sanitized
													// annotation key

	private final Map<String, MetadataTarget> metadataAliases;

	/**
	 * One lookup per attribute decides where it goes (http block, annotation, alias, else
	 * metadata).
	 */
	private final Map<String, KeyRole> keyRoles;

	private final String sdkName;

	private final String sdkVersion;

	private final int maxDatagramBytes;

	private volatile ResourceInfo resourceCache;

	private XraySegmentTranslator(Builder b) {
		this.fixedSegmentName = blankToNull(b.fixedSegmentName);
		this.dynamicNamingHostPattern = blankToNull(b.dynamicNamingHostPattern) == null ? null
				: GlobPattern.of(b.dynamicNamingHostPattern);
		Map<String, String> keys = new LinkedHashMap<>();
		for (String k : b.indexedAttributes) {
			if (k != null && !k.isBlank()) {
				keys.put(k, sanitizeAnnotationKey(k));
			}
		}
		this.indexedKeys = Collections.unmodifiableMap(keys);
		this.metadataAliases = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadataAliases));
		Map<String, KeyRole> roles = new HashMap<>();
		Set<String> all = new HashSet<>(RENDERED_KEYS);
		all.addAll(indexedKeys.keySet());
		all.addAll(metadataAliases.keySet());
		for (String k : all) {
			roles.put(k, new KeyRole(RENDERED_KEYS.contains(k), indexedKeys.get(k), metadataAliases.get(k)));
		}
		this.keyRoles = roles;
		this.sdkName = b.sdkName;
		this.sdkVersion = b.sdkVersion;
		this.maxDatagramBytes = b.maxDatagramBytes;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Header line + document as UTF-8, ready to be sent in one datagram; never null,
	 * never throws.
	 */
	public byte[] toDatagram(SpanData span) {
		return encode(span).toByteArray();
	}

	/** The document alone (no header), for logs and tests. */
	public String toJson(SpanData span) {
		return encode(span).toUtf8String(HEADER_BYTES.length);
	}

	/** Whether the span is rendered as a segment (else as an independent subsegment). */
	public static boolean isSegment(SpanData span) {
		return span.getKind() == SpanKind.SERVER || !span.getParentSpanContext().isValid();
	}

	public int maxDatagramBytes() {
		return maxDatagramBytes;
	}

	private JsonOutput encode(SpanData span) {
		for (Limits limits : Limits.LEVELS) {
			try {
				JsonOutput out = new JsonOutput(limits == Limits.NORMAL ? 1024 : 4096);
				out.raw(HEADER_BYTES);
				new DocumentWriter(span, out, limits).write();
				if (out.size() <= maxDatagramBytes) {
					return out;
				}
			}
			catch (RuntimeException e) {
				// Bad input must not lose the span: try the next, more conservative
				// level.
			}
		}
		return minimalDocument(span);
	}

	/** Ids, times and a name: always small, built from defensive reads only. */
	private JsonOutput minimalDocument(SpanData span) {
		JsonOutput out = new JsonOutput(512);
		out.raw(HEADER_BYTES);
		out.beginObject();
		SpanContext ctx = safeContext(span);
		out.name("name").value("unknown", MAX_NAME_CHARS);
		out.name("id").hex16(parseHexLong(ctx == null ? null : ctx.getSpanId()));
		String traceId = ctx == null ? null : ctx.getTraceId();
		out.name("trace_id");
		if (isHex(traceId, 32)) {
			out.xrayTraceId(traceId);
		}
		else {
			out.value("1-00000000-000000000000000000000000");
		}
		long start = 0;
		long end = 0;
		try {
			start = span.getStartEpochNanos();
			end = span.getEndEpochNanos();
		}
		catch (RuntimeException ignored) {
			// keep zeros
		}
		out.name("start_time").epochSeconds(start);
		out.name("end_time").epochSeconds(Math.max(start, end));
		out.name("metadata")
			.beginObject()
			.name("default")
			.beginObject()
			.name(TRUNCATED_MARKER_KEY)
			.value(true)
			.endObject()
			.endObject();
		out.endObject();
		return out;
	}

	private static SpanContext safeContext(SpanData span) {
		try {
			return span.getSpanContext();
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	// ---------------------------------------------------------------------------------------------

	/** Per-level caps; each level is tighter than the previous one. */
	private static final class Limits {

		static final Limits NORMAL = new Limits(0, 8192, 4096, 50, 10, 256, 4096, true);
		static final Limits COMPACT = new Limits(1, 512, 512, 16, 5, 64, 2048, true);
		static final Limits MINIMAL = new Limits(2, 128, 128, 0, 3, 0, 512, false);
		static final Limits[] LEVELS = { NORMAL, COMPACT, MINIMAL };

		final int level;

		final int maxValueChars;

		final int maxMessageChars;

		final int maxFramesPerException;

		final int maxExceptions;

		final int maxMetadataEntries;

		final int maxUrlChars;

		final boolean metadata;

		Limits(int level, int maxValueChars, int maxMessageChars, int maxFramesPerException, int maxExceptions,
				int maxMetadataEntries, int maxUrlChars, boolean metadata) {
			this.level = level;
			this.maxValueChars = maxValueChars;
			this.maxMessageChars = maxMessageChars;
			this.maxFramesPerException = maxFramesPerException;
			this.maxExceptions = maxExceptions;
			this.maxMetadataEntries = maxMetadataEntries;
			this.maxUrlChars = maxUrlChars;
			this.metadata = metadata;
		}

		int maxAnnotations() {
			return level == 2 ? 10 : 50;
		}

		int maxAnnotationChars() {
			return level == 2 ? 128 : 1000;
		}

	}

	/** The span attributes the document is built from, gathered in one pass. */
	private static final class SpanFacts implements BiConsumer<AttributeKey<?>, Object> {

		String method;

		String urlFull;

		String scheme;

		String serverAddress;

		long serverPort = -1;

		String urlPath;

		String urlQuery;

		String httpTarget;

		String clientAddress;

		String peerAddress;

		String userAgent;

		long status = -1;

		long contentLength = -1;

		String httpHost;

		String awsRemoteService;

		String peerService;

		String dbName;

		String rpcService;

		String netPeerName;

		String endUser;

		List<String> extraAnnotationKeys;

		boolean hasNamespacedMetadata;

		@Override
		public void accept(AttributeKey<?> key, Object value) {
			if (value == null) {
				return;
			}
			String k = key.getKey();
			if (k.startsWith(METADATA_PREFIX)) {
				hasNamespacedMetadata = true;
				return;
			}
			switch (k) {
				case "http.request.method":
					method = str(value);
					break;
				case "http.method":
					if (method == null) {
						method = str(value);
					}
					break;
				case "url.full":
					urlFull = str(value);
					break;
				case "http.url":
					if (urlFull == null) {
						urlFull = str(value);
					}
					break;
				case "url.scheme":
					scheme = str(value);
					break;
				case "http.scheme":
					if (scheme == null) {
						scheme = str(value);
					}
					break;
				case "server.address":
					serverAddress = str(value);
					break;
				case "server.port":
					serverPort = toLong(value);
					break;
				case "url.path":
					urlPath = str(value);
					break;
				case "url.query":
					urlQuery = str(value);
					break;
				case "http.target":
					httpTarget = str(value);
					break;
				case "client.address":
					clientAddress = str(value);
					break;
				case "http.client_ip":
					if (clientAddress == null) {
						clientAddress = str(value);
					}
					break;
				case "network.peer.address":
					peerAddress = str(value);
					break;
				case "user_agent.original":
					userAgent = str(value);
					break;
				case "http.user_agent":
					if (userAgent == null) {
						userAgent = str(value);
					}
					break;
				case "http.response.status_code":
					status = toLong(value);
					break;
				case "http.status_code":
					if (status < 0) {
						status = toLong(value);
					}
					break;
				case "http.response.body.size":
					contentLength = toLong(value);
					break;
				case "http.response_content_length":
					if (contentLength < 0) {
						contentLength = toLong(value);
					}
					break;
				case "http.host":
					httpHost = str(value);
					break;
				case "aws.remote.service":
					awsRemoteService = str(value);
					break;
				case "peer.service":
					peerService = str(value);
					break;
				case "db.namespace":
					dbName = str(value);
					break;
				case "db.name":
					if (dbName == null) {
						dbName = str(value);
					}
					break;
				case "rpc.service":
					rpcService = str(value);
					break;
				case "net.peer.name":
					netPeerName = str(value);
					break;
				case "enduser.id":
					endUser = str(value);
					break;
				case ANNOTATIONS_LIST_KEY:
					if (value instanceof List) {
						extraAnnotationKeys = new ArrayList<>();
						for (Object o : (List<?>) value) {
							if (o != null) {
								extraAnnotationKeys.add(o.toString());
							}
						}
					}
					break;
				default:
					break;
			}
		}

		String host() {
			if (serverAddress != null) {
				return serverAddress;
			}
			if (httpHost != null) {
				int colon = httpHost.lastIndexOf(':');
				return colon > 0 && httpHost.indexOf(']') < colon ? httpHost.substring(0, colon) : httpHost;
			}
			return null;
		}

	}

	private static final class KeyRole {

		final boolean rendered;

		final String annotationKey;

		final MetadataTarget alias;

		KeyRole(boolean rendered, String annotationKey, MetadataTarget alias) {
			this.rendered = rendered;
			this.annotationKey = annotationKey;
			this.alias = alias;
		}

	}

	private static final class MetadataEntry {

		final String namespace;

		final String key;

		final Object value;

		MetadataEntry(String namespace, String key, Object value) {
			this.namespace = namespace;
			this.key = key;
			this.value = value;
		}

	}

	/** Writes one document; one instance per call. */
	private final class DocumentWriter {

		private final SpanData span;

		private final JsonOutput out;

		private final Limits limits;

		private final SpanFacts facts = new SpanFacts();

		private final Attributes attributes;

		private final SpanKind kind;

		private final boolean segment;

		DocumentWriter(SpanData span, JsonOutput out, Limits limits) {
			this.span = span;
			this.out = out;
			this.limits = limits;
			Attributes attrs = span.getAttributes();
			this.attributes = attrs == null ? Attributes.empty() : attrs;
			SpanKind k = span.getKind();
			this.kind = k == null ? SpanKind.INTERNAL : k;
			SpanContext parent = span.getParentSpanContext();
			this.segment = kind == SpanKind.SERVER || parent == null || !parent.isValid();
		}

		void write() {
			attributes.forEach(facts);
			ResourceInfo resource = resourceInfo(span.getResource());
			SpanContext ctx = span.getSpanContext();
			SpanContext parent = span.getParentSpanContext();

			out.beginObject();
			out.name("name").value(sanitizeName(segment ? segmentName(resource) : subsegmentName()), MAX_NAME_CHARS);
			out.name("id").hex16(parseHexLong(ctx.getSpanId()));
			out.name("trace_id");
			String traceId = ctx.getTraceId();
			if (isHex(traceId, 32)) {
				out.xrayTraceId(traceId);
			}
			else {
				out.value("1-00000000-000000000000000000000000");
			}
			if (parent != null && parent.isValid()) {
				out.name("parent_id").hex16(parseHexLong(parent.getSpanId()));
			}
			if (!segment) {
				out.name("type").value("subsegment");
				if (kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER) {
					out.name("namespace").value("remote");
				}
				else if (kind == SpanKind.INTERNAL) {
					out.name("namespace").value("local");
				}
			}
			long start = span.getStartEpochNanos();
			out.name("start_time").epochSeconds(start);
			if (span.hasEnded() && span.getEndEpochNanos() > 0) {
				out.name("end_time").epochSeconds(Math.max(start, span.getEndEpochNanos()));
			}
			else {
				out.name("in_progress").value(true);
			}
			writeHttp();
			writeFlagsAndCause();
			if (segment) {
				out.rawMembers(resource.segmentMembers);
				if (facts.endUser != null) {
					out.name("user").value(facts.endUser, limits.maxValueChars);
				}
			}
			writeAnnotations();
			writeMetadata();
			out.endObject();
		}

		private String segmentName(ResourceInfo resource) {
			if (dynamicNamingHostPattern != null) {
				String host = facts.host();
				if (host != null && !host.isEmpty() && dynamicNamingHostPattern.matches(host)) {
					return host;
				}
			}
			if (fixedSegmentName != null) {
				return fixedSegmentName;
			}
			return resource.serviceName;
		}

		private String subsegmentName() {
			if (kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER) {
				String remote = firstNonBlank(facts.awsRemoteService, facts.peerService, facts.dbName, facts.rpcService,
						facts.serverAddress, facts.host(), facts.netPeerName);
				if (remote != null) {
					return remote;
				}
			}
			return span.getName();
		}

		private void writeHttp() {
			String url = requestUrl();
			boolean request = facts.method != null || url != null || facts.clientAddress != null
					|| facts.peerAddress != null || facts.userAgent != null;
			boolean response = facts.status >= 0 || facts.contentLength >= 0;
			if (!request && !response) {
				return;
			}
			out.name("http").beginObject();
			if (request) {
				out.name("request").beginObject();
				if (facts.method != null) {
					out.name("method").value(facts.method, 32);
				}
				if (url != null) {
					out.name("url").value(url, limits.maxUrlChars);
				}
				if (facts.userAgent != null) {
					out.name("user_agent").value(facts.userAgent, Math.min(1024, limits.maxValueChars));
				}
				String clientIp = facts.clientAddress != null ? facts.clientAddress
						: (kind == SpanKind.SERVER ? facts.peerAddress : null);
				if (clientIp != null) {
					out.name("client_ip").value(clientIp, 256);
					// client.address differing from the socket peer means it came from a
					// forwarding header
					if (facts.clientAddress != null && facts.peerAddress != null
							&& !facts.clientAddress.equals(facts.peerAddress)) {
						out.name("x_forwarded_for").value(true);
					}
				}
				out.endObject();
			}
			if (response) {
				out.name("response").beginObject();
				if (facts.status >= 0) {
					out.name("status").value(facts.status);
				}
				if (facts.contentLength >= 0) {
					out.name("content_length").value(facts.contentLength);
				}
				out.endObject();
			}
			out.endObject();
		}

		private String requestUrl() {
			if (facts.urlFull != null) {
				return facts.urlFull;
			}
			String path = facts.urlPath != null ? facts.urlPath : facts.httpTarget;
			String host = facts.serverAddress != null ? facts.serverAddress : facts.httpHost;
			if (host == null && path == null) {
				return null;
			}
			StringBuilder sb = new StringBuilder(64);
			if (host != null) {
				String scheme = facts.scheme != null ? facts.scheme : "http";
				sb.append(scheme).append("://");
				boolean fromServerAddress = host == facts.serverAddress;
				if (fromServerAddress && host.indexOf(':') >= 0 && !host.startsWith("[")) {
					sb.append('[').append(host).append(']'); // IPv6 literal
				}
				else {
					sb.append(host);
				}
				boolean defaultPort = facts.serverPort < 0
						|| ("http".equalsIgnoreCase(scheme) && facts.serverPort == 80)
						|| ("https".equalsIgnoreCase(scheme) && facts.serverPort == 443);
				// a legacy http.host may already carry its port
				if (!defaultPort && (fromServerAddress || host.indexOf(':') < 0)) {
					sb.append(':').append(facts.serverPort);
				}
			}
			if (path != null) {
				if (!path.startsWith("/") && host != null) {
					sb.append('/');
				}
				sb.append(path);
			}
			if (facts.urlQuery != null && !facts.urlQuery.isEmpty() && (path == null || path.indexOf('?') < 0)) {
				sb.append('?').append(facts.urlQuery);
			}
			return sb.toString();
		}

		private void writeFlagsAndCause() {
			long status = facts.status;
			boolean error = status >= 400 && status < 500;
			boolean throttle = status == 429;
			boolean fault = status >= 500 && status < 600;
			io.opentelemetry.sdk.trace.data.StatusData spanStatus = span.getStatus();
			boolean errorStatus = spanStatus != null && spanStatus.getStatusCode() == StatusCode.ERROR;
			// As the collector does: an ERROR status on a 4xx stays an error (the
			// caller's fault),
			// otherwise it is a fault.
			if (errorStatus && !error) {
				fault = true;
			}
			if (error) {
				out.name("error").value(true);
			}
			if (throttle) {
				out.name("throttle").value(true);
			}
			if (fault) {
				out.name("fault").value(true);
			}
			writeCause(errorStatus ? spanStatus.getDescription() : null);
		}

		private void writeCause(String statusDescription) {
			List<EventData> events = span.getEvents();
			boolean opened = false;
			int written = 0;
			long idSeed = parseHexLong(span.getSpanContext().getSpanId());
			if (events != null) {
				for (EventData event : events) {
					if (event == null || !"exception".equals(event.getName())) {
						continue;
					}
					if (written >= limits.maxExceptions) {
						break;
					}
					if (!opened) {
						out.name("cause").beginObject().name("exceptions").beginArray();
						opened = true;
					}
					List<ExceptionInfo> chain = exceptionChain(event);
					for (int i = 0; i < chain.size() && written < limits.maxExceptions; i++) {
						ExceptionInfo info = chain.get(i);
						long id = exceptionId(idSeed, written);
						boolean hasCause = i + 1 < chain.size() && written + 1 < limits.maxExceptions;
						writeException(info, id, hasCause ? exceptionId(idSeed, written + 1) : 0L, i == 0);
						written++;
					}
				}
			}
			if (!opened && statusDescription != null && !statusDescription.isEmpty()) {
				out.name("cause").beginObject().name("exceptions").beginArray();
				opened = true;
				out.beginObject();
				out.name("id").hex16(exceptionId(idSeed, 0));
				out.name("message").value(statusDescription, limits.maxMessageChars);
				out.endObject();
			}
			if (opened) {
				out.endArray().endObject();
			}
		}

		private void writeException(ExceptionInfo info, long id, long causeId, boolean first) {
			out.beginObject();
			out.name("id").hex16(id);
			if (info.type != null) {
				out.name("type").value(info.type, 512);
			}
			if (info.message != null) {
				out.name("message").value(info.message, limits.maxMessageChars);
			}
			if (first && (kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER)) {
				out.name("remote").value(true);
			}
			if (causeId != 0L) {
				out.name("cause").hex16(causeId);
			}
			int frames = info.frameCount();
			int kept = Math.min(frames, limits.maxFramesPerException);
			if (kept > 0) {
				out.name("stack").beginArray();
				for (int f = 0; f < kept; f++) {
					out.beginObject();
					String path = info.path(f);
					if (path != null) {
						out.name("path").value(path, 512);
					}
					int line = info.line(f);
					if (line >= 0) {
						out.name("line").value(line);
					}
					out.name("label").value(info.label(f), 512);
					out.endObject();
				}
				out.endArray();
			}
			if (frames > kept) {
				out.name("truncated").value(frames - kept);
			}
			if (info.skipped > 0) {
				out.name("skipped").value(info.skipped);
			}
			out.endObject();
		}

		private List<ExceptionInfo> exceptionChain(EventData event) {
			Attributes ea = event.getAttributes() == null ? Attributes.empty() : event.getAttributes();
			String type = str(ea.get(AttributeKey.stringKey("exception.type")));
			String message = str(ea.get(AttributeKey.stringKey("exception.message")));
			if (event instanceof ExceptionEventData) {
				Throwable t = ((ExceptionEventData) event).getException();
				if (t != null) {
					return ExceptionInfo.fromThrowable(t, limits.maxExceptions, limits.maxFramesPerException);
				}
			}
			String stack = str(ea.get(AttributeKey.stringKey("exception.stacktrace")));
			return ExceptionInfo.fromStackTrace(type, message, stack, limits.maxExceptions,
					limits.maxFramesPerException);
		}

		private void writeAnnotations() {
			if (indexedKeys.isEmpty() && facts.extraAnnotationKeys == null) {
				return;
			}
			int[] count = { 0 };
			boolean[] opened = { false };
			attributes.forEach((key, value) -> {
				if (count[0] >= limits.maxAnnotations() || value == null) {
					return;
				}
				String k = key.getKey();
				String annotationKey = indexedKeys.get(k);
				if (annotationKey == null && facts.extraAnnotationKeys != null
						&& facts.extraAnnotationKeys.contains(k)) {
					annotationKey = sanitizeAnnotationKey(k);
				}
				if (annotationKey == null || !isScalar(key.getType())) {
					return;
				}
				if (!opened[0]) {
					out.name("annotations").beginObject();
					opened[0] = true;
				}
				out.name(annotationKey);
				writeScalar(value, limits.maxAnnotationChars());
				count[0]++;
			});
			if (opened[0]) {
				out.endObject();
			}
		}

		private void writeMetadata() {
			MetadataPass pass = new MetadataPass();
			if (limits.metadata) {
				attributes.forEach(pass);
			}
			if (limits.level > 0) {
				pass.openDefault();
				out.name(TRUNCATED_MARKER_KEY).value(true);
			}
			boolean openedMetadata = pass.openedDefault;
			if (pass.openedDefault) {
				out.endObject(); // default
			}
			List<MetadataEntry> namespaced = pass.namespaced;
			if (namespaced != null) {
				if (!openedMetadata) {
					out.name("metadata").beginObject();
					openedMetadata = true;
				}
				// group by namespace, keeping first-seen order (usually a single
				// namespace)
				for (int i = 0; i < namespaced.size(); i++) {
					MetadataEntry first = namespaced.get(i);
					if (first == null) {
						continue;
					}
					out.name(first.namespace).beginObject();
					for (int j = i; j < namespaced.size(); j++) {
						MetadataEntry e = namespaced.get(j);
						if (e != null && e.namespace.equals(first.namespace)) {
							out.name(e.key);
							writeUntypedValue(e.value);
							namespaced.set(j, null);
						}
					}
					out.endObject();
				}
			}
			if (openedMetadata) {
				out.endObject(); // metadata
			}
		}

		/**
		 * Writes metadata.default while walking the attributes; collects other
		 * namespaces.
		 */
		private final class MetadataPass implements BiConsumer<AttributeKey<?>, Object> {

			boolean openedDefault;

			int count;

			List<MetadataEntry> namespaced;

			@Override
			public void accept(AttributeKey<?> key, Object value) {
				if (value == null) {
					return;
				}
				String k = key.getKey();
				KeyRole role = keyRoles.get(k);
				if (role != null) {
					if (role.rendered || (role.annotationKey != null && isScalar(key.getType()))) {
						return;
					}
					if (role.alias != null) {
						addNamespaced(role.alias.namespace, role.alias.key, value, key.getType());
						return;
					}
				}
				if (facts.extraAnnotationKeys != null && isScalar(key.getType())
						&& facts.extraAnnotationKeys.contains(k)) {
					return;
				}
				if (facts.hasNamespacedMetadata && k.startsWith(METADATA_PREFIX)) {
					int dot = k.indexOf('.', METADATA_PREFIX.length());
					if (dot > METADATA_PREFIX.length() && dot < k.length() - 1) {
						addNamespaced(k.substring(METADATA_PREFIX.length(), dot), k.substring(dot + 1), value,
								key.getType());
						return;
					}
				}
				writeDefault(k, key.getType(), value);
			}

			private void addNamespaced(String namespace, String key, Object value, AttributeType type) {
				if ("default".equals(namespace)) {
					writeDefault(key, type, value); // one "default" object, never a
													// duplicate key
					return;
				}
				if (namespaced == null) {
					namespaced = new ArrayList<>(2);
				}
				if (namespaced.size() < limits.maxMetadataEntries) {
					namespaced.add(new MetadataEntry(namespace, key, value));
				}
			}

			private void writeDefault(String key, AttributeType type, Object value) {
				if (count >= limits.maxMetadataEntries) {
					return;
				}
				openDefault();
				out.name(key);
				writeAttributeValue(type, value);
				count++;
			}

			void openDefault() {
				if (!openedDefault) {
					out.name("metadata").beginObject().name("default").beginObject();
					openedDefault = true;
				}
			}

		}

		private void writeAttributeValue(AttributeType type, Object value) {
			switch (type) {
				case STRING_ARRAY:
				case BOOLEAN_ARRAY:
				case LONG_ARRAY:
				case DOUBLE_ARRAY:
					out.beginArray();
					int n = 0;
					for (Object o : (List<?>) value) {
						if (n++ >= 100) {
							break;
						}
						writeScalar(o, limits.maxValueChars);
					}
					out.endArray();
					break;
				default:
					writeScalar(value, limits.maxValueChars);
			}
		}

		private void writeUntypedValue(Object value) {
			if (value instanceof List) {
				out.beginArray();
				int n = 0;
				for (Object o : (List<?>) value) {
					if (n++ >= 100) {
						break;
					}
					writeScalar(o, limits.maxValueChars);
				}
				out.endArray();
			}
			else {
				writeScalar(value, limits.maxValueChars);
			}
		}

		private void writeScalar(Object value, int maxChars) {
			if (value instanceof String) {
				out.value((String) value, maxChars);
			}
			else if (value instanceof Long || value instanceof Integer) {
				out.value(((Number) value).longValue());
			}
			else if (value instanceof Double || value instanceof Float) {
				out.value(((Number) value).doubleValue());
			}
			else if (value instanceof Boolean) {
				out.value(((Boolean) value).booleanValue());
			}
			else {
				out.value(value == null ? null : String.valueOf(value), maxChars);
			}
		}

	}

	private static boolean isScalar(AttributeType type) {
		return type == AttributeType.STRING || type == AttributeType.LONG || type == AttributeType.DOUBLE
				|| type == AttributeType.BOOLEAN;
	}

	// ---------------------------------------------------------------------------------------------
	// Resource data: computed once per Resource instance (the SDK uses one for all
	// spans).

	private static final class ResourceInfo {

		final Resource resource;

		final String serviceName;

		final byte[] segmentMembers;

		ResourceInfo(Resource resource, String serviceName, byte[] segmentMembers) {
			this.resource = resource;
			this.serviceName = serviceName;
			this.segmentMembers = segmentMembers;
		}

	}

	private ResourceInfo resourceInfo(Resource resource) {
		ResourceInfo cached = resourceCache;
		if (cached != null && cached.resource == resource) {
			return cached;
		}
		ResourceInfo computed = computeResourceInfo(resource);
		resourceCache = computed;
		return computed;
	}

	private ResourceInfo computeResourceInfo(Resource resource) {
		Attributes ra = resource == null ? Attributes.empty() : resource.getAttributes();
		String serviceName = str(ra.get(AttributeKey.stringKey("service.name")));
		if (serviceName == null || serviceName.isBlank()) {
			serviceName = "unknown_service";
		}
		String podName = str(ra.get(AttributeKey.stringKey("k8s.pod.name")));
		String cloudPlatform = str(ra.get(AttributeKey.stringKey("cloud.platform")));
		String serviceVersion = str(ra.get(AttributeKey.stringKey("service.version")));

		JsonOutput out = new JsonOutput(256);
		out.beginObject();
		out.name("aws").beginObject();
		out.name("xray").beginObject().name("sdk").value(sdkName, 256);
		if (sdkVersion != null) {
			out.name("sdk_version").value(sdkVersion, 64);
		}
		out.endObject();
		String origin = originFor(cloudPlatform);
		if (podName != null) {
			out.name("eks").beginObject();
			String cluster = str(ra.get(AttributeKey.stringKey("k8s.cluster.name")));
			if (cluster != null) {
				out.name("cluster_name").value(cluster, 256);
			}
			out.name("pod").value(podName, 256);
			String containerId = str(ra.get(AttributeKey.stringKey("container.id")));
			if (containerId != null) {
				out.name("container_id").value(containerId, 256);
			}
			out.endObject();
			origin = "AWS::EKS::Container";
		}
		out.endObject();
		if (origin != null) {
			out.name("origin").value(origin);
		}
		if (serviceVersion != null) {
			out.name("service").beginObject().name("version").value(serviceVersion, 256).endObject();
		}
		out.endObject();
		byte[] whole = out.toByteArray();
		byte[] members = new byte[whole.length - 2];
		System.arraycopy(whole, 1, members, 0, members.length);
		return new ResourceInfo(resource, serviceName, members);
	}

	private static String originFor(String cloudPlatform) {
		if (cloudPlatform == null) {
			return null;
		}
		switch (cloudPlatform) {
			case "aws_eks":
				return "AWS::EKS::Container";
			case "aws_ecs":
				return "AWS::ECS::Container";
			case "aws_ec2":
				return "AWS::EC2::Instance";
			case "aws_elastic_beanstalk":
				return "AWS::ElasticBeanstalk::Environment";
			case "aws_lambda":
				return "AWS::Lambda::Function";
			default:
				return null;
		}
	}

	// ---------------------------------------------------------------------------------------------
	// Small helpers

	/**
	 * Removes characters X-Ray does not accept in names: keeps {@code [
	 * 0-9\p{L}_.:/%&#=+\-@]}.
	 */
	static String sanitizeName(String name) {
		if (name == null || name.isEmpty()) {
			return "unknown";
		}
		int n = name.length();
		boolean clean = n <= MAX_NAME_CHARS;
		for (int i = 0; clean && i < n; i++) {
			clean = isNameChar(name.charAt(i));
		}
		if (clean) {
			return name;
		}
		StringBuilder sb = new StringBuilder(Math.min(n, MAX_NAME_CHARS));
		for (int i = 0; i < n && sb.length() < MAX_NAME_CHARS;) {
			int cp = name.codePointAt(i);
			if (cp < 0x80 ? isNameChar((char) cp) : Character.isLetter(cp)) {
				sb.appendCodePoint(cp);
			}
			i += Character.charCount(cp);
		}
		if (sb.length() > MAX_NAME_CHARS) {
			sb.setLength(MAX_NAME_CHARS);
		}
		return sb.length() == 0 ? "unknown" : sb.toString();
	}

	private static boolean isNameChar(char c) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return true;
		}
		switch (c) {
			case ' ':
			case '_':
			case '.':
			case ':':
			case '/':
			case '%':
			case '&':
			case '#':
			case '=':
			case '+':
			case '-':
			case '@':
				return true;
			default:
				return c >= 0x80 && !Character.isSurrogate(c) && Character.isLetter(c);
		}
	}

	/**
	 * Annotation keys allow only {@code [A-Za-z0-9_]}; anything else becomes {@code _}.
	 */
	static String sanitizeAnnotationKey(String key) {
		StringBuilder sb = new StringBuilder(Math.min(key.length(), 500));
		for (int i = 0; i < key.length() && i < 500; i++) {
			char c = key.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
			sb.append(ok ? c : '_');
		}
		return sb.toString();
	}

	static long exceptionId(long seed, int index) {
		long id = seed ^ ((index + 1L) * 0x9E3779B97F4A7C15L);
		return id == 0L ? 1L : id;
	}

	static long parseHexLong(String hex) {
		if (hex == null) {
			return 0L;
		}
		long v = 0;
		int n = Math.min(16, hex.length());
		for (int i = 0; i < n; i++) {
			int d = Character.digit(hex.charAt(i), 16);
			if (d < 0) {
				return 0L;
			}
			v = (v << 4) | d;
		}
		return v;
	}

	static boolean isHex(String s, int length) {
		if (s == null || s.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = s.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	static String str(Object value) {
		return value == null ? null : value.toString();
	}

	/**
	 * A long from a LONG/DOUBLE attribute or a string that parses; -1 when not a number.
	 */
	static long toLong(Object value) {
		if (value instanceof Number) {
			return ((Number) value).longValue();
		}
		if (value instanceof String) {
			String s = ((String) value).trim();
			int n = s.length();
			if (n == 0 || n > 18) {
				return -1;
			}
			long v = 0;
			for (int i = 0; i < n; i++) {
				char c = s.charAt(i);
				if (c < '0' || c > '9') {
					return -1;
				}
				v = v * 10 + (c - '0');
			}
			return v;
		}
		return -1;
	}

	private static String firstNonBlank(String... values) {
		for (String v : values) {
			if (v != null && !v.isBlank()) {
				return v;
			}
		}
		return null;
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

	// ---------------------------------------------------------------------------------------------

	/** Where an aliased attribute goes in {@code metadata}. */
	public static final class MetadataTarget {

		final String namespace;

		final String key;

		MetadataTarget(String namespace, String key) {
			this.namespace = Objects.requireNonNull(namespace, "namespace");
			this.key = Objects.requireNonNull(key, "key");
		}

	}

	/** Builder; all settings optional. */
	public static final class Builder {

		private String fixedSegmentName;

		private String dynamicNamingHostPattern;

		private final Set<String> indexedAttributes = new HashSet<>();

		private final Map<String, MetadataTarget> metadataAliases = new LinkedHashMap<>();

		private String sdkName = DEFAULT_SDK_NAME;

		private String sdkVersion;

		private int maxDatagramBytes = DEFAULT_MAX_DATAGRAM_BYTES;

		private Builder() {
			metadataAlias("app.now", "namespace", "now");
			metadataAlias("app.result_length", "namespace", "results-size");
		}

		/**
		 * A fixed segment name (the SDKs' {@code AWS_XRAY_TRACING_NAME}); default:
		 * resource service.name.
		 */
		public Builder segmentName(String name) {
			this.fixedSegmentName = name;
			return this;
		}

		/**
		 * Host glob ({@code *}, {@code ?}; the seed's {@code AWS_XRAY_URL}): a matching
		 * host names the segment.
		 */
		public Builder dynamicNamingHostPattern(String pattern) {
			this.dynamicNamingHostPattern = pattern;
			return this;
		}

		/**
		 * Attribute keys that become annotations (indexed, searchable) instead of
		 * metadata.
		 */
		public Builder indexedAttributes(Collection<String> keys) {
			if (keys != null) {
				indexedAttributes.addAll(keys);
			}
			return this;
		}

		/**
		 * Routes attribute {@code attributeKey} to {@code metadata.<namespace>.<key>}.
		 */
		public Builder metadataAlias(String attributeKey, String namespace, String key) {
			metadataAliases.put(Objects.requireNonNull(attributeKey, "attributeKey"),
					new MetadataTarget(namespace, key));
			return this;
		}

		/**
		 * Drops all aliases, including the default seed ones ({@code app.now},
		 * {@code app.result_length}).
		 */
		public Builder clearMetadataAliases() {
			metadataAliases.clear();
			return this;
		}

		/** {@code aws.xray.sdk}; default {@value #DEFAULT_SDK_NAME}. */
		public Builder sdkName(String name) {
			this.sdkName = name == null || name.isBlank() ? DEFAULT_SDK_NAME : name;
			return this;
		}

		/** {@code aws.xray.sdk_version}, e.g. the application's build version. */
		public Builder sdkVersion(String version) {
			this.sdkVersion = version;
			return this;
		}

		/**
		 * Upper bound for header + document in bytes; at least 2 KiB, at most 65,507
		 * (UDP/IPv4).
		 */
		public Builder maxDatagramBytes(int bytes) {
			if (bytes < 2048 || bytes > 65_507) {
				throw new IllegalArgumentException("maxDatagramBytes must be within 2048..65507: " + bytes);
			}
			this.maxDatagramBytes = bytes;
			return this;
		}

		public XraySegmentTranslator build() {
			return new XraySegmentTranslator(this);
		}

	}

}
