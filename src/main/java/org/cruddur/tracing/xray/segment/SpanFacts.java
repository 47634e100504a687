package org.cruddur.tracing.xray.segment;

import org.cruddur.tracing.IncubatingAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;

/**
 * What one span says, read once: its ids and kind, and the attribute values the blocks of
 * the document are built from, gathered in one pass over the attributes. Tolerant of odd
 * input (missing or mistyped attributes, invalid ids); one instance per span, not
 * thread-safe.
 */
final class SpanFacts implements BiConsumer<AttributeKey<?>, Object> {

	/**
	 * A value the document uses and the attributes it is read from: the current name, and
	 * the name older instrumentation sends, read only while the current one is absent.
	 * Values of integer attributes are read as numbers (also from strings of digits).
	 */
	enum Fact {

		METHOD(HttpAttributes.HTTP_REQUEST_METHOD, IncubatingAttributes.HTTP_METHOD, true),

		URL_FULL(UrlAttributes.URL_FULL, IncubatingAttributes.HTTP_URL, true),

		SCHEME(UrlAttributes.URL_SCHEME, IncubatingAttributes.HTTP_SCHEME, true),

		SERVER_ADDRESS(ServerAttributes.SERVER_ADDRESS, null, true),

		SERVER_PORT(ServerAttributes.SERVER_PORT, null, true),

		URL_PATH(UrlAttributes.URL_PATH, null, true),

		URL_QUERY(UrlAttributes.URL_QUERY, null, true),

		HTTP_TARGET(IncubatingAttributes.HTTP_TARGET, null, true),

		HTTP_HOST(IncubatingAttributes.HTTP_HOST, null, true),

		CLIENT_ADDRESS(ClientAttributes.CLIENT_ADDRESS, IncubatingAttributes.HTTP_CLIENT_IP, true),

		PEER_ADDRESS(NetworkAttributes.NETWORK_PEER_ADDRESS, null, true),

		USER_AGENT(UserAgentAttributes.USER_AGENT_ORIGINAL, IncubatingAttributes.HTTP_USER_AGENT, true),

		STATUS(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, IncubatingAttributes.HTTP_STATUS_CODE, true),

		CONTENT_LENGTH(IncubatingAttributes.HTTP_RESPONSE_BODY_SIZE, IncubatingAttributes.HTTP_RESPONSE_CONTENT_LENGTH,
				true),

		END_USER(IncubatingAttributes.ENDUSER_ID, null, true),

		// The names of remote subsegments; these attributes also stay in metadata.

		AWS_REMOTE_SERVICE(IncubatingAttributes.AWS_REMOTE_SERVICE, null, false),

		PEER_SERVICE(IncubatingAttributes.PEER_SERVICE, null, false),

		DB_NAME(DbAttributes.DB_NAMESPACE, IncubatingAttributes.DB_NAME, false),

		RPC_SERVICE(IncubatingAttributes.RPC_SERVICE, null, false),

		NET_PEER_NAME(IncubatingAttributes.NET_PEER_NAME, null, false);

		final AttributeKey<?> current;

		final AttributeKey<?> legacy;

		final boolean numeric;

		/**
		 * Whether the document already shows the value (http block, {@code user}), so
		 * metadata does not repeat it.
		 */
		final boolean rendered;

		Fact(AttributeKey<?> current, AttributeKey<?> legacy, boolean rendered) {
			this.current = current;
			this.legacy = legacy;
			this.numeric = current.getType() == AttributeType.LONG;
			this.rendered = rendered;
		}

	}

	/** One attribute name that feeds a fact. */
	private record Source(Fact fact, boolean legacy) {
	}

	private static final int FACT_COUNT = Fact.values().length;

	private static final Map<String, Source> SOURCES = new HashMap<>();

	static {
		for (Fact fact : Fact.values()) {
			SOURCES.put(fact.current.getKey(), new Source(fact, false));
			if (fact.legacy != null) {
				SOURCES.put(fact.legacy.getKey(), new Source(fact, true));
			}
		}
	}

	private static final String ANNOTATIONS_LIST_KEY = IncubatingAttributes.AWS_XRAY_ANNOTATIONS.getKey();

	final SpanData span;

	final Attributes attributes;

	final SpanKind kind;

	/** A segment, or else an independent subsegment. */
	final boolean segment;

	/** The span id as 64 bits; 0 when it is not hex. */
	final long spanId;

	final boolean hasParent;

	/** The parent span id as 64 bits; 0 without a parent. */
	final long parentId;

	/** The 32 lower-case hex digits of the trace id, or null when it has another form. */
	final String traceId;

	/** Indexed by {@link Fact#ordinal()}: a String, a Long, or null when absent. */
	private final Object[] values = new Object[FACT_COUNT];

	/** Keys the span lists in {@code aws.xray.annotations}; null when it lists none. */
	private List<String> extraAnnotationKeys;

	private boolean hasNamespacedMetadata;

	private SpanFacts(SpanData span) {
		this.span = span;
		Attributes attributes = span.getAttributes();
		this.attributes = (attributes != null) ? attributes : Attributes.empty();
		SpanKind kind = span.getKind();
		this.kind = (kind != null) ? kind : SpanKind.INTERNAL;
		SpanContext context = span.getSpanContext();
		SpanContext parent = span.getParentSpanContext();
		this.hasParent = parent != null && parent.isValid();
		this.segment = this.kind == SpanKind.SERVER || !this.hasParent;
		this.spanId = parseHexLong(context.getSpanId());
		this.parentId = this.hasParent ? parseHexLong(parent.getSpanId()) : 0L;
		this.traceId = isLowerHex(context.getTraceId(), 32) ? context.getTraceId() : null;
		this.attributes.forEach(this);
	}

	static SpanFacts read(SpanData span) {
		return new SpanFacts(span);
	}

	@Override
	public void accept(AttributeKey<?> key, Object value) {
		if (value == null) {
			return;
		}
		String name = key.getKey();
		Source source = SOURCES.get(name);
		if (source != null) {
			record(source, value);
		}
		else if (name.startsWith(IncubatingAttributes.AWS_XRAY_METADATA_PREFIX)) {
			this.hasNamespacedMetadata = true;
		}
		else if (name.equals(ANNOTATIONS_LIST_KEY) && value instanceof List<?> keys) {
			this.extraAnnotationKeys = new ArrayList<>(keys.size());
			for (Object extraKey : keys) {
				if (extraKey != null) {
					this.extraAnnotationKeys.add(extraKey.toString());
				}
			}
		}
	}

	private void record(Source source, Object value) {
		int index = source.fact().ordinal();
		if (source.legacy() && this.values[index] != null) {
			return;
		}
		if (source.fact().numeric) {
			long number = AttributeValues.toLong(value);
			this.values[index] = (number < 0) ? null : (value instanceof Long boxed) ? boxed : Long.valueOf(number);
		}
		else {
			this.values[index] = value.toString();
		}
	}

	String text(Fact fact) {
		return (String) this.values[fact.ordinal()];
	}

	/** The value of a numeric fact; -1 when absent or not a non-negative number. */
	long number(Fact fact) {
		Object value = this.values[fact.ordinal()];
		return (value != null) ? (Long) value : -1;
	}

	/**
	 * The host the request was addressed to: {@code server.address}, else
	 * {@code http.host} without its port.
	 */
	String host() {
		String serverAddress = text(Fact.SERVER_ADDRESS);
		if (serverAddress != null) {
			return serverAddress;
		}
		String httpHost = text(Fact.HTTP_HOST);
		if (httpHost != null) {
			int colon = httpHost.lastIndexOf(':');
			return (colon > 0 && httpHost.indexOf(']') < colon) ? httpHost.substring(0, colon) : httpHost;
		}
		return null;
	}

	/** CLIENT and PRODUCER spans call another service. */
	boolean isRemoteCall() {
		return this.kind == SpanKind.CLIENT || this.kind == SpanKind.PRODUCER;
	}

	/** Whether the span lists this key in {@code aws.xray.annotations}. */
	boolean isExtraAnnotation(String key) {
		return this.extraAnnotationKeys != null && this.extraAnnotationKeys.contains(key);
	}

	boolean hasExtraAnnotations() {
		return this.extraAnnotationKeys != null;
	}

	/**
	 * Whether any attribute follows the {@code aws.xray.metadata.<ns>.<key>} convention.
	 */
	boolean hasNamespacedMetadata() {
		return this.hasNamespacedMetadata;
	}

	private static long parseHexLong(String hex) {
		if (hex == null) {
			return 0L;
		}
		long bits = 0;
		int n = Math.min(16, hex.length());
		for (int i = 0; i < n; i++) {
			int digit = Character.digit(hex.charAt(i), 16);
			if (digit < 0) {
				return 0L;
			}
			bits = (bits << 4) | digit;
		}
		return bits;
	}

	private static boolean isLowerHex(String text, int length) {
		if (text == null || text.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

}
