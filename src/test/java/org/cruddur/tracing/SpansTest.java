package org.cruddur.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
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

	private final Spans spans = new Spans(this.provider.get("test"), Schedulers.immediate());

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
		assertThat(this.exporter.getFinishedSpanItems()).extracting((span) -> span.getStatus().getDescription())
			.containsExactly("store broken", "503 SERVICE_UNAVAILABLE");
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
		// OpenTelemetry's conventions leave OK to the application, as the server span
		// does (Micrometer's bridge set OK on every span it ended).
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().get(Spans.NOW)).isEqualTo("2026-12-01T10:00:00.000000+00:00");
		assertThat(span.getAttributes().get(Spans.RESULT_LENGTH)).isEqualTo(3L);
	}

	@Test
	void workInsideASpanThatIsNotSampledRunsInThatSpanWithoutOneOfItsOwn() {
		SpanContext notSampled = SpanContext.create("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8",
				TraceFlags.getDefault(), TraceState.getDefault());
		String spanIdInside;
		try (Scope scope = Span.wrap(notSampled).makeCurrent()) {
			spanIdInside = this.spans.inSpan("home-activities-mock-data", (span) -> {
				assertThat(span.isRecording()).isFalse();
				assertThat(span.getSpanContext().isValid()).isFalse();
				return Span.current().getSpanContext().getSpanId();
			});
		}
		assertThat(spanIdInside).isEqualTo("53995c3f42cd8ad8");
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void workInsideASampledSpanGetsAChildSpan() {
		io.opentelemetry.api.trace.Span parent = this.provider.get("test").spanBuilder("GET").startSpan();
		try (Scope scope = parent.makeCurrent()) {
			Span inside = this.spans.inSpan("home-activities-mock-data", (span) -> {
				assertThat(span.isRecording()).isTrue();
				return Span.current();
			});
			assertThat(Span.current()).as("the parent is current again").isSameAs(parent);
			assertThat(inside.getSpanContext().getSpanId()).as("the child is current inside")
				.isNotEqualTo(parent.getSpanContext().getSpanId());
		}
		finally {
			parent.end();
		}
		SpanData child = this.exporter.getFinishedSpanItems().get(0);
		assertThat(child.getName()).isEqualTo("home-activities-mock-data");
		assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(child.getKind()).isEqualTo(SpanKind.INTERNAL);
	}

	@Test
	void workOutsideAnySpanGetsARootSpan() {
		this.spans.inSpan("create-message", (span) -> span.setAttribute("app.user_handle", "bayko"));
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("app.user_handle"))).isEqualTo("bayko");
	}

	@Test
	void withTracingOffTheWorkRunsWithoutSpans() {
		Spans off = new Spans(TracerProvider.noop().get("test"), Schedulers.immediate());
		String result = off.inSpan("home-activities-mock-data", (span) -> {
			Spans.tagResults(span, "2026-12-01T10:00:00.000000+00:00", 3);
			return span.isRecording() ? "recorded" : "not recorded";
		});
		assertThat(result).isEqualTo("not recorded");
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

}
