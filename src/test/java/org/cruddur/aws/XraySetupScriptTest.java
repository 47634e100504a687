package org.cruddur.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cruddur.testing.XraySpans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws/bin/xray-setup} against a stand-in AWS CLI that keeps X-Ray's state in a
 * folder: it creates what is missing (the group, the main rule and the health-check
 * rule), changes nothing on a second run, updates only what differs, and passes
 * profile/region/endpoint through.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
// Each test has its own state folder and script run.
@Execution(ExecutionMode.CONCURRENT)
class XraySetupScriptTest {

	private static final Path SCRIPT = Paths.get("aws/bin/xray-setup");

	@TempDir
	Path state;

	@TempDir
	Path bin;

	@BeforeEach
	void installFakeAws() throws IOException {
		Path fake = this.bin.resolve("aws");
		Files.copy(Paths.get("src/test/resources/aws/fake-aws"), fake);
		Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path transactionSearch = this.bin.resolve("fake-aws-transaction-search");
		Files.copy(Paths.get("src/test/resources/aws/fake-aws-transaction-search"), transactionSearch);
		Files.setPosixFilePermissions(transactionSearch, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	@Test
	void transactionSearchIsTurnedOnOnceWithTheLogsPolicyForThisAccountAndRegion() throws Exception {
		assertThat(run("--transaction-search", "--region", "eu-west-1")).contains(
				"logs resource policy cruddur-transaction-search: created",
				"trace segment destination: CloudWatchLogs, updated from XRay");
		JsonNode statement = XraySpans.parse(Files.readString(this.state.resolve("logs-policy.json")))
			.path("Statement")
			.path(0);
		assertThat(statement.path("Principal").path("Service").stringValue()).isEqualTo("xray.amazonaws.com");
		assertThat(statement.path("Action").stringValue()).isEqualTo("logs:PutLogEvents");
		assertThat(statement.path("Resource").isArray()).isTrue();
		assertThat(statement.path("Resource").path(0).stringValue())
			.isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:aws/spans:*");
		assertThat(statement.path("Resource").path(1).stringValue())
			.isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/application-signals/data:*");
		assertThat(statement.path("Condition").path("ArnLike").path("aws:SourceArn").stringValue())
			.isEqualTo("arn:aws:xray:eu-west-1:123456789012:*");
		assertThat(statement.path("Condition").path("StringEquals").path("aws:SourceAccount").stringValue())
			.isEqualTo("123456789012");
		assertThat(Files.readString(this.state.resolve("destination")).strip()).isEqualTo("CloudWatchLogs");
		List<String> calls = calls();
		assertThat(calls).noneMatch((call) -> call.contains("--transaction-search"));
		assertThat(calls
			.indexOf(calls.stream().filter((c) -> c.startsWith("logs put-resource-policy")).findFirst().orElseThrow()))
			.as("the policy before the destination, as AWS documents")
			.isLessThan(calls.indexOf(calls.stream()
				.filter((c) -> c.startsWith("xray update-trace-segment-destination"))
				.findFirst()
				.orElseThrow()));
		int writes = transactionSearchWrites();
		assertThat(writes).isEqualTo(2);

		assertThat(run("--transaction-search", "--region=eu-west-1")).contains(
				"logs resource policy cruddur-transaction-search: unchanged",
				"trace segment destination: CloudWatchLogs, unchanged");
		assertThat(transactionSearchWrites()).isEqualTo(writes);
	}

	@Test
	void transactionSearchTakesTheRegionFromTheConfigurationAndIsLeftAloneWithoutTheFlag() throws Exception {
		run();
		assertThat(calls()).noneMatch((call) -> call.startsWith("logs ") || call.startsWith("sts ")
				|| call.contains("trace-segment-destination"));
		run("--transaction-search");
		assertThat(Files.readString(this.state.resolve("logs-policy.json")))
			.contains("arn:aws:logs:us-west-2:123456789012:log-group:aws/spans:*");
	}

	private int transactionSearchWrites() throws IOException {
		return (int) calls().stream()
			.filter((call) -> call.startsWith("logs put-resource-policy")
					|| call.startsWith("xray update-trace-segment-destination"))
			.count();
	}

	@Test
	void createsThenChangesNothingOnASecondRun() throws Exception {
		assertThat(run("--region", "us-east-1", "--endpoint-url", "http://localhost:4566")).contains(
				"group cruddur-backend: created", "sampling rule Cruddur: created",
				"sampling rule CruddurHealthCheck: created");
		assertThat(Files.readString(this.state.resolve("group-filter")).strip())
			.isEqualTo("service(\"cruddur-backend\") {fault OR error}");
		assertThat(calls()).allSatisfy((call) -> assertThat(call).contains("--region us-east-1")
			.contains("--endpoint-url http://localhost:4566"));
		int writes = writes();
		assertThat(writes).isEqualTo(3);

		assertThat(run("--region", "us-east-1")).contains("group cruddur-backend: unchanged",
				"sampling rule Cruddur: unchanged", "sampling rule CruddurHealthCheck: unchanged");
		assertThat(writes()).isEqualTo(writes);
	}

	@Test
	void theHealthCheckRuleNeverSamplesProbesAndComesFirst() throws Exception {
		run();
		JsonNode healthCheck = rule("CruddurHealthCheck");
		JsonNode main = rule("Cruddur");
		assertThat(healthCheck.path("HTTPMethod").stringValue()).isEqualTo("GET");
		assertThat(healthCheck.path("URLPath").stringValue()).isEqualTo("/api/health-check");
		assertThat(healthCheck.path("ServiceName").stringValue()).isEqualTo("cruddur-backend");
		assertThat(healthCheck.path("FixedRate").isNumber()).isTrue();
		assertThat(healthCheck.path("FixedRate").doubleValue()).isZero();
		assertThat(healthCheck.path("ReservoirSize").isInt()).isTrue();
		assertThat(healthCheck.path("ReservoirSize").intValue()).isZero();
		assertThat(healthCheck.path("Priority").isInt()).isTrue();
		assertThat(main.path("Priority").isInt()).isTrue();
		assertThat(healthCheck.path("Priority").intValue()).isLessThan(main.path("Priority").intValue());
	}

	@Test
	void aRateTheCliPrintsAsADoubleIsUnchanged() throws Exception {
		Path file = this.state.resolve("zero-rate.json");
		Files.writeString(file, Files.readString(Paths.get("aws/json/xray-health-check.json"))
			.replace("\"FixedRate\": 0.0", "\"FixedRate\": 0"));
		assertThat(Files.readString(file)).contains("\"FixedRate\": 0,");
		assertThat(runWithRules(file)).contains("sampling rule CruddurHealthCheck: created");
		int writes = writes();
		assertThat(runWithRules(file)).contains("sampling rule CruddurHealthCheck: unchanged");
		assertThat(writes()).isEqualTo(writes);
	}

	@Test
	void aChangedRuleIsUpdatedWithoutItsVersion() throws Exception {
		run();
		Path rule = this.state.resolve("rules/Cruddur.json");
		Files.writeString(rule, Files.readString(rule).replace("\"FixedRate\": 0.1", "\"FixedRate\": 0.5"));
		Files.writeString(this.state.resolve("group-filter"), "service(\"old\")\n");
		assertThat(run()).contains("group cruddur-backend: filter updated", "sampling rule Cruddur: updated",
				"sampling rule CruddurHealthCheck: unchanged");
		JsonNode update = XraySpans.parse(Files.readString(this.state.resolve("update-sampling-rule-Cruddur.json")));
		assertThat(update.path("SamplingRuleUpdate").path("RuleName").stringValue()).isEqualTo("Cruddur");
		assertThat(update.path("SamplingRuleUpdate").path("FixedRate").isNumber()).isTrue();
		assertThat(update.path("SamplingRuleUpdate").path("FixedRate").doubleValue()).isEqualTo(0.1);
		assertThat(update.path("SamplingRuleUpdate").has("Version")).isFalse();
		assertThat(Files.exists(this.state.resolve("update-sampling-rule-CruddurHealthCheck.json"))).isFalse();
		assertThat(Files.readString(this.state.resolve("group-filter")).strip())
			.isEqualTo("service(\"cruddur-backend\") {fault OR error}");
	}

	private String run(String... args) throws Exception {
		return run(Map.of(), args);
	}

	private String runWithRules(Path ruleFile) throws Exception {
		return run(Map.of("XRAY_RULE_FILES", ruleFile.toString()));
	}

	private String run(Map<String, String> environment, String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("PATH", this.bin + ":" + System.getenv("PATH"));
		builder.environment().put("FAKE_AWS_STATE", this.state.toString());
		// the region comes from the arguments or the (fake) CLI configuration, not the
		// build's environment
		builder.environment().remove("AWS_REGION");
		builder.environment().remove("AWS_DEFAULT_REGION");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** The rule as the fake AWS holds it (the JSON the script created it from). */
	private JsonNode rule(String name) throws IOException {
		return XraySpans.parse(Files.readString(this.state.resolve("rules/" + name + ".json"))).path("SamplingRule");
	}

	private List<String> calls() throws IOException {
		return Files.readAllLines(this.state.resolve("calls"));
	}

	private int writes() throws IOException {
		return (int) calls().stream().filter((call) -> call.matches("xray (create|update)-.*")).count();
	}

}
