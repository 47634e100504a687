package org.cruddur.tracing.xray.segment;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The one table of attribute names this package reads that the stable
 * {@code opentelemetry-semconv} artifact does not define (stable names come from its
 * {@code *Attributes} classes): names that are still incubating, deprecated names older
 * instrumentation still sends (HTTP and network before semantic conventions 1.23,
 * {@code db.name} before 1.26), and the AWS conventions of the Collector's
 * {@code awsxray} exporter. As in semconv's own incubating artifact, deprecated and
 * incubating names share one place; when a name becomes stable, its constant moves to the
 * semconv class and this table shrinks.
 */
final class IncubatingAttributes {

	// Deprecated: read only when the current name is absent

	static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");

	static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

	static final AttributeKey<String> HTTP_SCHEME = AttributeKey.stringKey("http.scheme");

	static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");

	static final AttributeKey<String> HTTP_HOST = AttributeKey.stringKey("http.host");

	static final AttributeKey<String> HTTP_CLIENT_IP = AttributeKey.stringKey("http.client_ip");

	static final AttributeKey<String> HTTP_USER_AGENT = AttributeKey.stringKey("http.user_agent");

	static final AttributeKey<Long> HTTP_STATUS_CODE = AttributeKey.longKey("http.status_code");

	static final AttributeKey<Long> HTTP_RESPONSE_CONTENT_LENGTH = AttributeKey.longKey("http.response_content_length");

	static final AttributeKey<String> NET_PEER_NAME = AttributeKey.stringKey("net.peer.name");

	static final AttributeKey<String> DB_NAME = AttributeKey.stringKey("db.name");

	// Incubating

	static final AttributeKey<Long> HTTP_RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");

	static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");

	static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");

	static final AttributeKey<String> ENDUSER_ID = AttributeKey.stringKey("enduser.id");

	static final AttributeKey<String> CLOUD_PLATFORM = AttributeKey.stringKey("cloud.platform");

	static final AttributeKey<String> K8S_CLUSTER_NAME = AttributeKey.stringKey("k8s.cluster.name");

	static final AttributeKey<String> K8S_POD_NAME = AttributeKey.stringKey("k8s.pod.name");

	static final AttributeKey<String> CONTAINER_ID = AttributeKey.stringKey("container.id");

	/**
	 * The span event that records an exception (the exception conventions name only its
	 * attributes as constants).
	 */
	static final String EXCEPTION_EVENT_NAME = "exception";

	// AWS (the Collector's awsxray exporter)

	static final AttributeKey<String> AWS_REMOTE_SERVICE = AttributeKey.stringKey("aws.remote.service");

	/**
	 * A string array naming further attributes of the same span to write as annotations.
	 */
	static final AttributeKey<List<String>> AWS_XRAY_ANNOTATIONS = AttributeKey.stringArrayKey("aws.xray.annotations");

	/**
	 * {@code aws.xray.metadata.<namespace>.<key>} goes to {@code metadata.<namespace>}.
	 */
	static final String AWS_XRAY_METADATA_PREFIX = "aws.xray.metadata.";

	private IncubatingAttributes() {
	}

}
