package org.cruddur.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders charts/cruddur-backend with real Helm (helm-java, offline) and parses the
 * result with the fabric8 Kubernetes model, strictly: a field the model does not know is
 * an error, not an additional property.
 */
final class Chart {

	static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
	static final Path CHART_DIR = ROOT.resolve("charts/cruddur-backend");
	static final Path K8S_DIR = ROOT.resolve("k8s");

	/**
	 * Fixed release name and namespace, so renders are comparable (and k8s/
	 * reproducible).
	 */
	static final String RELEASE = "cruddur-backend";
	static final String NAMESPACE = "cruddur";

	/** helm template defaults to an old Kubernetes version; render for a current one. */
	static final String KUBE_VERSION = "1.31.0";

	static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static final Pattern SOURCE = Pattern.compile("^# Source: [^/]+/templates/(\\S+)$", Pattern.MULTILINE);

	private Chart() {
	}

	/**
	 * One rendered document: the template it came from, its text, and the parsed object.
	 */
	record Doc(String template, String text, HasMetadata object) {
		String kind() {
			return object.getKind();
		}

		String name() {
			return object.getMetadata().getName();
		}
	}

	static String renderText(Map<String, ?> values) {
		return renderText(CHART_DIR, RELEASE, values);
	}

	static String renderText(Path chartDir, String release, Map<String, ?> values) {
		TemplateCommand template = new Helm(chartDir).template()
			.withName(release)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		for (Map.Entry<String, ?> value : values.entrySet()) {
			template = template.set(value.getKey(), value.getValue());
		}
		return template.call();
	}

	static List<Doc> render(Map<String, ?> values) {
		return parse(renderText(values));
	}

	/**
	 * Splits helm's multi-document output and parses each document into its typed model
	 * class.
	 */
	static List<Doc> parse(String yaml) {
		List<Doc> docs = new ArrayList<>();
		for (String text : yaml.split("(?m)^---\\s*$")) {
			if (text.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
				continue;
			}
			Matcher source = SOURCE.matcher(text);
			String template = source.find() ? source.group(1) : "";
			HasMetadata object = SERIALIZATION.unmarshal(text, HasMetadata.class);
			docs.add(new Doc(template, text.strip() + "\n", object));
		}
		return docs;
	}

	static Map<String, Doc> byKindAndName(List<Doc> docs) {
		Map<String, Doc> map = new LinkedHashMap<>();
		docs.forEach(d -> map.put(d.kind() + "/" + d.name(), d));
		return map;
	}

	@SuppressWarnings("unchecked")
	static <T extends HasMetadata> T one(List<Doc> docs, Class<T> type) {
		List<T> found = all(docs, type);
		if (found.size() != 1) {
			throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
		}
		return found.get(0);
	}

	static <T extends HasMetadata> T named(List<Doc> docs, Class<T> type, String name) {
		return all(docs, type).stream()
			.filter(o -> name.equals(o.getMetadata().getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
	}

	static <T extends HasMetadata> List<T> all(List<Doc> docs, Class<T> type) {
		return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
	}

	/**
	 * Every place in the object tree where the model found a field it does not know
	 * (fabric8 keeps unknown fields in additionalProperties instead of failing), plus
	 * objects of a kind the model does not know at all.
	 */
	static List<String> unknownFields(Object root) {
		List<String> found = new ArrayList<>();
		if (root instanceof GenericKubernetesResource generic) {
			found.add("unknown kind " + generic.getApiVersion() + "/" + generic.getKind());
		}
		walk(root, "$", found, 0);
		return found;
	}

	private static void walk(Object node, String path, List<String> found, int depth) {
		if (node == null || depth > 64) {
			return;
		}
		if (node instanceof Collection<?> collection) {
			int i = 0;
			for (Object item : collection) {
				walk(item, path + "[" + i++ + "]", found, depth + 1);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((k, v) -> walk(v, path + "." + k, found, depth + 1));
			return;
		}
		if (!node.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : node.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			String name = getter.getName();
			if (!name.startsWith("get") || name.length() == 3) {
				continue;
			}
			Object value;
			try {
				value = getter.invoke(node);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				continue;
			}
			if (name.equals("getAdditionalProperties")) {
				if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
					found.add(path + ": unknown field(s) " + extra.keySet());
				}
				continue;
			}
			String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
			walk(value, path + "." + property, found, depth + 1);
		}
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
