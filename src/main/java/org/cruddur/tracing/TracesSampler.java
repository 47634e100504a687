package org.cruddur.tracing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The samplers {@code OTEL_TRACES_SAMPLER} names, as the OpenTelemetry SDKs spell them,
 * plus {@code xray} (the AWS Distro's name for X-Ray's sampling rules, provided by
 * {@code tracing.xray}). Ratio samplers take {@code OTEL_TRACES_SAMPLER_ARG} and mark
 * kept roots with Honeycomb's {@code SampleRate}.
 */
public enum TracesSampler {

	ALWAYS_ON("always_on"), ALWAYS_OFF("always_off"), TRACE_ID_RATIO("traceidratio"),
	PARENT_BASED_ALWAYS_ON("parentbased_always_on"), PARENT_BASED_ALWAYS_OFF("parentbased_always_off"),
	PARENT_BASED_TRACE_ID_RATIO("parentbased_traceidratio"), XRAY("xray");

	/** Where {@code OTEL_TRACES_SAMPLER} is bound. */
	public static final String PROPERTY = "cruddur.tracing.sampler";

	private final String name;

	TracesSampler(String name) {
		this.name = name;
	}

	public String configName() {
		return this.name;
	}

	/**
	 * The sampler a value names; blank is {@code defaultSampler}.
	 * @throws IllegalArgumentException for an unknown name, listing the known ones
	 */
	public static TracesSampler parse(String value, TracesSampler defaultSampler) {
		if (value == null || value.isBlank()) {
			return defaultSampler;
		}
		String wanted = value.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((sampler) -> sampler.name.equals(wanted))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("OTEL_TRACES_SAMPLER=" + value.strip()
					+ " is not a sampler this service knows; use one of "
					+ Arrays.stream(values()).map(TracesSampler::configName).collect(Collectors.joining(", "))));
	}

	/**
	 * The OpenTelemetry sampler; {@link #XRAY} has none here.
	 * @param probability {@code OTEL_TRACES_SAMPLER_ARG}, for the ratio samplers
	 * @param inbound what the parent-based samplers do with an upstream's decision
	 */
	public Sampler create(double probability, TracingProperties.Inbound inbound) {
		return switch (this) {
			case ALWAYS_ON -> Sampler.alwaysOn();
			case ALWAYS_OFF -> Sampler.alwaysOff();
			case TRACE_ID_RATIO -> new SampleRateRatioSampler(probability);
			case PARENT_BASED_ALWAYS_ON -> InboundSampling.parentBased(Sampler.alwaysOn(), inbound);
			case PARENT_BASED_ALWAYS_OFF -> InboundSampling.parentBased(Sampler.alwaysOff(), inbound);
			case PARENT_BASED_TRACE_ID_RATIO ->
				InboundSampling.parentBased(new SampleRateRatioSampler(probability), inbound);
			case XRAY -> throw new IllegalStateException("OTEL_TRACES_SAMPLER=xray needs X-Ray: set XRAY_ENABLED=true "
					+ "or AWS_XRAY_DAEMON_ADDRESS, or choose another sampler");
		};
	}

}
