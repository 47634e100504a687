package org.cruddur.testing;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a Netty buffer unreleased, on the server's side (a
 * handler or filter that drops a request body) or on the test's (a {@code WebTestClient}
 * exchange whose response body is never consumed: end it with
 * {@code .expectBody(Void.class)} when the body does not matter). For the class's
 * duration every buffer is tracked ({@link ResourceLeakDetector.Level#PARANOID}, where
 * the default samples one in 128, so that a leak shows in some runs only and fails
 * whichever test's log it lands in); after its last test, the leaks found once garbage is
 * collected are the failure, with Netty's access records. Leaks of the classes run before
 * in the same JVM are reported at the start and not counted.
 */
public class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakCheck.class);

	private static final Queue<String> leaks = new ConcurrentLinkedQueue<>();

	private static final AtomicBoolean listening = new AtomicBoolean();

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		listen();
		context.getStore(NAMESPACE).put(ResourceLeakDetector.Level.class, ResourceLeakDetector.getLevel());
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		List<String> before = collect();
		if (!before.isEmpty()) {
			System.err.println(NettyLeakCheck.class.getSimpleName() + ": " + before.size()
					+ " Netty buffer leak(s) of earlier test classes found before " + context.getDisplayName());
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		List<String> found;
		try {
			found = collect();
		}
		finally {
			ResourceLeakDetector.setLevel(context.getStore(NAMESPACE)
				.get(ResourceLeakDetector.Level.class, ResourceLeakDetector.Level.class));
		}
		if (!found.isEmpty()) {
			throw new AssertionError(found.size() + " Netty buffer(s) garbage-collected without release() in "
					+ context.getDisplayName() + "; the first one's access records:\n" + found.get(0));
		}
	}

	/** Netty reports a leaked buffer when it is collected, to the detector's listener. */
	private static void listen() throws ReflectiveOperationException {
		if (listening.compareAndSet(false, true)) {
			Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
			field.setAccessible(true);
			ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
			detector.setLeakListener((resourceType, records) -> leaks.add(records));
		}
	}

	/**
	 * Collects garbage and has the detector look at what was collected, which it does
	 * when it tracks a new buffer: the leaks reported since the last call.
	 */
	private static List<String> collect() {
		for (int i = 0; i < 5; i++) {
			System.gc();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(1);
			probe.release();
		}
		List<String> found = new ArrayList<>();
		for (String leak = leaks.poll(); leak != null; leak = leaks.poll()) {
			found.add(leak);
		}
		return found;
	}

}
