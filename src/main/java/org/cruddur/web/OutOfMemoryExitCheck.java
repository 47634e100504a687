package org.cruddur.web;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Function;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Says at startup when the JVM would keep running after an {@link OutOfMemoryError}: a
 * JVM that ran out of heap answers nothing and may not even stop on SIGTERM, while one
 * that exits is restarted by Kubernetes or compose. The image and {@code spring-boot:run}
 * pass {@code -XX:+ExitOnOutOfMemoryError}; {@code java -jar} cannot take JVM flags from
 * the jar, so the person starting it must.
 */
class OutOfMemoryExitCheck implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(OutOfMemoryExitCheck.class);

	private final Function<String, Optional<String>> vmOption;

	OutOfMemoryExitCheck() {
		this(OutOfMemoryExitCheck::hotSpotOption);
	}

	OutOfMemoryExitCheck(Function<String, Optional<String>> vmOption) {
		this.vmOption = vmOption;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		notice().ifPresent(logger::info);
	}

	/**
	 * What to tell, or empty when the JVM exits (or crashes) on running out of memory.
	 */
	Optional<String> notice() {
		boolean exits = this.vmOption.apply("ExitOnOutOfMemoryError").map(Boolean::parseBoolean).orElse(false)
				|| this.vmOption.apply("CrashOnOutOfMemoryError").map(Boolean::parseBoolean).orElse(false);
		if (exits || this.vmOption.apply("ExitOnOutOfMemoryError").isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("This JVM keeps running after an OutOfMemoryError, answering nothing: start it with "
				+ "-XX:+ExitOnOutOfMemoryError (java -XX:+ExitOnOutOfMemoryError -jar ..., or "
				+ "JAVA_TOOL_OPTIONS=-XX:+ExitOnOutOfMemoryError) so that it exits and is restarted");
	}

	/** A HotSpot flag's value; empty on a JVM without HotSpot's diagnostic bean. */
	private static Optional<String> hotSpotOption(String name) {
		try {
			HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			return (hotSpot != null) ? Optional.of(hotSpot.getVMOption(name).getValue()) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			// not a flag of this JVM
			return Optional.empty();
		}
	}

}
