package org.cruddur.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Renders charts/cruddur-backend with real Helm under several value sets and checks what
 * matters.
 */
class HelmChartTest {

	static final String HONEYCOMB_KEY = "hc-test-key-SENTINEL";
	static final String AWS_KEY_ID = "AKIA-test-id-SENTINEL";
	static final String AWS_SECRET = "aws-test-secret-SENTINEL";
	static final String ROLE_ARN = "arn:aws:iam::123456789012:role/cruddur-xray-daemon";
	static final String EXTERNAL_DAEMON = "tcp:xray.observability.svc:2000 udp:xray.observability.svc:2000";
	static final String BACKEND_ROLE_ARN = "arn:aws:iam::123456789012:role/cruddur-backend-xray-otlp";

	static Map<String, Object> values(Object... keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

	/** The value sets every generic check runs under. */
	static Stream<Arguments> valueSets() {
		return Stream.of(Arguments.of("defaults", values()),
				Arguments.of("honeycomb key and static AWS keys",
						values("honeycomb.apiKey", HONEYCOMB_KEY, "xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
								"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET)),
				Arguments.of("existingSecret",
						values("honeycomb.existingSecret", "cruddur-honeycomb", "honeycomb.apiKey", HONEYCOMB_KEY,
								"xrayDaemon.awsCredentials.existingSecret", "cruddur-aws")),
				Arguments.of("IRSA", values("xrayDaemon.serviceAccount.roleArn", ROLE_ARN)),
				Arguments.of("external daemon",
						values("xrayDaemon.enabled", false, "xray.daemonAddress", EXTERNAL_DAEMON, "honeycomb.apiKey",
								HONEYCOMB_KEY)),
				Arguments.of("X-Ray over OTLP (IRSA) + NetworkPolicy",
						values("xray.export", "otlp", "serviceAccount.roleArn", BACKEND_ROLE_ARN,
								"networkPolicy.enabled", true, "honeycomb.apiKey", HONEYCOMB_KEY)),
				Arguments.of("HPA + PDB + NetworkPolicy + Ingress",
						values("autoscaling.enabled", true, "podDisruptionBudget.enabled", true,
								"networkPolicy.enabled", true, "ingress.enabled", true, "honeycomb.apiKey",
								HONEYCOMB_KEY)));
	}

	// ---------------------------------------------------------------- generic checks,
	// every value set

	@ParameterizedTest(name = "{0}")
	@MethodSource("valueSets")
	void everyObjectParsesStrictlyWithTheKubernetesModel(String name, Map<String, Object> values) {
		List<Chart.Doc> docs = Chart.render(values);
		assertThat(docs).isNotEmpty();
		for (Chart.Doc doc : docs) {
			assertThat(Chart.unknownFields(doc.object()))
				.as("unknown fields in %s/%s (%s)", doc.kind(), doc.name(), doc.template())
				.isEmpty();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valueSets")
	void noSecretValueOutsideASecret(String name, Map<String, Object> values) {
		List<String> secrets = new ArrayList<>();
		for (Object value : values.values()) {
			if (value instanceof String s && s.contains("SENTINEL")) {
				secrets.add(s);
				secrets.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
			}
		}
		for (Chart.Doc doc : Chart.render(values)) {
			if (doc.object() instanceof Secret) {
				continue;
			}
			for (String secret : secrets) {
				assertThat(doc.text()).as("%s/%s must not contain a secret value", doc.kind(), doc.name())
					.doesNotContain(secret);
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valueSets")
	void everyPodIsHardened(String name, Map<String, Object> values) {
		List<Chart.Doc> docs = Chart.render(values);
		Map<String, PodTemplateSpec> pods = podTemplates(docs);
		assertThat(pods).isNotEmpty();
		pods.forEach((owner, template) -> {
			PodSpec spec = template.getSpec();
			PodSecurityContext pod = spec.getSecurityContext();
			assertThat(pod).as("%s pod securityContext", owner).isNotNull();
			assertThat(pod.getRunAsNonRoot()).as("%s runAsNonRoot", owner).isTrue();
			assertThat(pod.getRunAsUser()).as("%s runAsUser (numeric, not root)", owner).isNotNull().isPositive();
			assertThat(pod.getSeccompProfile().getType()).as("%s seccomp", owner).isEqualTo("RuntimeDefault");
			// Only the backend's, and only when it signs X-Ray's spans with its own AWS
			// identity (the web identity
			// token of IRSA, EKS Pod Identity); the daemon's never.
			boolean awsIdentity = owner.startsWith("Deployment/") && "otlp".equals(values.get("xray.export"));
			assertThat(spec.getAutomountServiceAccountToken()).as("%s token automount", owner).isEqualTo(awsIdentity);
			for (Container container : spec.getContainers()) {
				SecurityContext sc = container.getSecurityContext();
				String where = owner + " container " + container.getName();
				assertThat(sc).as(where).isNotNull();
				assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", where).isFalse();
				assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", where).isTrue();
				assertThat(sc.getCapabilities().getDrop()).as("%s drops", where).containsExactly("ALL");
				assertThat(sc.getCapabilities().getAdd()).as("%s adds", where).isNullOrEmpty();
				assertThat(container.getResources().getRequests()).as("%s requests", where)
					.containsKeys("cpu", "memory");
				assertThat(container.getResources().getLimits()).as("%s limits", where).containsKeys("cpu", "memory");
			}
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valueSets")
	void labelsAndSelectorsMatch(String name, Map<String, Object> values) {
		List<Chart.Doc> docs = Chart.render(values);
		for (Chart.Doc doc : docs) {
			assertThat(doc.object().getMetadata().getLabels()).as("labels of %s/%s", doc.kind(), doc.name())
				.containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
						"app.kubernetes.io/managed-by", "app.kubernetes.io/component", "helm.sh/chart")
				.containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
		}
		for (Deployment d : Chart.all(docs, Deployment.class)) {
			assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
				.containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
		}
		for (DaemonSet d : Chart.all(docs, DaemonSet.class)) {
			assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
				.containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
		}
		Map<String, PodTemplateSpec> pods = podTemplates(docs);
		for (Service service : Chart.all(docs, Service.class)) {
			Map<String, String> selector = service.getSpec().getSelector();
			List<PodTemplateSpec> selected = pods.entrySet()
				.stream()
				.filter(e -> !e.getKey().startsWith("Pod/"))
				.map(Map.Entry::getValue)
				.filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
				.toList();
			assertThat(selected).as("workloads selected by Service %s", service.getMetadata().getName()).hasSize(1);
			List<ContainerPort> containerPorts = selected.get(0)
				.getSpec()
				.getContainers()
				.stream()
				.flatMap(c -> c.getPorts().stream())
				.toList();
			for (ServicePort port : service.getSpec().getPorts()) {
				assertThat(containerPorts)
					.as("Service %s port %s targets a named container port with its protocol",
							service.getMetadata().getName(), port.getName())
					.anyMatch(cp -> cp.getName().equals(port.getTargetPort().getStrVal())
							&& cp.getProtocol().equals(port.getProtocol()));
			}
		}
		// Selectors of the optional objects select the backend pods.
		Map<String, String> backendPods = Chart.one(docs, Deployment.class)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();
		Chart.all(docs, PodDisruptionBudget.class)
			.forEach(p -> assertThat(backendPods).containsAllEntriesOf(p.getSpec().getSelector().getMatchLabels()));
		// The backend's NetworkPolicy selects the backend pods, the daemon's the daemon
		// pods.
		Chart.all(docs, NetworkPolicy.class).forEach(p -> {
			Map<String, String> selected = p.getMetadata().getName().endsWith("-xray-daemon")
					? Chart.one(docs, DaemonSet.class).getSpec().getTemplate().getMetadata().getLabels() : backendPods;
			assertThat(selected).containsAllEntriesOf(p.getSpec().getPodSelector().getMatchLabels());
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valueSets")
	void backendProbesUseActuatorOnTheManagementPortThatNoServiceOrIngressExposes(String name,
			Map<String, Object> values) {
		List<Chart.Doc> docs = Chart.render(values);
		Container backend = backend(docs);
		assertThat(backend.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("http", 4567),
					org.assertj.core.groups.Tuple.tuple("management", 4568));
		assertThat(backendSettings(docs)).containsEntry("PORT", "4567").containsEntry("MANAGEMENT_PORT", "4568");
		Service service = Chart.named(docs, Service.class, Chart.one(docs, Deployment.class).getMetadata().getName());
		assertThat(service.getSpec().getPorts()).extracting(p -> p.getTargetPort().getStrVal()).containsExactly("http");
		for (Ingress ingress : Chart.all(docs, Ingress.class)) {
			assertThat(ingress.getSpec().getRules()).flatExtracting(rule -> rule.getHttp().getPaths())
				.allSatisfy(path -> assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http"));
		}
		assertProbe(backend.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(backend.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(backend.getReadinessProbe(), "/actuator/health/readiness");
		assertThat(backend.getStartupProbe().getFailureThreshold() * backend.getStartupProbe().getPeriodSeconds())
			.as("startup budget in seconds")
			.isGreaterThanOrEqualTo(60);
	}

	// ---------------------------------------------------------------- specific checks

	@Test
	void lintStrictIsClean() {
		LintResult lint = new Helm(Chart.CHART_DIR).lint().strict().call();
		assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
		assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
	}

	@Test
	void xrayDaemonRunsAsItsUidAndListensOnUdpAndTcp2000BehindANodeLocalService() {
		List<Chart.Doc> docs = Chart.render(values());
		DaemonSet daemonSet = Chart.one(docs, DaemonSet.class);
		PodSpec spec = daemonSet.getSpec().getTemplate().getSpec();
		assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
		Container daemon = spec.getContainers().get(0);
		assertThat(daemon.getImage()).matches("amazon/aws-xray-daemon:3\\.3\\.\\d+");
		assertThat(daemon.getPorts()).extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(2000, "UDP"),
					org.assertj.core.groups.Tuple.tuple(2000, "TCP"));
		assertThat(daemon.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
		// Flags are separate arguments, and the config file they name is the mounted
		// cfg.yaml.
		assertThat(daemon.getArgs()).containsExactly("-c", "/etc/xray/cfg.yaml").noneMatch(a -> a.contains(" "));
		assertThat(daemon.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/xray") && m.getReadOnly());
		ConfigMap cfg = Chart.named(docs, ConfigMap.class, daemonSet.getMetadata().getName());
		Map<String, Object> cfgYaml = new Yaml().load(cfg.getData().get("cfg.yaml"));
		assertThat(cfgYaml).contains(entry("Version", 2), entry("Region", "us-east-1"));
		assertThat(cfgYaml.get("Socket")).isEqualTo(Map.of("UDPAddress", "0.0.0.0:2000", "TCPAddress", "0.0.0.0:2000"));
		assertThat(env(daemon, "AWS_REGION").getValue()).isEqualTo("us-east-1");

		Service service = Chart.named(docs, Service.class, daemonSet.getMetadata().getName());
		assertThat(service.getSpec().getInternalTrafficPolicy()).isEqualTo("Local");
		assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort, ServicePort::getProtocol)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(2000, "UDP"),
					org.assertj.core.groups.Tuple.tuple(2000, "TCP"));
		// The backend sends to that Service, and X-Ray is on.
		Map<String, String> settings = backendSettings(docs);
		assertThat(settings).containsEntry("AWS_XRAY_DAEMON_ADDRESS", service.getMetadata().getName() + ":2000")
			.containsEntry("XRAY_ENABLED", "true");
		// Without keys the daemon uses IRSA / the node role, or a Secret created later
		// (optional reference).
		assertThat(Chart.all(docs, Secret.class)).isEmpty();
		assertThat(env(daemon, "AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getOptional()).isTrue();
	}

	@Test
	void irsaRoleGoesOnTheDaemonServiceAccountOnly() {
		List<Chart.Doc> docs = Chart.render(values("xrayDaemon.serviceAccount.roleArn", ROLE_ARN));
		DaemonSet daemonSet = Chart.one(docs, DaemonSet.class);
		ServiceAccount daemonAccount = Chart.named(docs, ServiceAccount.class,
				daemonSet.getSpec().getTemplate().getSpec().getServiceAccountName());
		assertThat(daemonAccount.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", ROLE_ARN);
		ServiceAccount backendAccount = Chart.named(docs, ServiceAccount.class,
				Chart.one(docs, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
		assertThat(backendAccount.getAutomountServiceAccountToken()).isFalse();
		assertThat(Optional.ofNullable(backendAccount.getMetadata().getAnnotations()).orElse(Map.of()))
			.doesNotContainKey("eks.amazonaws.com/role-arn");
	}

	@Test
	void honeycombKeyComesFromTheChartSecretThroughSecretKeyRef() {
		List<Chart.Doc> docs = Chart.render(values("honeycomb.apiKey", HONEYCOMB_KEY));
		Secret secret = Chart.one(docs, Secret.class);
		assertThat(secret.getData()).containsOnlyKeys("api-key");
		assertThat(new String(Base64.getDecoder().decode(secret.getData().get("api-key")), StandardCharsets.UTF_8))
			.isEqualTo(HONEYCOMB_KEY);
		EnvVar key = env(backend(docs), "HONEYCOMB_API_KEY");
		assertThat(key.getValue()).isNull();
		SecretKeySelector ref = key.getValueFrom().getSecretKeyRef();
		assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
		assertThat(ref.getKey()).isEqualTo("api-key");
		assertThat(ref.getOptional()).as("a key was given: a missing Secret must fail the pod").isFalse();
	}

	@Test
	void existingSecretIsReferencedAndNoSecretIsCreated() {
		List<Chart.Doc> docs = Chart.render(values("honeycomb.existingSecret", "cruddur-honeycomb",
				"honeycomb.secretKey", "HONEYCOMB_API_KEY", "honeycomb.apiKey", HONEYCOMB_KEY));
		assertThat(Chart.all(docs, Secret.class)).isEmpty();
		SecretKeySelector ref = env(backend(docs), "HONEYCOMB_API_KEY").getValueFrom().getSecretKeyRef();
		assertThat(ref.getName()).isEqualTo("cruddur-honeycomb");
		assertThat(ref.getKey()).isEqualTo("HONEYCOMB_API_KEY");
		assertThat(ref.getOptional()).isFalse();
		assertThat(Chart.one(docs, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
			.doesNotContainKey("checksum/secret");
	}

	@Test
	void withoutAKeyTheSecretReferenceIsOptionalSoKubectlCanAddItLater() {
		List<Chart.Doc> docs = Chart.render(values());
		assertThat(Chart.all(docs, Secret.class)).isEmpty();
		SecretKeySelector ref = env(backend(docs), "HONEYCOMB_API_KEY").getValueFrom().getSecretKeyRef();
		assertThat(ref.getName()).isEqualTo("cruddur-backend-honeycomb");
		assertThat(ref.getOptional()).isTrue();
	}

	@Test
	void staticAwsKeysGoToADaemonSecretAndOnlyTheDaemonReadsThem() {
		List<Chart.Doc> docs = Chart.render(values("xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
				"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET));
		Secret secret = Chart.one(docs, Secret.class);
		assertThat(secret.getData()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
		Container daemon = Chart.one(docs, DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
		for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
			SecretKeySelector ref = env(daemon, name).getValueFrom().getSecretKeyRef();
			assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
			assertThat(ref.getKey()).isEqualTo(name);
			assertThat(ref.getOptional()).isFalse();
		}
		assertThat(backend(docs).getEnv())
			.noneMatch(e -> e.getName().startsWith("AWS_ACCESS") || e.getName().startsWith("AWS_SECRET"));
	}

	@Test
	void backendEnvCarriesTheDownwardApiResourceAttributesAndSettings() {
		List<Chart.Doc> docs = Chart.render(values("otel.resourceAttributes", "team=cruddur", "app.frontendUrl",
				"https://cruddur.example", "app.clusterName", "eks-prod"));
		Container backend = backend(docs);
		assertThat(env(backend, "K8S_POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
		assertThat(env(backend, "K8S_NAMESPACE_NAME").getValueFrom().getFieldRef().getFieldPath())
			.isEqualTo("metadata.namespace");
		assertThat(env(backend, "K8S_NODE_NAME").getValueFrom().getFieldRef().getFieldPath())
			.isEqualTo("spec.nodeName");
		assertThat(env(backend, "OTEL_RESOURCE_ATTRIBUTES").getValue()).isEqualTo(
				"k8s.pod.name=$(K8S_POD_NAME),k8s.namespace.name=$(K8S_NAMESPACE_NAME),k8s.node.name=$(K8S_NODE_NAME),team=cruddur");
		// $(VAR) only expands variables defined earlier in the list.
		List<String> names = backend.getEnv().stream().map(EnvVar::getName).toList();
		assertThat(names.indexOf("OTEL_RESOURCE_ATTRIBUTES")).isGreaterThan(names.indexOf("K8S_NODE_NAME"));
		assertThat(names).doesNotHaveDuplicates();
		// Every setting in the ConfigMap reaches the container, by configMapKeyRef.
		ConfigMap config = Chart.named(docs, ConfigMap.class,
				Chart.one(docs, Deployment.class).getMetadata().getName());
		Map<String, String> settings = backendSettings(docs);
		assertThat(settings).containsEntry("FRONTEND_URL", "https://cruddur.example")
			.containsEntry("BACKEND_URL", "http://localhost:4567")
			.containsEntry("PORT", "4567")
			.containsEntry("OTEL_SERVICE_NAME", "cruddur-backend")
			.containsEntry("K8S_CLUSTER_NAME", "eks-prod")
			.containsEntry("XRAY_SAMPLING_RULES_FILE", "/etc/cruddur/xray-sampling-rules.json");
		settings.keySet()
			.forEach(key -> assertThat(env(backend, key).getValueFrom().getConfigMapKeyRef()).as("env %s", key)
				.satisfies(ref -> assertThat(ref.getName()).isEqualTo(config.getMetadata().getName()))
				.satisfies(ref -> assertThat(ref.getKey()).isEqualTo(key)));
		// The sampling rules file is mounted read-only where XRAY_SAMPLING_RULES_FILE
		// points.
		assertThat(backend.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/cruddur") && m.getReadOnly());
		assertThat(backend.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
	}

	@Test
	void samplingRulesDefaultIsTheRepositoryRuleFiles() {
		Map<String, Object> fromRepository = Map.of("SamplingRules",
				List.of(new Yaml().load(Chart.read(Chart.ROOT.resolve("aws/json/xray-health-check.json"))),
						new Yaml().load(Chart.read(Chart.ROOT.resolve("aws/json/xray.json")))));
		Map<String, Object> values = new Yaml().load(Chart.read(Chart.CHART_DIR.resolve("values.yaml")));
		@SuppressWarnings("unchecked")
		Map<String, Object> xray = (Map<String, Object>) values.get("xray");
		assertThat(xray.get("samplingRules")).isEqualTo(fromRepository);
		ConfigMap config = Chart.named(Chart.render(values()), ConfigMap.class, Chart.RELEASE);
		Map<String, Object> mounted = new Yaml().load(config.getData().get("xray-sampling-rules.json"));
		assertThat(mounted).isEqualTo(fromRepository);
	}

	@Test
	void externalDaemonReplacesTheDaemonSet() {
		List<Chart.Doc> docs = Chart.render(values("xrayDaemon.enabled", false, "xray.daemonAddress", EXTERNAL_DAEMON,
				"networkPolicy.enabled", true));
		assertThat(Chart.all(docs, DaemonSet.class)).isEmpty();
		assertThat(docs).noneMatch(d -> d.name().contains("xray-daemon"));
		assertThat(backendSettings(docs)).containsEntry("AWS_XRAY_DAEMON_ADDRESS", EXTERNAL_DAEMON)
			.containsEntry("XRAY_ENABLED", "true");
		NetworkPolicy policy = Chart.one(docs, NetworkPolicy.class);
		assertThat(policy.getSpec().getEgress()).anyMatch(rule -> rule.getPorts()
			.stream()
			.anyMatch(p -> p.getPort().getIntVal() == 2000 && p.getProtocol().equals("UDP")));

		List<Chart.Doc> off = Chart.render(values("xrayDaemon.enabled", false));
		assertThat(backendSettings(off)).containsEntry("XRAY_ENABLED", "false")
			.doesNotContainKey("AWS_XRAY_DAEMON_ADDRESS");
	}

	@Test
	void anExternalDaemonWithTwoAddressesOpensBothPortsWithTheirProtocols() {
		NetworkPolicy policy = Chart.one(Chart.render(values("xrayDaemon.enabled", false, "xray.daemonAddress",
				"tcp:xray.observability.svc:3000 udp:xray.observability.svc:2000", "networkPolicy.enabled", true)),
				NetworkPolicy.class);
		assertThat(daemonEgressPorts(policy)).containsExactlyInAnyOrder("TCP/3000", "UDP/2000");
		NetworkPolicy plain = Chart.one(Chart.render(values("xrayDaemon.enabled", false, "xray.daemonAddress",
				"xray.observability.svc:2500", "networkPolicy.enabled", true)), NetworkPolicy.class);
		assertThat(daemonEgressPorts(plain)).containsExactlyInAnyOrder("TCP/2500", "UDP/2500");
	}

	@Test
	void theXrayDaemonPodsAcceptOnlyTheBackendAndReachOnlyDnsHttpsAndTheMetadataEndpoints() {
		List<Chart.Doc> docs = Chart.render(values("networkPolicy.enabled", true));
		DaemonSet daemonSet = Chart.one(docs, DaemonSet.class);
		NetworkPolicy policy = Chart.named(docs, NetworkPolicy.class, daemonSet.getMetadata().getName());
		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.isEqualTo(daemonSet.getSpec().getSelector().getMatchLabels());
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
		Map<String, String> backendPods = Chart.one(docs, Deployment.class)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();
		assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
			assertThat(rule.getFrom()).singleElement()
				.satisfies(peer -> assertThat(backendPods).containsAllEntriesOf(peer.getPodSelector().getMatchLabels()))
				.satisfies(peer -> assertThat(peer.getNamespaceSelector()).isNull())
				.satisfies(peer -> assertThat(peer.getIpBlock()).isNull());
			assertThat(rule.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getStrVal())
				.containsExactlyInAnyOrder("UDP/xray-udp", "TCP/xray-tcp");
		});
		assertThat(policy.getSpec().getEgress())
			.flatExtracting(
					rule -> rule.getPorts().stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList())
			.containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/80");
		assertThat(policy.getSpec().getEgress()).filteredOn(rule -> rule.getPorts().get(0).getPort().getIntVal() == 80)
			.singleElement()
			.satisfies(rule -> assertThat(rule.getTo()).extracting(peer -> peer.getIpBlock().getCidr())
				.containsExactlyInAnyOrder("169.254.169.254/32", "169.254.170.23/32"));
		// Without the NetworkPolicy switch, or without the daemon, there is none.
		assertThat(Chart.all(Chart.render(values()), NetworkPolicy.class)).isEmpty();
		assertThat(Chart.all(Chart.render(values("networkPolicy.enabled", true, "xrayDaemon.enabled", false)),
				NetworkPolicy.class))
			.extracting(p -> p.getMetadata().getName())
			.containsExactly(Chart.RELEASE);
	}

	/** Protocol/port of the backend's egress rule to an external daemon (no peer). */
	static List<String> daemonEgressPorts(NetworkPolicy policy) {
		return policy.getSpec()
			.getEgress()
			.stream()
			.filter(rule -> rule.getTo() == null || rule.getTo().isEmpty())
			.flatMap(rule -> rule.getPorts().stream())
			.filter(p -> p.getPort().getIntVal() != 53 && p.getPort().getIntVal() != 443)
			.map(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
			.toList();
	}

	@Test
	void autoscalingDisruptionBudgetAndNetworkPolicy() {
		List<Chart.Doc> docs = Chart.render(values("autoscaling.enabled", true, "podDisruptionBudget.enabled", true,
				"networkPolicy.enabled", true));
		Deployment deployment = Chart.one(docs, Deployment.class);
		assertThat(deployment.getSpec().getReplicas()).as("the HPA owns replicas").isNull();
		HorizontalPodAutoscaler hpa = Chart.one(docs, HorizontalPodAutoscaler.class);
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
		assertThat(Chart.one(docs, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		NetworkPolicy policy = Chart.named(docs, NetworkPolicy.class, deployment.getMetadata().getName());
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
		// The API port from ingressFrom, the management port (probes, scrapers) from
		// managementFrom: every source
		// by default, so the kubelet's probes pass whatever the network plugin.
		assertThat(policy.getSpec().getIngress()).hasSize(2).allSatisfy(rule -> assertThat(rule.getFrom()).isEmpty());
		assertThat(policy.getSpec().getIngress()).extracting(rule -> rule.getPorts().get(0).getPort().getStrVal())
			.containsExactly("http", "management");
		assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getPorts()).hasSize(1));
		NetworkPolicy narrowed = Chart.named(
				Chart.render(values("networkPolicy.enabled", true,
						"networkPolicy.managementFrom[0].namespaceSelector.matchLabels.name", "monitoring")),
				NetworkPolicy.class, Chart.RELEASE);
		assertThat(narrowed.getSpec().getIngress().get(1).getFrom()).singleElement()
			.satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
				.containsExactly(entry("name", "monitoring")));
		List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
		Map<String, String> daemonPods = Chart.one(docs, DaemonSet.class)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();
		assertThat(egress).as("DNS").anyMatch(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 53));
		assertThat(egress).as("the X-Ray daemon pods")
			.anyMatch(r -> r.getTo() != null && r.getTo()
				.stream()
				.anyMatch(peer -> peer.getPodSelector() != null
						&& daemonPods.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet())));
		assertThat(egress).as("HTTPS")
			.anyMatch(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 443));
	}

	@Test
	void checksumAnnotationsChangeWhenConfigOrSecretsChange() {
		Map<String, String> base = checksums(
				values("honeycomb.apiKey", HONEYCOMB_KEY, "xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
						"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET));
		assertThat(base).containsKeys("Deployment checksum/config", "Deployment checksum/secret",
				"DaemonSet checksum/config", "DaemonSet checksum/secret");
		assertThat(checksums(values("honeycomb.apiKey", HONEYCOMB_KEY, "xrayDaemon.awsCredentials.accessKeyId",
				AWS_KEY_ID, "xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET)))
			.as("deterministic")
			.isEqualTo(base);

		Map<String, String> frontend = checksums(values("honeycomb.apiKey", HONEYCOMB_KEY, "app.frontendUrl",
				"https://cruddur.example", "xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
				"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET));
		assertThat(frontend.get("Deployment checksum/config")).isNotEqualTo(base.get("Deployment checksum/config"));
		assertThat(frontend.get("Deployment checksum/secret")).isEqualTo(base.get("Deployment checksum/secret"));

		Map<String, String> key = checksums(
				values("honeycomb.apiKey", HONEYCOMB_KEY + "2", "xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
						"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET));
		assertThat(key.get("Deployment checksum/secret")).isNotEqualTo(base.get("Deployment checksum/secret"));
		assertThat(key.get("Deployment checksum/config")).isEqualTo(base.get("Deployment checksum/config"));

		Map<String, String> region = checksums(values("honeycomb.apiKey", HONEYCOMB_KEY, "xrayDaemon.region",
				"eu-west-1", "xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
				"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET));
		assertThat(region.get("DaemonSet checksum/config")).isNotEqualTo(base.get("DaemonSet checksum/config"));

		Map<String, String> awsKey = checksums(
				values("honeycomb.apiKey", HONEYCOMB_KEY, "xrayDaemon.awsCredentials.accessKeyId", AWS_KEY_ID,
						"xrayDaemon.awsCredentials.secretAccessKey", AWS_SECRET + "2"));
		assertThat(awsKey.get("DaemonSet checksum/secret")).isNotEqualTo(base.get("DaemonSet checksum/secret"));
	}

	@Test
	void schemaRejectsWrongTypesAndUnknownKeysWithAClearMessage() {
		assertThatThrownBy(() -> Chart.renderText(values("replicaCount", "two")))
			.hasMessageContaining("values don't meet the specifications of the schema")
			.hasMessageContaining("/replicaCount")
			.hasMessageContaining("want integer");
		assertThatThrownBy(() -> Chart.renderText(values("xrayDaemon.port", "udp")))
			.hasMessageContaining("/xrayDaemon/port")
			.hasMessageContaining("want integer");
		assertThatThrownBy(() -> Chart.renderText(values("xrayDaemon.enabled", "yes")))
			.hasMessageContaining("/xrayDaemon/enabled")
			.hasMessageContaining("want boolean");
		assertThatThrownBy(() -> Chart.renderText(values("replicas", 2)))
			.hasMessageContaining("additional properties 'replicas' not allowed");
		assertThatThrownBy(() -> Chart.renderText(values("xray.daemonAddress", "xray daemon")))
			.hasMessageContaining("/xray/daemonAddress");
	}

	@Test
	void strictModelCheckCatchesAMisspelledField() {
		String typo = """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: x
				spec:
				  replica: 2
				  selector: {matchLabels: {a: b}}
				  template:
				    metadata: {labels: {a: b}}
				    spec:
				      containers:
				        - name: c
				          image: i
				          securityContxt: {}
				""";
		assertThat(Chart.unknownFields(Chart.parse(typo).get(0).object())).anyMatch(s -> s.contains("replica"))
			.anyMatch(s -> s.contains("securityContxt"));
		assertThat(Chart.unknownFields(
				Chart.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n").get(0).object()))
			.anyMatch(s -> s.contains("unknown kind"));
	}

	@Test
	void helmTestHookCallsTheHealthCheckThroughTheService(@TempDir Path tmp) throws Exception {
		Path testTemplate = Chart.CHART_DIR.resolve("templates/tests/test-health-check.yaml");
		String source = Files.readString(testTemplate);
		assertThat(source).contains("\"helm.sh/hook\": test");
		// helm-java's template prints the release manifest without hooks: render a copy
		// with the hook made plain.
		Path chart = copyChart(tmp);
		Path copy = chart.resolve("templates/tests/test-health-check.yaml");
		Files.writeString(copy, source.replaceAll("(?m)^\\s*\"helm\\.sh/hook.*$", ""));
		List<Chart.Doc> docs = Chart.parse(Chart.renderText(chart, Chart.RELEASE, values()));
		Pod pod = Chart.one(docs, Pod.class);
		assertThat(Chart.unknownFields(pod)).isEmpty();
		Service service = Chart.named(docs, Service.class, Chart.RELEASE);
		String script = String.join(" ", pod.getSpec().getContainers().get(0).getCommand());
		assertThat(script)
			.contains("http://" + service.getMetadata().getName() + ":" + service.getSpec().getPorts().get(0).getPort()
					+ "/api/health-check")
			.contains("--fail")
			.contains("\"success\"");
		assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(podTemplates(docs)).containsKey("Pod/" + pod.getMetadata().getName());
	}

	@Test
	void notesTellHowToReachTheServiceAndWhereTracesGo() {
		String notes = new Helm(Chart.CHART_DIR).install()
			.withName(Chart.RELEASE)
			.withNamespace(Chart.NAMESPACE)
			.withKubeVersion(Chart.KUBE_VERSION)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(notes).contains("kubectl port-forward -n cruddur svc/cruddur-backend 4567:4567")
			.contains("/api/health-check")
			.contains("helm test cruddur-backend")
			.contains("kubectl create secret generic cruddur-backend-honeycomb")
			.contains("segments over UDP to cruddur-backend-xray-daemon:2000");
		String withKey = new Helm(Chart.CHART_DIR).install()
			.withName(Chart.RELEASE)
			.withNamespace(Chart.NAMESPACE)
			.withKubeVersion(Chart.KUBE_VERSION)
			.set("honeycomb.existingSecret", "cruddur-honeycomb")
			.set("xrayDaemon.serviceAccount.roleArn", ROLE_ARN)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(withKey).contains("https://api.honeycomb.io").contains("cruddur-honeycomb").contains(ROLE_ARN);
	}

	@Test
	void readmeDocumentsEveryValue() {
		String readme = Chart.read(Chart.CHART_DIR.resolve("README.md"));
		Map<String, Object> values = new Yaml().load(Chart.read(Chart.CHART_DIR.resolve("values.yaml")));
		List<String> keys = new ArrayList<>();
		leafKeys("", values, keys);
		assertThat(keys).hasSizeGreaterThan(50);
		for (String key : keys) {
			assertThat(readme).as("README.md parameter table row for %s", key).contains("| `" + key + "` |");
		}
	}

	// ---------------------------------------------------------------- helpers

	@SuppressWarnings("unchecked")
	static void leafKeys(String prefix, Map<String, Object> map, List<String> keys) {
		map.forEach((k, v) -> {
			String key = prefix.isEmpty() ? k : prefix + "." + k;
			boolean opaque = key.endsWith("SecurityContext") || key.endsWith("securityContext")
					|| key.endsWith("resources") || key.equals("xray.samplingRules") || key.endsWith("updateStrategy");
			if (v instanceof Map<?, ?> m && !m.isEmpty() && !opaque) {
				leafKeys(key, (Map<String, Object>) m, keys);
			}
			else {
				keys.add(key);
			}
		});
	}

	static Path copyChart(Path target) throws Exception {
		Path chart = target.resolve("cruddur-backend");
		try (Stream<Path> files = Files.walk(Chart.CHART_DIR)) {
			for (Path file : files.toList()) {
				Path to = chart.resolve(Chart.CHART_DIR.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(to);
				}
				else {
					Files.copy(file, to);
				}
			}
		}
		return chart;
	}

	static Map<String, PodTemplateSpec> podTemplates(List<Chart.Doc> docs) {
		Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
		for (Chart.Doc doc : docs) {
			HasMetadata o = doc.object();
			if (o instanceof Deployment d) {
				pods.put("Deployment/" + doc.name(), d.getSpec().getTemplate());
			}
			else if (o instanceof DaemonSet d) {
				pods.put("DaemonSet/" + doc.name(), d.getSpec().getTemplate());
			}
			else if (o instanceof Pod p) {
				pods.put("Pod/" + doc.name(), new PodTemplateSpec(p.getMetadata(), p.getSpec()));
			}
		}
		return pods;
	}

	static Container backend(List<Chart.Doc> docs) {
		return Chart.one(docs, Deployment.class)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter(c -> c.getName().equals("backend"))
			.findFirst()
			.orElseThrow();
	}

	static Map<String, String> backendSettings(List<Chart.Doc> docs) {
		Map<String, String> data = new LinkedHashMap<>(
				Chart.named(docs, ConfigMap.class, Chart.one(docs, Deployment.class).getMetadata().getName())
					.getData());
		data.remove("xray-sampling-rules.json");
		return data;
	}

	static EnvVar env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter(e -> e.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no env " + name + " in container " + container.getName()));
	}

	static void assertProbe(Probe probe, String path) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
	}

	static Map<String, String> checksums(Map<String, Object> values) {
		Map<String, String> sums = new LinkedHashMap<>();
		List<Chart.Doc> docs = Chart.render(values);
		for (Map.Entry<String, PodTemplateSpec> pod : podTemplates(docs).entrySet()) {
			String kind = pod.getKey().substring(0, pod.getKey().indexOf('/'));
			Optional.ofNullable(pod.getValue().getMetadata().getAnnotations()).orElse(Map.of()).forEach((k, v) -> {
				if (k.startsWith("checksum/")) {
					sums.put(kind + " " + k, v);
				}
			});
		}
		return sums;
	}

}
