package org.cruddur.tracing.xray.otlp;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A span as X-Ray gets it: the same span with other attributes (X-Ray's annotation list
 * added, values cut to fit), events and links. The Honeycomb copy is the original.
 */
final class XraySpanView extends DelegatingSpanData {

	private final Attributes attributes;

	private final List<EventData> events;

	private final List<LinkData> links;

	private final int addedAttributes;

	XraySpanView(SpanData span, Attributes attributes, List<EventData> events, List<LinkData> links) {
		super(span);
		this.attributes = attributes;
		this.events = events;
		this.links = links;
		this.addedAttributes = attributes.size() - span.getAttributes().size();
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes;
	}

	@Override
	public List<EventData> getEvents() {
		return this.events;
	}

	@Override
	public List<LinkData> getLinks() {
		return this.links;
	}

	/** The dropped-attributes count stays what the SDK counted. */
	@Override
	public int getTotalAttributeCount() {
		return super.getTotalAttributeCount() + this.addedAttributes;
	}

}
