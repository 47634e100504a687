package org.cruddur.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ holds the chart rendered with default values (release "cruddur-backend"), one file
 * per object, for `kubectl apply -k k8s/`. This test fails when they drift from what the
 * chart renders.
 *
 * Regenerate after a chart change: ./mvnw test -Dtest=K8sManifestsTest
 * -Dk8s.regenerate=true
 */
class K8sManifestsTest {

	static final String REGENERATE = "k8s.regenerate";
	static final String HOW = "k8s/ is out of date with charts/cruddur-backend; regenerate it with "
			+ "./mvnw test -Dtest=K8sManifestsTest -D" + REGENERATE + "=true";
	static final String HEADER = """
			# Generated from charts/cruddur-backend with default values (release name cruddur-backend). Do not edit:
			# change the chart, then run ./mvnw test -Dtest=K8sManifestsTest -Dk8s.regenerate=true
			""";

	/** File name in k8s/ -> rendered document. */
	static Map<String, Chart.Doc> expected;

	@BeforeAll
	static void render() throws IOException {
		expected = new TreeMap<>();
		for (Chart.Doc doc : Chart.render(Map.of())) {
			String file = Path.of(doc.template()).getFileName().toString();
			assertThat(expected.put(file, doc)).as("one object per template: %s", file).isNull();
		}
		if (Boolean.getBoolean(REGENERATE)) {
			regenerate();
		}
	}

	static void regenerate() throws IOException {
		Files.createDirectories(Chart.K8S_DIR);
		try (Stream<Path> files = Files.list(Chart.K8S_DIR)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
				Files.delete(file);
			}
		}
		for (Map.Entry<String, Chart.Doc> entry : expected.entrySet()) {
			Files.writeString(Chart.K8S_DIR.resolve(entry.getKey()), HEADER + entry.getValue().text());
		}
		StringBuilder kustomization = new StringBuilder(HEADER).append("""
				# kubectl apply -k k8s/ -n <namespace>   (create the Secrets first, see README.md)
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				# To deploy your own build instead of cruddur/backend:<appVersion>, add e.g.
				# images:
				#   - name: cruddur/backend
				#     newName: <registry>/cruddur-backend
				#     newTag: <tag>
				resources:
				""");
		expected.keySet().forEach(file -> kustomization.append("  - ").append(file).append('\n'));
		Files.writeString(Chart.K8S_DIR.resolve("kustomization.yaml"), kustomization.toString());
	}

	@Test
	void k8sHoldsExactlyTheObjectsTheChartRendersWithDefaults() throws IOException {
		Map<String, HasMetadata> actual = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(Chart.K8S_DIR)) {
			for (Path file : files.sorted().toList()) {
				String name = file.getFileName().toString();
				if (!name.endsWith(".yaml") || name.equals("kustomization.yaml")) {
					continue;
				}
				List<Chart.Doc> docs = Chart.parse(Files.readString(file));
				assertThat(docs).as("%s holds one object", name).hasSize(1);
				actual.put(name, docs.get(0).object());
			}
		}
		assertThat(actual.keySet()).as(HOW).containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((file, doc) -> assertThat(actual.get(file))
			.as("k8s/%s differs from the chart's %s/%s. %s", file, doc.kind(), doc.name(), HOW)
			.isEqualTo(doc.object()));
	}

	@Test
	void kustomizationListsEveryManifest() {
		Map<String, Object> kustomization = new Yaml().load(Chart.read(Chart.K8S_DIR.resolve("kustomization.yaml")));
		assertThat(kustomization).containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1")
			.containsEntry("kind", "Kustomization");
		assertThat(kustomization.get("resources")).as(HOW).asList().containsExactlyElementsOf(expected.keySet());
	}

	@Test
	void plainManifestsContainNoSecretAndNoHelmHook() {
		assertThat(expected.values()).noneMatch(d -> d.kind().equals("Secret"));
		assertThat(expected.values())
			.allSatisfy(d -> assertThat(d.object().getMetadata().getAnnotations()).as("%s/%s", d.kind(), d.name())
				.satisfiesAnyOf(a -> assertThat(a).isNull(), a -> assertThat(a).doesNotContainKey("helm.sh/hook")));
	}

}
