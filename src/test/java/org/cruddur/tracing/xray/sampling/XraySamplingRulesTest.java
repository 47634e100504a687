package org.cruddur.tracing.xray.sampling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cruddur.testing.FakeXrayDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The rule file's shapes, and the messages a bad file gets. */
class XraySamplingRulesTest {

	private static final XraySamplingRule CRUDDUR = new XraySamplingRule("Cruddur", 9000, 0.1, 5, "cruddur-backend",
			"*", "*", "*", "*", "*", Map.of());

	@TempDir
	Path dir;

	@Test
	void theCreateSamplingRuleShapeOfTheProjectsRuleFile() {
		XraySamplingRules rules = XraySamplingRules.load(Path.of("aws/json/xray.json"));
		assertThat(rules.rules()).containsExactly(CRUDDUR);
	}

	@Test
	void anArrayOfWrappedRulesInPriorityOrder() {
		XraySamplingRules rules = XraySamplingRules.load(Path.of("src/test/resources/xray/local-rules.json"));
		assertThat(rules.rules()).containsExactly(
				new XraySamplingRule("never-health-check", 1, 0.0, 0, "*", "*", "*", "*", "/api/health-check", "*",
						Map.of()),
				new XraySamplingRule("always-post-activities", 2, 1.0, 0, "*", "*", "*", "POST", "/api/activities", "*",
						Map.of()),
				CRUDDUR);
	}

	@Test
	void theGetSamplingRulesResponseShape() {
		String response = FakeXrayDaemon.rulesResponse(
				FakeXrayDaemon.ruleRecord("remote-search", 2, 0.25, 3, "GET", "/api/activities/search"),
				FakeXrayDaemon.ruleRecord("Default", 10000, 0.05, 1, "*", "*"));
		XraySamplingRules rules = XraySamplingRules.parse(response, "GetSamplingRules");
		assertThat(rules.rules()).containsExactly(
				new XraySamplingRule("remote-search", 2, 0.25, 3, "*", "*", "*", "GET", "/api/activities/search", "*",
						Map.of()),
				new XraySamplingRule("Default", 10000, 0.05, 1, "*", "*", "*", "*", "*", "*", Map.of()));
	}

	@Test
	void aBareRuleWithTheDefaultsOfWhatItLeavesOut() {
		XraySamplingRules rules = XraySamplingRules
			.parse("{\"RuleName\":\"bare\",\"FixedRate\":1,\"ReservoirSize\":0,\"Host\":\" api.* \",\"URLPath\":\"\","
					+ "\"RuleARN\":\"arn:aws:xray:us-east-1:123456789012:sampling-rule/bare\"}", "inline");
		assertThat(rules.rules())
			.containsExactly(new XraySamplingRule("bare", 10_000, 1.0, 0, "*", "*", "api.*", "*", "*", "*", Map.of()));
	}

	@Test
	void theSamplingRulesListShapeWithWrappedAndBareRules() {
		XraySamplingRules rules = XraySamplingRules.parse("{\"SamplingRules\":[{\"RuleName\":\"b\",\"Priority\":5,"
				+ "\"FixedRate\":0.5,\"ReservoirSize\":0},{\"SamplingRule\":{\"RuleName\":\"a\",\"Priority\":1,"
				+ "\"FixedRate\":1,\"ReservoirSize\":2,\"Attributes\":{\"tenant\":\"gold*\"}}}]}", "inline");
		assertThat(rules.rules()).extracting(XraySamplingRule::ruleName).containsExactly("a", "b");
		assertThat(rules.rules().get(0).attributes()).containsExactly(Map.entry("tenant", "gold*"));
		assertThat(rules.rules().get(1).attributes()).isEmpty();
	}

	@Test
	void equalPrioritiesAreOrderedByRuleNameAsXrayDoes() {
		XraySamplingRules rules = XraySamplingRules.parse("[{\"RuleName\":\"zeta\",\"Priority\":5,\"FixedRate\":0,"
				+ "\"ReservoirSize\":0},{\"RuleName\":\"alpha\",\"Priority\":5,\"FixedRate\":0,\"ReservoirSize\":0},"
				+ "{\"RuleName\":\"first\",\"Priority\":4,\"FixedRate\":0,\"ReservoirSize\":0}]", "inline");
		assertThat(rules.rules()).extracting(XraySamplingRule::ruleName).containsExactly("first", "alpha", "zeta");
	}

	@Test
	void aFileThatIsNotJsonOrNotThereIsNamed() throws Exception {
		Path broken = Files.writeString(this.dir.resolve("broken.json"), "{\"SamplingRule\": {");
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.load(broken))
			.withMessageStartingWith("X-Ray sampling rules in " + broken + " are not valid JSON: ");
		Path empty = Files.writeString(this.dir.resolve("empty.json"), " ");
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.load(empty))
			.withMessage("X-Ray sampling rules in " + empty + " are empty");
		Path missing = this.dir.resolve("missing.json");
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.load(missing))
			.withMessageStartingWith("Cannot read X-Ray sampling rules file " + missing + ": ");
	}

	@Test
	void aFileOfAnotherShapeIsNamedWithTheShapesExpected() throws Exception {
		String shapes = "expected {\"SamplingRule\": {...}}, {\"SamplingRules\": [...]},"
				+ " {\"SamplingRuleRecords\": [...]} or an array of rules";
		assertRejected("shape.json", "{\"Rules\": []}", ": " + shapes);
		assertRejected("number.json", "42", ": " + shapes);
		assertRejected("records.json", "{\"SamplingRuleRecords\": {}}", ": SamplingRuleRecords must be an array");
		assertRejected("element.json", "[{\"SamplingRule\": {\"RuleName\": \"a\"}}, 7]",
				", rule #1 (a): FixedRate is missing");
		assertRejected("element2.json", "[7]", ", rule #1: expected a JSON object");
	}

	@Test
	void aBadRuleIsNamedWithTheFieldAndTheProblem() throws Exception {
		assertRejected("rate.json",
				"{\"SamplingRule\": {\"RuleName\": \"Cruddur\", \"FixedRate\": 1.5, \"ReservoirSize\": 5}}",
				", rule #1 (Cruddur): FixedRate must be a number between 0 and 1, got 1.5");
		assertRejected("reservoir.json", "[{\"RuleName\": \"x\", \"FixedRate\": 0.1}]",
				", rule #1 (x): ReservoirSize is missing");
		assertRejected("negative.json", "[{\"RuleName\": \"x\", \"FixedRate\": 0.1, \"ReservoirSize\": -1}]",
				", rule #1 (x): ReservoirSize must not be negative, got -1");
		assertRejected("name.json", "[{\"FixedRate\": 0.1, \"ReservoirSize\": 1}]", ", rule #1: RuleName is missing");
		assertRejected("second.json",
				"[{\"RuleName\": \"ok\", \"FixedRate\": 0.1, \"ReservoirSize\": 1},"
						+ " {\"RuleName\": \"  \", \"FixedRate\": 0.1, \"ReservoirSize\": 1}]",
				", rule #2: RuleName is missing");
	}

	@Test
	void valuesAreNotCoercedFromOtherTypes() throws Exception {
		String rule = "{\"RuleName\": \"x\", \"FixedRate\": 0.1, \"ReservoirSize\": 1, ";
		assertRejected("priority.json", rule + "\"Priority\": 1.5}",
				", rule #1 (x): Priority must be an integer, got 1.5");
		assertRejected("quoted.json", "{\"RuleName\": \"x\", \"FixedRate\": \"0.1\", \"ReservoirSize\": 1}",
				", rule #1 (x): FixedRate must be a number, got \"0.1\"");
		assertRejected("host.json", rule + "\"Host\": 7}", ", rule #1 (x): Host must be a string, got 7");
		assertRejected("flag.json", rule + "\"URLPath\": true}", ", rule #1 (x): URLPath must be a string, got true");
		assertRejected("attribute.json", rule + "\"Attributes\": {\"tenant\": 1}}",
				", rule #1 (x): Attributes.tenant must be a string, got 1");
		assertRejected("attributes.json", rule + "\"Attributes\": [\"tenant\"]}",
				", rule #1 (x): Attributes must be an object of string globs, got [\"tenant\"]");
		assertRejected("null.json", rule + "\"Attributes\": {\"tenant\": null}}",
				", rule #1 (x): Attributes.tenant must be a string");
	}

	@Test
	void rulesMadeInCodeAreCheckedToo() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new XraySamplingRule("x", 1, -0.1, 0, null, null, null, null, null, null, null))
			.withMessage("FixedRate must be a number between 0 and 1, got -0.1");
		XraySamplingRule defaults = new XraySamplingRule("x", 1, 0, 0, null, " ", null, null, null, null, null);
		assertThat(List.of(defaults.serviceName(), defaults.serviceType(), defaults.host(), defaults.httpMethod(),
				defaults.urlPath(), defaults.resourceArn()))
			.containsOnly("*");
		assertThat(defaults.attributes()).isEmpty();
	}

	@Test
	void nothingOrJsonNullIsEmpty() {
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.parse(null, "inline"))
			.withMessage("X-Ray sampling rules in inline are empty");
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.parse("null", "inline"))
			.withMessage("X-Ray sampling rules in inline are empty");
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.parse("{\"SamplingRules\": 3}", "s"))
			.withMessage("X-Ray sampling rules in s: SamplingRules must be an array");
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.parse("{\"SamplingRule\": [1]}", "s"))
			.withMessage("X-Ray sampling rules in s, rule #1: expected a JSON object");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> XraySamplingRules.parse("[{\"RuleName\": 5, \"FixedRate\": 0, \"ReservoirSize\": 0}]", "s"))
			.withMessage("X-Ray sampling rules in s, rule #1: RuleName must be a string, got 5");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> XraySamplingRules
				.parse("[{\"RuleName\": \"r\", \"FixedRate\": 0, \"ReservoirSize\": 99999999999}]", "s"))
			.withMessageStartingWith("X-Ray sampling rules in s, rule #1 (r): ");
	}

	@Test
	void rulesAndTheirSetShowTheirSettings() {
		assertThat(CRUDDUR).hasToString("Cruddur{priority=9000, reservoir=5/s, fixedRate=0.1, service=cruddur-backend,"
				+ " method=*, host=*, path=*}");
		assertThat(new XraySamplingRules(List.of(CRUDDUR))).hasToString("[" + CRUDDUR + "]");
		assertThat(XraySamplingRules.DEFAULT_RULE)
			.isEqualTo(new XraySamplingRule("Default", 10_000, 0.05, 1, "*", "*", "*", "*", "*", "*", Map.of()));
	}

	@Test
	void theRatesBoundsAreIncluded() {
		assertThat(new XraySamplingRule("zero", 1, 0.0, 0, null, null, null, null, null, null, null).fixedRate())
			.isZero();
		assertThat(new XraySamplingRule("one", 1, 1.0, 0, null, null, null, null, null, null, null).fixedRate())
			.isEqualTo(1.0);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new XraySamplingRule("x", 1, 1.0000001, 0, null, null, null, null, null, null, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new XraySamplingRule("x", 1, Double.NaN, 0, null, null, null, null, null, null, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new XraySamplingRule(null, 1, 0.5, 0, null, null, null, null, null, null, null))
			.withMessage("RuleName is missing");
		java.util.Map<String, String> attributes = new java.util.HashMap<>(Map.of("tenant", "gold*"));
		XraySamplingRule rule = new XraySamplingRule("x", 1, 0.5, 0, null, null, null, null, null, null, attributes);
		attributes.put("other", "x");
		assertThat(rule.attributes()).as("a copy").containsExactly(Map.entry("tenant", "gold*"));
	}

	private void assertRejected(String fileName, String json, String problem) throws Exception {
		Path file = Files.writeString(this.dir.resolve(fileName), json);
		assertThatIllegalArgumentException().isThrownBy(() -> XraySamplingRules.load(file))
			.withMessage("X-Ray sampling rules in " + file + problem);
	}

}
