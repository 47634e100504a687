package org.cruddur.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JVM flags of every way the service is started from this repository: the image
 * (Jib's jvmFlags) and {@code ./mvnw spring-boot:run} (the plugin's jvmArguments) exit on
 * OutOfMemoryError, so that Kubernetes or compose restarts a JVM that ran out of heap;
 * the image's memory flags fit the chart's default memory limit; and the image trims the
 * native heap, with flags a JVM accepts.
 */
class JvmFlagsTest {

	@Test
	void theImageAndSpringBootRunExitOnOutOfMemoryError() throws Exception {
		Document pom = pom();
		assertThat(imageJvmFlags(pom)).contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(springBootRunJvmArguments(pom)).contains("-XX:+ExitOnOutOfMemoryError");
	}

	/**
	 * The chart's default memory limit holds the image's heap (a share of the limit),
	 * Netty's direct memory and the rest of the JVM: about 170 MiB of metaspace, code
	 * cache, threads and native allocations, measured (resident size less the committed
	 * heap) after the abuse scenarios in a 384 MiB box.
	 */
	@Test
	void theChartsMemoryLimitHoldsTheImagesHeapDirectMemoryAndTheRest() throws Exception {
		Container backend = HelmChartTest.backend(Chart.render(Map.of()));
		assertThat(backend.getResources().getRequests().get("memory")).isEqualTo(new Quantity("256Mi"));
		assertThat(backend.getResources().getLimits().get("memory")).isEqualTo(new Quantity("384Mi"));
		List<String> flags = imageJvmFlags(pom());
		double heapShare = Double.parseDouble(flag(flags, "-XX:MaxRAMPercentage=")) / 100;
		String direct = flag(flags, "-XX:MaxDirectMemorySize=");
		assertThat(direct).as("direct memory in MiB").endsWith("m");
		double directMiB = Double.parseDouble(direct.substring(0, direct.length() - 1));
		double limitMiB = 384;
		assertThat(limitMiB - heapShare * limitMiB - directMiB).as("MiB left for metaspace, code cache, threads")
			.isGreaterThanOrEqualTo(170);
		// The heap still holds the live data of a full store with room to spare (32 MiB
		// measured after the abuse scenarios).
		assertThat(heapShare * limitMiB).isGreaterThanOrEqualTo(128);
	}

	/**
	 * The image gives the C heap that the JVM frees back to the OS (glibc keeps it
	 * otherwise: about 45 MiB of RSS in the chart's limits), and every flag of the image
	 * starts a JVM: a misspelt or refused one stops the JVM before {@code main}. The
	 * flags are tried on the JVM that runs the tests, where the trim is a product flag in
	 * recent 17 and 21 updates and from 23 on (the image runs 21.0.9); on an older update
	 * the test is skipped.
	 */
	@Test
	void theImageTrimsTheNativeHeapAndEveryFlagStartsAJvm() throws Exception {
		List<String> flags = imageJvmFlags(pom());
		assertThat(flags).contains("-XX:TrimNativeHeapInterval=5000");
		assumeTrue(
				java(List.of("-XX:+PrintFlagsFinal", "-version")).lines()
					.anyMatch((line) -> line.contains(" TrimNativeHeapInterval ") && line.contains("{product}")),
				"this JVM has no product flag TrimNativeHeapInterval (an older 17 or 21 update)");
		List<String> arguments = new ArrayList<>(flags);
		arguments.add("-version");
		String output = java(arguments);
		assertThat(output).doesNotContainIgnoringCase("unrecognized");
		// Where the JVM cannot trim (macOS, Windows, musl) it says so and goes on.
		assertThat(output.replace("Native heap trim is not supported on this platform", ""))
			.doesNotContainIgnoringCase("warning");
	}

	/**
	 * Runs this JVM's {@code java} with the arguments alone; its output, if it exits 0.
	 */
	private static String java(List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("JDK_JAVA_OPTIONS");
		Process java = builder.start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(java.waitFor()).as(output).isZero();
		return output;
	}

	private static String flag(List<String> flags, String prefix) {
		return flags.stream()
			.filter((flag) -> flag.startsWith(prefix))
			.map((flag) -> flag.substring(prefix.length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + prefix + " in the image's JVM flags " + flags));
	}

	static List<String> imageJvmFlags(Document pom) {
		Element jib = plugin(pom, "jib-maven-plugin");
		List<String> flags = new ArrayList<>();
		NodeList nodes = jib.getElementsByTagName("jvmFlag");
		for (int i = 0; i < nodes.getLength(); i++) {
			flags.add(nodes.item(i).getTextContent().trim());
		}
		return flags;
	}

	static List<String> springBootRunJvmArguments(Document pom) {
		NodeList nodes = plugin(pom, "spring-boot-maven-plugin").getElementsByTagName("jvmArguments");
		return (nodes.getLength() == 0) ? List.of() : List.of(nodes.item(0).getTextContent().trim().split("\\s+"));
	}

	static Element plugin(Document pom, String artifactId) {
		NodeList plugins = pom.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++) {
			Element plugin = (Element) plugins.item(i);
			if (artifactId.equals(plugin.getElementsByTagName("artifactId").item(0).getTextContent().trim())) {
				return plugin;
			}
		}
		throw new AssertionError("no plugin " + artifactId + " in pom.xml");
	}

	static Document pom() throws Exception {
		byte[] xml = Chart.read(Chart.ROOT.resolve("pom.xml")).getBytes(StandardCharsets.UTF_8);
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
	}

}
