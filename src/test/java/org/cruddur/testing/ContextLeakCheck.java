package org.cruddur.testing;

import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a different OpenTelemetry {@link Context}, or Micrometer
 * observation scope, current on its thread than it found there: a scope opened and never
 * closed, or closed out of order, in the test or in the code it runs. Such a context
 * would be the parent of every span the next test on that thread starts (and such a scope
 * of every observation), so the leak would fail another test, in some test orders only
 * (PIT runs every test in one JVM, in its own order: that is how
 * {@code HttpServerTracingHandler}'s out-of-order scopes showed). Applied to every test
 * (JUnit's extension autodetection, {@code junit-platform.properties}); after a failure
 * the thread gets back the context it had, so the next test starts clean. The message
 * names the span by its ids only: a context's text would carry attribute values.
 */
public class ContextLeakCheck implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ContextLeakCheck.class);

	/**
	 * Reads (and sets) the thread's current Micrometer scope, which every registry
	 * shares.
	 */
	private static final ObservationRegistry OBSERVATIONS = ObservationRegistry.create();

	@Override
	public void beforeEach(ExtensionContext context) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		store.put(Context.class, Context.current());
		store.put(Observation.Scope.class, Optional.ofNullable(OBSERVATIONS.getCurrentObservationScope()));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		Context before = store.remove(Context.class, Context.class);
		Optional<?> scopeBefore = store.remove(Observation.Scope.class, Optional.class);
		if (before == null || scopeBefore == null) {
			return;
		}
		Context after = Context.current();
		Observation.Scope scopeAfter = OBSERVATIONS.getCurrentObservationScope();
		String thread = Thread.currentThread().getName();
		if (after != before) {
			// Sets the thread's context back; the scope is left open on purpose (closing
			// it
			// would restore the leaked context).
			before.makeCurrent();
			OBSERVATIONS.setCurrentObservationScope((Observation.Scope) scopeBefore.orElse(null));
			throw new AssertionError(context.getDisplayName() + " left another OpenTelemetry context current on "
					+ "thread " + thread + " than it found there (a scope never closed, or closed out of order); the "
					+ "span current now: " + Span.fromContext(after).getSpanContext());
		}
		if (scopeAfter != scopeBefore.orElse(null)) {
			OBSERVATIONS.setCurrentObservationScope((Observation.Scope) scopeBefore.orElse(null));
			throw new AssertionError(context.getDisplayName() + " left another Micrometer observation scope current "
					+ "on thread " + thread + " than it found there (a scope never closed, or closed out of order): "
					+ "the next observation made there would be its child");
		}
	}

}
