package org.cruddur.web;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutOfMemoryExitCheckTest {

	@Test
	void aJvmThatWouldKeepRunningIsToldHowToStart() {
		OutOfMemoryExitCheck check = new OutOfMemoryExitCheck((name) -> Optional
			.ofNullable(Map.of("ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false").get(name)));
		assertThat(check.notice())
			.hasValueSatisfying((notice) -> assertThat(notice).contains("java -XX:+ExitOnOutOfMemoryError -jar")
				.contains("JAVA_TOOL_OPTIONS=-XX:+ExitOnOutOfMemoryError"));
	}

	@Test
	void aJvmThatExitsOrCrashesIsLeftInPeace() {
		assertThat(new OutOfMemoryExitCheck((name) -> Optional
			.ofNullable(Map.of("ExitOnOutOfMemoryError", "true", "CrashOnOutOfMemoryError", "false").get(name)))
			.notice()).isEmpty();
		assertThat(new OutOfMemoryExitCheck((name) -> Optional
			.ofNullable(Map.of("ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "true").get(name)))
			.notice()).isEmpty();
	}

	@Test
	void aJvmWithoutTheFlagSaysNothing() {
		assertThat(new OutOfMemoryExitCheck((name) -> Optional.empty()).notice()).isEmpty();
	}

	@Test
	void theRunningJvmsFlagsAreRead() {
		java.util.List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
		boolean exits = flags.contains("-XX:+ExitOnOutOfMemoryError") || flags.contains("-XX:+CrashOnOutOfMemoryError");
		assertThat(new OutOfMemoryExitCheck().notice().isPresent()).isEqualTo(!exits);
	}

}
