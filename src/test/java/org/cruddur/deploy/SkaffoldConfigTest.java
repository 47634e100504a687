package org.cruddur.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * skaffold.yaml must only reference what exists: the chart path, the values keys it sets,
 * the image the chart and k8s/ deploy, the Service and port it forwards, the kustomize
 * path and the JSON-patch paths of its profiles. (Schema validation of the file itself is
 * .ci/validate-schemas.py.)
 */
class SkaffoldConfigTest {

	static final Path SKAFFOLD = Chart.ROOT.resolve("skaffold.yaml");

	@Test
	void skaffoldReferencesOnlyWhatExists() {
		assertThat(problems(load())).isEmpty();
	}

	@Test
	void theCheckFailsOnAWrongChartPathValuesKeyOrPort() {
		Map<String, Object> broken = load();
		Map<String, Object> release = releases(broken).get(0);
		release.put("chartPath", "charts/cruddur-backnd");
		assertThat(problems(broken)).anyMatch(p -> p.contains("charts/cruddur-backnd"));

		broken = load();
		map(releases(broken).get(0), "setValueTemplates").put("image.repo", "{{.IMAGE_REPO_cruddur_backend}}");
		assertThat(problems(broken)).anyMatch(p -> p.contains("image.repo"));

		broken = load();
		map(list(broken, "portForward").get(0)).put("port", 8080);
		assertThat(problems(broken)).anyMatch(p -> p.contains("8080"));

		broken = load();
		map(list(broken, "portForward").get(0)).put("resourceName", "backend");
		assertThat(problems(broken)).anyMatch(p -> p.contains("backend"));
	}

	@Test
	void profilesForLocalClustersAndKustomize() {
		Map<String, Object> skaffold = load();
		assertThat(skaffold).containsEntry("apiVersion", "skaffold/v4beta14").containsEntry("kind", "Config");
		Map<String, Object> local = profile(skaffold, "local");
		assertThat(map(map(local, "build"), "local")).containsEntry("push", false);
		Map<String, Object> kustomize = profile(skaffold, "kustomize");
		assertThat(map(map(kustomize, "deploy"))).containsKey("kubectl");
		assertThat(list(kustomize, "patches"))
			.anySatisfy(p -> assertThat(map(p)).containsEntry("op", "remove").containsEntry("path", "/deploy/helm"));
	}

	// ---------------------------------------------------------------- the check

	static List<String> problems(Map<String, Object> skaffold) {
		List<String> problems = new ArrayList<>();
		Map<String, Object> values = new Yaml().load(Chart.read(Chart.CHART_DIR.resolve("values.yaml")));

		// The artifact: the Jib builder for this Maven project, the image the chart and
		// k8s/ deploy.
		List<Object> artifacts = list(map(skaffold, "build"), "artifacts");
		if (artifacts.size() != 1) {
			problems.add("expected one build artifact, found " + artifacts.size());
			return problems;
		}
		Map<String, Object> artifact = map(artifacts.get(0));
		String image = (String) artifact.get("image");
		if (!"maven".equals(map(artifact, "jib").get("type")) || !Files.isRegularFile(Chart.ROOT.resolve("pom.xml"))) {
			problems.add("artifact " + image + " is not built by Jib from the Maven project");
		}
		if (!Objects.equals(image, lookup(values, "image.repository"))) {
			problems.add("artifact image " + image + " is not the chart's image.repository "
					+ lookup(values, "image.repository"));
		}
		String k8sImage = Chart.named(k8sDocs(), Deployment.class, Chart.RELEASE)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getImage();
		if (!k8sImage.startsWith(image + ":")) {
			problems.add("artifact image " + image + " is not the image in k8s/deployment.yaml (" + k8sImage + ")");
		}
		String templateSuffix = image.replaceAll("[^A-Za-z0-9]", "_");

		// Helm releases: chart path, values keys, image templates.
		List<String> releaseNames = new ArrayList<>();
		for (Map<String, Object> release : releases(skaffold)) {
			releaseNames.add((String) release.get("name"));
			String chartPath = (String) release.get("chartPath");
			if (chartPath == null || !Files.isRegularFile(Chart.ROOT.resolve(chartPath).resolve("Chart.yaml"))) {
				problems.add("chartPath " + chartPath + " is not a chart directory");
				continue;
			}
			for (Object file : list(release, "valuesFiles")) {
				if (!Files.isRegularFile(Chart.ROOT.resolve((String) file))) {
					problems.add("valuesFiles entry " + file + " does not exist");
				}
			}
			for (String section : List.of("setValues", "setValueTemplates")) {
				map(release, section).forEach((key, value) -> {
					if (lookup(values, key) == null) {
						problems.add(section + " key " + key + " is not in " + chartPath + "/values.yaml");
					}
				});
			}
			Map<String, Object> templates = map(release, "setValueTemplates");
			checkTemplate(templates, "image.repository", "IMAGE_REPO_" + templateSuffix, problems);
			checkTemplate(templates, "image.tag", "IMAGE_TAG_" + templateSuffix, problems);
		}

		// Port forwarding: a Service the chart renders for that release (and k8s/ holds)
		// with that port.
		for (Object item : list(skaffold, "portForward")) {
			Map<String, Object> forward = map(item);
			if (!"service".equals(forward.get("resourceType"))) {
				problems.add("portForward of a " + forward.get("resourceType") + ", expected a service");
				continue;
			}
			String name = (String) forward.get("resourceName");
			Object port = forward.get("port");
			for (String release : releaseNames) {
				checkServicePort("chart release " + release,
						Chart.parse(Chart.renderText(Chart.CHART_DIR, release, Map.of())), name, port, problems);
			}
			checkServicePort("k8s/", k8sDocs(), name, port, problems);
			if (!Integer.valueOf(4567).equals(forward.get("localPort"))) {
				problems.add("portForward localPort " + forward.get("localPort") + " is not 4567");
			}
		}

		// Profiles: kustomize paths, patch paths.
		for (Object item : list(skaffold, "profiles")) {
			Map<String, Object> profile = map(item);
			for (Object path : list(map(map(profile, "manifests"), "kustomize"), "paths")) {
				if (!Files.isRegularFile(Chart.ROOT.resolve((String) path).resolve("kustomization.yaml"))) {
					problems.add("profile " + profile.get("name") + ": kustomize path " + path
							+ " has no kustomization.yaml");
				}
			}
			for (Object p : list(profile, "patches")) {
				Map<String, Object> patch = map(p);
				String path = (String) patch.get("path");
				String op = (String) patch.get("op");
				String target = "add".equals(op) ? path.substring(0, path.lastIndexOf('/')) : path;
				if (pointer(skaffold, target) == null) {
					problems
						.add("profile " + profile.get("name") + ": patch " + op + " " + path + " points at nothing");
				}
				if ("add".equals(op) && path.contains("/setValues/")
						&& lookup(values, path.substring(path.lastIndexOf('/') + 1)) == null) {
					problems.add("profile " + profile.get("name") + ": patch sets unknown values key " + path);
				}
			}
		}
		return problems;
	}

	static void checkTemplate(Map<String, Object> templates, String key, String variable, List<String> problems) {
		Object template = templates.get(key);
		if (template == null || !template.toString().contains("{{." + variable + "}}")) {
			problems.add("setValueTemplates " + key + " must be {{." + variable + "}}, is " + template);
		}
	}

	static void checkServicePort(String where, List<Chart.Doc> docs, String name, Object port, List<String> problems) {
		Service service = Chart.all(docs, Service.class)
			.stream()
			.filter(s -> s.getMetadata().getName().equals(name))
			.findFirst()
			.orElse(null);
		if (service == null) {
			problems.add("portForward service " + name + " does not exist in " + where);
		}
		else if (service.getSpec().getPorts().stream().noneMatch(p -> p.getPort().equals(port))) {
			problems.add("portForward port " + port + " is not a port of service " + name + " in " + where);
		}
	}

	// ---------------------------------------------------------------- YAML helpers

	static List<Chart.Doc> k8sDocs() {
		List<Chart.Doc> docs = new ArrayList<>();
		for (String file : List.of("deployment.yaml", "service.yaml")) {
			docs.addAll(Chart.parse(Chart.read(Chart.K8S_DIR.resolve(file))));
		}
		return docs;
	}

	static Map<String, Object> load() {
		return new Yaml().load(Chart.read(SKAFFOLD));
	}

	static List<Map<String, Object>> releases(Map<String, Object> skaffold) {
		return list(map(map(skaffold, "deploy"), "helm"), "releases").stream().map(SkaffoldConfigTest::map).toList();
	}

	static Map<String, Object> profile(Map<String, Object> skaffold, String name) {
		return list(skaffold, "profiles").stream()
			.map(SkaffoldConfigTest::map)
			.filter(p -> name.equals(p.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no profile " + name));
	}

	/** A key like "image.tag" in the values tree; null when absent. */
	@SuppressWarnings("unchecked")
	static Object lookup(Map<String, Object> values, String dottedKey) {
		Object node = values;
		for (String part : dottedKey.split("\\.")) {
			if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
				return null;
			}
			node = ((Map<String, Object>) m).get(part);
		}
		return node == null ? "" : node;
	}

	/** A JSON pointer (RFC 6901) into the YAML tree; null when it points at nothing. */
	static Object pointer(Object root, String pointer) {
		Object node = root;
		Matcher parts = Pattern.compile("/([^/]*)").matcher(pointer);
		while (parts.find()) {
			String part = parts.group(1).replace("~1", "/").replace("~0", "~");
			if (node instanceof Map<?, ?> m) {
				node = m.get(part);
			}
			else if (node instanceof List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) {
				node = l.get(Integer.parseInt(part));
			}
			else {
				return null;
			}
		}
		return node;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		return node instanceof Map<?, ?> m ? (Map<String, Object>) m : new java.util.LinkedHashMap<>();
	}

	static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object node = parent.get(key);
		if (node == null) {
			Map<String, Object> created = new java.util.LinkedHashMap<>();
			return created;
		}
		return map(node);
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Map<String, Object> parent, String key) {
		Object node = parent.get(key);
		return node instanceof List<?> l ? (List<Object>) l : List.of();
	}

}
