package org.cruddur.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM flags of every way the service is started from this repository: the image
 * (Jib's jvmFlags) and {@code ./mvnw spring-boot:run} (the plugin's jvmArguments) exit on
 * OutOfMemoryError, so that Kubernetes or compose restarts a JVM that ran out of heap.
 */
class JvmFlagsTest {

	@Test
	void theImageAndSpringBootRunExitOnOutOfMemoryError() throws Exception {
		Document pom = pom();
		assertThat(imageJvmFlags(pom)).contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(springBootRunJvmArguments(pom)).contains("-XX:+ExitOnOutOfMemoryError");
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
