package org.cruddur.tracing;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The one table of attribute names the tracing code reads that the stable
 * {@code opentelemetry-semconv} artifact does not define (stable names come from its
 * {@code *Attributes} classes): names that are still incubating, deprecated names older
 * instrumentation still sends (HTTP and network before semantic conventions 1.23,
 * {@code db.name} before 1.26), and the AWS conventions of the Collector's
 * {@code awsxray} exporter. As in semconv's own incubating artifact, deprecated and
 * incubating names share one place; when a name becomes stable, its constant moves to the
 * semconv class and this table shrinks.
 */
public final class IncubatingAttributes {

	// Deprecated: read only when the current name is absent

	public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");

	public static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

	public static final AttributeKey<String> HTTP_SCHEME = AttributeKey.stringKey("http.scheme");

	public static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");

	public static final AttributeKey<String> HTTP_HOST = AttributeKey.stringKey("http.host");

	public static final AttributeKey<String> NET_HOST_NAME = AttributeKey.stringKey("net.host.name");

	public static final AttributeKey<String> HTTP_CLIENT_IP = AttributeKey.stringKey("http.client_ip");

	public static final AttributeKey<String> HTTP_USER_AGENT = AttributeKey.stringKey("http.user_agent");

	public static final AttributeKey<Long> HTTP_STATUS_CODE = AttributeKey.longKey("http.status_code");

	public static final AttributeKey<Long> HTTP_RESPONSE_CONTENT_LENGTH = AttributeKey
		.longKey("http.response_content_length");

	public static final AttributeKey<String> NET_PEER_NAME = AttributeKey.stringKey("net.peer.name");

	public static final AttributeKey<String> DB_NAME = AttributeKey.stringKey("db.name");

	// Incubating

	public static final AttributeKey<Long> HTTP_RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");

	public static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");

	public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");

	public static final AttributeKey<String> ENDUSER_ID = AttributeKey.stringKey("enduser.id");

	public static final AttributeKey<String> CLOUD_PLATFORM = AttributeKey.stringKey("cloud.platform");

	public static final AttributeKey<String> K8S_CLUSTER_NAME = AttributeKey.stringKey("k8s.cluster.name");

	public static final AttributeKey<String> K8S_POD_NAME = AttributeKey.stringKey("k8s.pod.name");

	public static final AttributeKey<String> K8S_NAMESPACE_NAME = AttributeKey.stringKey("k8s.namespace.name");

	public static final AttributeKey<String> K8S_NODE_NAME = AttributeKey.stringKey("k8s.node.name");

	public static final AttributeKey<String> CLOUD_RESOURCE_ID = AttributeKey.stringKey("cloud.resource_id");

	public static final AttributeKey<String> AWS_ECS_CONTAINER_ARN = AttributeKey.stringKey("aws.ecs.container.arn");

	public static final AttributeKey<String> CONTAINER_ID = AttributeKey.stringKey("container.id");

	/**
	 * The span event that records an exception (the exception conventions name only its
	 * attributes as constants).
	 */
	public static final String EXCEPTION_EVENT_NAME = "exception";

	// AWS (the Collector's awsxray exporter)

	public static final AttributeKey<String> AWS_REMOTE_SERVICE = AttributeKey.stringKey("aws.remote.service");

	/**
	 * A string array naming further attributes of the same span to write as annotations.
	 */
	public static final AttributeKey<List<String>> AWS_XRAY_ANNOTATIONS = AttributeKey
		.stringArrayKey("aws.xray.annotations");

	/**
	 * {@code aws.xray.metadata.<namespace>.<key>} goes to {@code metadata.<namespace>}.
	 */
	public static final String AWS_XRAY_METADATA_PREFIX = "aws.xray.metadata.";

	private IncubatingAttributes() {
	}

}
