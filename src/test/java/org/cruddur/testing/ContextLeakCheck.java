package org.cruddur.testing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a different OpenTelemetry {@link Context} current on its
 * thread than it found there: a scope opened and never closed, or closed out of order, in
 * the test or in the code it runs. Such a context would be the parent of every span the
 * next test on that thread starts, so the leak would fail another test, in some test
 * orders only (PIT runs every test in one JVM, in its own order: that is how
 * {@code HttpServerTracingHandler}'s out-of-order scopes showed). Applied to every test
 * (JUnit's extension autodetection, {@code junit-platform.properties}); after a failure
 * the thread gets back the context it had, so the next test starts clean. The message
 * names the span by its ids only: a context's text would carry attribute values.
 */
public class ContextLeakCheck implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ContextLeakCheck.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put(Context.class, Context.current());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Context before = context.getStore(NAMESPACE).remove(Context.class, Context.class);
		Context after = Context.current();
		if (before == null || after == before) {
			return;
		}
		// Sets the thread's context back; the scope is left open on purpose (closing it
		// would restore the leaked context).
		before.makeCurrent();
		throw new AssertionError(context.getDisplayName() + " left another OpenTelemetry context current on thread "
				+ Thread.currentThread().getName() + " than it found there (a scope never closed, or closed out of "
				+ "order); the span current now: " + Span.fromContext(after).getSpanContext());
	}

}
