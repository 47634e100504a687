package org.cruddur.testing;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

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
 * duration every buffer is tracked ({@link ResourceLeakDetector.Level#PARANOID}; the
 * default samples one in 128, so a leak showed in some runs only and failed whichever
 * test's log it landed in); after its last test, garbage is collected and the leaks Netty
 * reports are the failure, with its access records.
 * <p>
 * A leak found when a class starts was left by a class that ran before it in this JVM
 * (still reachable at that class's end): it fails the starting class, named as such, so
 * that it is not lost. The level is global to the JVM: this relies on the checked classes
 * not running at the same time as each other (the concurrent test classes run in their
 * own JVMs). Netty reports a leak only while its detector's logger allows ERROR, and each
 * distinct access record once per JVM, so the same leak path in two classes fails the
 * first.
 */
public class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakCheck.class);

	private static final Queue<String> leaks = new ConcurrentLinkedQueue<>();

	private static boolean listening;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		context.getStore(NAMESPACE).put(ResourceLeakDetector.Level.class, ResourceLeakDetector.getLevel());
		listen();
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		List<String> before = collect();
		if (!before.isEmpty()) {
			throw new AssertionError(before.size() + " Netty buffer(s) of a test class that ran before "
					+ context.getDisplayName() + " in this JVM garbage-collected without release(); the first one's "
					+ "access records:\n" + before.get(0));
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		List<String> found;
		try {
			found = collect();
		}
		finally {
			ResourceLeakDetector.Level level = context.getStore(NAMESPACE)
				.get(ResourceLeakDetector.Level.class, ResourceLeakDetector.Level.class);
			if (level != null) {
				ResourceLeakDetector.setLevel(level);
			}
		}
		if (!found.isEmpty()) {
			throw new AssertionError(found.size() + " Netty buffer(s) garbage-collected without release() in "
					+ context.getDisplayName() + "; the first one's access records:\n" + found.get(0));
		}
	}

	/**
	 * Netty reports a leaked buffer when it is collected, to the detector's listener
	 * (package-private: a Netty that renames the field fails every checked class here,
	 * rather than passing them unchecked).
	 */
	private static synchronized void listen() throws ReflectiveOperationException {
		if (!listening) {
			Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
			field.setAccessible(true);
			ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
			detector.setLeakListener((resourceType, records) -> leaks.add(records));
			listening = true;
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
