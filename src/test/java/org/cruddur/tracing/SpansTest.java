package org.cruddur.tracing;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class SpansTest {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final Spans spans = new Spans(
			new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
			}), Schedulers.immediate());

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void aClientErrorIsNamedButDoesNotFailTheSpan() {
		assertThatException().isThrownBy(() -> this.spans.inSpan("show-activity", (span) -> {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "activity not found");
		}));
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).isEmpty();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(ResponseStatusException.class.getName());
	}

	@Test
	void anUnexpectedExceptionOrAServerErrorFailsTheSpanWithTheException() {
		assertThatException().isThrownBy(() -> this.spans.inSpan("create-activity", (span) -> {
			throw new IllegalStateException("store broken");
		}));
		assertThatException().isThrownBy(() -> this.spans.inSpan("create-reply", (span) -> {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE);
		}));
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(2).allSatisfy((span) -> {
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getEvents()).extracting("name").containsExactly("exception");
		});
	}

	@Test
	void workThatSucceedsReturnsItsResultInAnEndedSpan() {
		String result = this.spans.inSpan("home-activities-mock-data", (span) -> {
			Spans.tagResults(span, "2026-12-01T10:00:00.000000+00:00", 3);
			return "done";
		});
		assertThat(result).isEqualTo("done");
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getName()).isEqualTo("home-activities-mock-data");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey(Spans.NOW)))
			.isEqualTo("2026-12-01T10:00:00.000000+00:00");
		assertThat(span.getAttributes().get(AttributeKey.longKey(Spans.RESULT_LENGTH))).isEqualTo(3L);
	}

}
