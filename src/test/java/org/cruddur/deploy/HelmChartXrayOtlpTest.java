package org.cruddur.deploy;

import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cruddur.deploy.HelmChartTest.BACKEND_ROLE_ARN;
import static org.cruddur.deploy.HelmChartTest.backendSettings;
import static org.cruddur.deploy.HelmChartTest.values;

/**
 * {@code xray.export: otlp}: no daemon, the backend's own AWS identity (IRSA role on its
 * ServiceAccount, token mounted), HTTPS out, the settings the app reads; and the default
 * (daemon) render unchanged by it.
 */
class HelmChartXrayOtlpTest {

	@Test
	void otlpRendersNoDaemonAndGivesTheBackendItsAwsIdentity() {
		List<Chart.Doc> docs = Chart
			.render(values("xray.export", "otlp", "xray.region", "eu-west-1", "serviceAccount.roleArn",
					BACKEND_ROLE_ARN, "networkPolicy.enabled", true, "networkPolicy.allowHttpsEgress", false));
		assertThat(Chart.all(docs, DaemonSet.class)).isEmpty();
		assertThat(docs).noneMatch((doc) -> doc.name().contains("xray-daemon"));
		assertThat(backendSettings(docs)).containsEntry("XRAY_EXPORT", "otlp")
			.containsEntry("XRAY_ENABLED", "true")
			.containsEntry("AWS_REGION", "eu-west-1")
			.doesNotContainKeys("AWS_XRAY_DAEMON_ADDRESS", "XRAY_OTLP_ENDPOINT", "XRAY_API_ENDPOINT");

		Deployment deployment = Chart.one(docs, Deployment.class);
		assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
		ServiceAccount account = Chart.named(docs, ServiceAccount.class,
				deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
		assertThat(account.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn",
				BACKEND_ROLE_ARN);
		assertThat(account.getAutomountServiceAccountToken()).as("only the backend pod mounts it").isFalse();

		List<NetworkPolicyEgressRule> egress = Chart.one(docs, NetworkPolicy.class).getSpec().getEgress();
		assertThat(egress).as("HTTPS to X-Ray and STS, even with allowHttpsEgress off")
			.anyMatch((rule) -> (rule.getTo() == null || rule.getTo().isEmpty()) && rule.getPorts()
				.stream()
				.anyMatch((port) -> port.getPort().getIntVal() == 443 && port.getProtocol().equals("TCP")));
		assertThat(egress).as("no daemon to reach")
			.noneMatch((rule) -> rule.getPorts().stream().anyMatch((port) -> port.getPort().getIntVal() == 2000));
	}

	@Test
	void endpointsAndRegionFollowTheValues() {
		Map<String, String> settings = backendSettings(Chart.render(values("xray.export", "otlp", "xray.otlpEndpoint",
				"https://vpce-0abc.xray.us-east-1.vpce.amazonaws.com/v1/traces", "xray.apiEndpoint",
				"https://vpce-0abc.xray.us-east-1.vpce.amazonaws.com")));
		assertThat(settings).containsEntry("AWS_REGION", "us-east-1")
			.containsEntry("XRAY_OTLP_ENDPOINT", "https://vpce-0abc.xray.us-east-1.vpce.amazonaws.com/v1/traces")
			.containsEntry("XRAY_API_ENDPOINT", "https://vpce-0abc.xray.us-east-1.vpce.amazonaws.com");
		List<Chart.Doc> off = Chart.render(values("xray.export", "otlp", "xray.enabled", false));
		assertThat(backendSettings(off)).containsEntry("XRAY_ENABLED", "false").doesNotContainKey("XRAY_EXPORT");
		assertThat(Chart.all(off, DaemonSet.class)).as("X-Ray off: the daemon as xrayDaemon.enabled says").hasSize(1);
	}

	@Test
	void theDefaultIsTheDaemonAndTheBackendHoldsNoAwsIdentity() {
		List<Chart.Doc> docs = Chart.render(values());
		assertThat(Chart.all(docs, DaemonSet.class)).hasSize(1);
		assertThat(backendSettings(docs)).doesNotContainKeys("XRAY_EXPORT", "AWS_REGION");
		assertThat(
				Chart.one(docs, Deployment.class).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
			.isFalse();
	}

	@Test
	void theSchemaKnowsTheModesAndTheRoleFormat() {
		assertThatThrownBy(() -> Chart.renderText(values("xray.export", "sidecar")))
			.hasMessageContaining("/xray/export");
		assertThatThrownBy(() -> Chart.renderText(values("serviceAccount.roleArn", "cruddur-backend")))
			.hasMessageContaining("/serviceAccount/roleArn");
		assertThatThrownBy(() -> Chart.renderText(values("xray.region", "Europe")))
			.hasMessageContaining("/xray/region");
	}

	@Test
	void notesSayWhereXraysSpansGoAndWhatTheAccountNeeds() {
		String notes = new Helm(Chart.CHART_DIR).install()
			.withName(Chart.RELEASE)
			.withNamespace(Chart.NAMESPACE)
			.withKubeVersion(Chart.KUBE_VERSION)
			.set("xray.export", "otlp")
			.set("xray.region", "eu-west-1")
			.set("serviceAccount.roleArn", BACKEND_ROLE_ARN)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(notes).contains("OTLP to https://xray.eu-west-1.amazonaws.com/v1/traces")
			.contains(BACKEND_ROLE_ARN)
			.contains("aws/bin/xray-setup --transaction-search")
			.doesNotContain("segments over UDP");
	}

}
