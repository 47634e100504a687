package org.cruddur.tracing.xray;

import java.time.Duration;
import java.util.List;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * AWS X-Ray export and sampling, bound in {@code application.properties} from the
 * variables the X-Ray SDKs and the seed use.
 *
 * @param enabled {@code XRAY_ENABLED}: {@code true}/{@code false}; unset means on when
 * {@code daemonAddress} is set, off otherwise (the chart and {@code k8s/} set it)
 * @param daemonAddress {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port} or
 * {@code tcp:h:p udp:h:p}; segments go to the UDP address, sampling rules come from the
 * TCP address; default {@code 127.0.0.1:2000}
 * @param tracingName {@code AWS_XRAY_TRACING_NAME}: the segment name; default the service
 * name
 * @param dynamicNaming {@code AWS_XRAY_URL}: a host pattern ({@code *}, {@code ?}); a
 * matching Host header names the segment, as the seed's {@code dynamic_naming} did
 * @param samplingRulesFile {@code XRAY_SAMPLING_RULES_FILE}: local sampling rules (the
 * shape of {@code aws/json/xray.json}, or a list of rules); default the copies of
 * {@code aws/json/xray.json} and {@code aws/json/xray-health-check.json} built into the
 * jar
 * @param indexedAttributes span attributes that become X-Ray annotations (searchable);
 * the rest become metadata
 * @param rulesPollingInterval how often sampling rules are fetched from the daemon (the
 * AWS SDKs use 300 s)
 * @param healthCheckInterval how often the daemon is probed: bounds how fast the local
 * rules take over when it stops answering, and the centralized rules when it answers
 * again
 * @param maxQueueSize segments waiting to be sent; more are dropped (and counted), never
 * blocking a request
 * @param scheduleDelay how long segments wait before a partial batch is sent
 * @param export {@code XRAY_EXPORT}: {@code daemon} (segments over UDP to the daemon,
 * sampling rules through it) or {@code otlp} (OTLP/HTTP straight to X-Ray, signed with
 * the service's own AWS identity; sampling rules straight from the X-Ray API)
 * @param otlpEndpoint {@code XRAY_OTLP_ENDPOINT}: X-Ray's OTLP traces URL; default
 * {@code https://xray.<region>.amazonaws.com/v1/traces}
 * @param apiEndpoint {@code XRAY_API_ENDPOINT}: the X-Ray API for sampling rules and
 * targets; default {@code https://xray.<region>.amazonaws.com}
 * @param region {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}): the region of both
 * endpoints and of their SigV4 signature
 */
@ConfigurationProperties("cruddur.xray")
public record XrayProperties(Boolean enabled, String daemonAddress, String tracingName, String dynamicNaming,
		String samplingRulesFile, @DefaultValue( {
				"http.route", "http.request.method", "http.response.status_code" }) List<String> indexedAttributes,
		@DefaultValue("300s") Duration rulesPollingInterval, @DefaultValue("30s") Duration healthCheckInterval,
		@DefaultValue("2048") int maxQueueSize, @DefaultValue("1s") Duration scheduleDelay,
		@DefaultValue("daemon") Export export, String otlpEndpoint, String apiEndpoint, String region){

	public XrayProperties {
		PropertyChecks.positive("cruddur.xray.rules-polling-interval", rulesPollingInterval);
		PropertyChecks.positive("cruddur.xray.health-check-interval", healthCheckInterval);
		PropertyChecks.between("cruddur.xray.max-queue-size", maxQueueSize, 1, 1_000_000);
		PropertyChecks.notNegative("cruddur.xray.schedule-delay", scheduleDelay);
	}

	/**
	 * The rule of {@link #enabled()}: explicit switch first, else a daemon address or
	 * {@code XRAY_EXPORT=otlp} turns X-Ray on.
	 */
	public boolean isEnabled() {
		if (this.enabled != null) {
			return this.enabled;
		}
		return hasText(this.daemonAddress) || this.export == Export.OTLP;
	}

	/** Whether X-Ray is on and its spans go over OTLP, not to a daemon. */
	public boolean exportsOverOtlp() {
		return isEnabled() && this.export == Export.OTLP;
	}

	/** How spans reach X-Ray ({@code XRAY_EXPORT}). */
	public enum Export {

		/** Segments over UDP to the X-Ray daemon (or the CloudWatch agent). */
		DAEMON,

		/** OTLP/HTTP to X-Ray's endpoint, SigV4-signed in-process. */
		OTLP

	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
