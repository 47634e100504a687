package org.cruddur.tracing.xray.sampling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An immutable, priority-ordered list of X-Ray sampling rules, and the loader for rule
 * files.
 *
 * <p>
 * Accepted JSON shapes (parsed with Boot's Jackson 3):
 * <ul>
 * <li>{@code {"SamplingRule": {...}}}: the
 * {@code aws xray create-sampling-rule --cli-input-json} shape of
 * {@code aws/json/xray.json};
 * <li>{@code [ {...}, ... ]}: an array of such objects or of bare rules;
 * <li>{@code {"SamplingRules": [...]}};
 * <li>{@code {"SamplingRuleRecords": [{"SamplingRule": {...}}, ...]}}: a
 * {@code GetSamplingRules} response.
 * </ul>
 * Fields: {@code RuleName, Priority, FixedRate, ReservoirSize} (required except Priority,
 * default 10000),
 * {@code ServiceName, ServiceType, Host, HTTPMethod, URLPath, ResourceARN} (globs,
 * default {@code *}), {@code Version}, {@code Attributes}. Unknown fields (RuleARN,
 * CreatedAt ...) are ignored.
 */
public final class XraySamplingRules {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	/** X-Ray's built-in default: 1 request per second, then 5%. */
	public static final XraySamplingRule DEFAULT_RULE = XraySamplingRule.builder("Default")
		.priority(10_000)
		.reservoirSize(1)
		.fixedRate(0.05)
		.build();

	private final List<XraySamplingRule> rules;

	private XraySamplingRules(List<XraySamplingRule> rules) {
		List<XraySamplingRule> sorted = new ArrayList<>(rules);
		// Lower priority value first; equal priorities by rule name, as X-Ray does.
		sorted.sort(Comparator.comparingInt(XraySamplingRule::priority).thenComparing(XraySamplingRule::ruleName));
		this.rules = Collections.unmodifiableList(sorted);
	}

	public static XraySamplingRules of(List<XraySamplingRule> rules) {
		return new XraySamplingRules(rules);
	}

	/** No rules: everything falls to the sampler's default rule. */
	public static XraySamplingRules none() {
		return new XraySamplingRules(List.of());
	}

	/** Rules in decision order (ascending priority). */
	public List<XraySamplingRule> rules() {
		return rules;
	}

	/**
	 * Loads a rule file.
	 * @throws IllegalArgumentException naming the file and the problem when it is
	 * unreadable or malformed
	 */
	public static XraySamplingRules load(Path file) {
		String json;
		try {
			json = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalArgumentException("Cannot read X-Ray sampling rules file " + file + ": " + e, e);
		}
		return parse(json, file.toString());
	}

	/**
	 * Parses rules from JSON text.
	 * @param source where the text came from, for error messages (e.g. the file name)
	 * @throws IllegalArgumentException naming the source and the problem when malformed
	 */
	public static XraySamplingRules parse(String json, String source) {
		JsonNode root;
		try {
			root = JSON.readTree(json == null ? "" : json);
		}
		catch (JacksonException e) {
			throw new IllegalArgumentException(
					"X-Ray sampling rules in " + source + " are not valid JSON: " + e.getOriginalMessage(), e);
		}
		if (root == null || root.isMissingNode() || root.isNull()) {
			throw new IllegalArgumentException("X-Ray sampling rules in " + source + " are empty");
		}
		List<JsonNode> ruleNodes = new ArrayList<>();
		if (root.isArray()) {
			root.forEach(ruleNodes::add);
		}
		else if (root.isObject() && root.has("SamplingRule")) {
			ruleNodes.add(root);
		}
		else if (root.isObject() && root.has("SamplingRules")) {
			requireArray(root.get("SamplingRules"), "SamplingRules", source).forEach(ruleNodes::add);
		}
		else if (root.isObject() && root.has("SamplingRuleRecords")) {
			requireArray(root.get("SamplingRuleRecords"), "SamplingRuleRecords", source).forEach(ruleNodes::add);
		}
		else if (root.isObject() && root.has("RuleName")) {
			ruleNodes.add(root);
		}
		else {
			throw new IllegalArgumentException(
					"X-Ray sampling rules in " + source + ": expected {\"SamplingRule\": {...}},"
							+ " {\"SamplingRules\": [...]}, {\"SamplingRuleRecords\": [...]} or an array of rules");
		}
		List<XraySamplingRule> rules = new ArrayList<>(ruleNodes.size());
		for (int i = 0; i < ruleNodes.size(); i++) {
			JsonNode node = ruleNodes.get(i);
			JsonNode rule = node.isObject() && node.has("SamplingRule") ? node.get("SamplingRule") : node;
			rules.add(toRule(rule, "rule #" + (i + 1), source));
		}
		return new XraySamplingRules(rules);
	}

	private static JsonNode requireArray(JsonNode node, String field, String source) {
		if (node == null || !node.isArray()) {
			throw new IllegalArgumentException(
					"X-Ray sampling rules in " + source + ": " + field + " must be an array");
		}
		return node;
	}

	private static XraySamplingRule toRule(JsonNode rule, String position, String source) {
		if (rule == null || !rule.isObject()) {
			throw new IllegalArgumentException(
					"X-Ray sampling rules in " + source + ", " + position + ": expected a JSON object");
		}
		String name = text(rule, "RuleName", null, position, source);
		String where = name == null ? position : position + " (" + name + ")";
		if (name == null || name.isBlank()) {
			throw problem(source, where, "RuleName is missing");
		}
		XraySamplingRule.Builder b = XraySamplingRule.builder(name);
		b.priority((int) number(rule, "Priority", 10_000, true, where, source));
		double fixedRate = number(rule, "FixedRate", Double.NaN, false, where, source);
		if (Double.isNaN(fixedRate)) {
			throw problem(source, where, "FixedRate is missing");
		}
		if (fixedRate < 0 || fixedRate > 1) {
			throw problem(source, where, "FixedRate must be a number between 0 and 1, got " + rule.get("FixedRate"));
		}
		b.fixedRate(fixedRate);
		double reservoir = number(rule, "ReservoirSize", Double.NaN, true, where, source);
		if (Double.isNaN(reservoir)) {
			throw problem(source, where, "ReservoirSize is missing");
		}
		if (reservoir < 0) {
			throw problem(source, where, "ReservoirSize must not be negative, got " + rule.get("ReservoirSize"));
		}
		b.reservoirSize((int) Math.min(Integer.MAX_VALUE, reservoir));
		b.serviceName(text(rule, "ServiceName", "*", where, source));
		b.serviceType(text(rule, "ServiceType", "*", where, source));
		b.host(text(rule, "Host", "*", where, source));
		b.httpMethod(text(rule, "HTTPMethod", "*", where, source));
		b.urlPath(text(rule, "URLPath", "*", where, source));
		b.resourceArn(text(rule, "ResourceARN", "*", where, source));
		b.version((int) number(rule, "Version", 1, true, where, source));
		JsonNode attributes = rule.get("Attributes");
		if (attributes != null && !attributes.isNull()) {
			if (!attributes.isObject()) {
				throw problem(source, where, "Attributes must be an object of string globs");
			}
			for (Map.Entry<String, JsonNode> e : attributes.properties()) {
				if (!e.getValue().isString()) {
					throw problem(source, where, "Attributes." + e.getKey() + " must be a string");
				}
				b.attribute(e.getKey(), e.getValue().asString());
			}
		}
		return b.build();
	}

	private static String text(JsonNode rule, String field, String fallback, String where, String source) {
		JsonNode v = rule.get(field);
		if (v == null || v.isNull()) {
			return fallback;
		}
		if (!v.isString()) {
			throw problem(source, where, field + " must be a string, got " + v);
		}
		return v.asString();
	}

	private static double number(JsonNode rule, String field, double fallback, boolean integral, String where,
			String source) {
		JsonNode v = rule.get(field);
		if (v == null || v.isNull()) {
			return fallback;
		}
		if (!v.isNumber() || (integral && !v.isIntegralNumber())) {
			throw problem(source, where, field + " must be " + (integral ? "an integer" : "a number") + ", got " + v);
		}
		return v.doubleValue();
	}

	private static IllegalArgumentException problem(String source, String where, String message) {
		return new IllegalArgumentException("X-Ray sampling rules in " + source + ", " + where + ": " + message);
	}

	@Override
	public String toString() {
		return rules.toString();
	}

}
