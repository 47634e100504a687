package org.cruddur.tracing.xray.sampling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads X-Ray sampling rules from JSON, each rule bound to {@link XraySamplingRule}.
 * Accepted shapes:
 * <ul>
 * <li>{@code {"SamplingRule": {...}}}: the
 * {@code aws xray create-sampling-rule --cli-input-json} shape of
 * {@code aws/json/xray.json};
 * <li>{@code {"SamplingRuleRecords": [{"SamplingRule": {...}}, ...]}}: a
 * {@code GetSamplingRules} response;
 * <li>{@code {"SamplingRules": [...]}} or {@code [...]}: a list of either kind of
 * element, wrapped or bare;
 * <li>a bare rule {@code {"RuleName": ...}}.
 * </ul>
 * Unknown fields (RuleARN, CreatedAt, Version ...) are ignored. Values are not coerced: a
 * number in quotes is an error, as is a fraction where an integer belongs.
 */
final class SamplingRuleFile {

	private static final String SHAPES = "expected {\"SamplingRule\": {...}}, {\"SamplingRules\": [...]},"
			+ " {\"SamplingRuleRecords\": [...]} or an array of rules";

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.withCoercionConfigDefaults((config) -> {
			for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Integer,
					CoercionInputShape.Float, CoercionInputShape.Boolean)) {
				config.setCoercion(shape, CoercionAction.Fail);
			}
		})
		// FixedRate 1 is a number like 1.0.
		.withCoercionConfig(LogicalType.Float,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
		.build();

	private SamplingRuleFile() {
	}

	static XraySamplingRules read(Path file) {
		String json;
		try {
			json = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Cannot read X-Ray sampling rules file " + file + ": " + ex, ex);
		}
		return parse(json, file.toString());
	}

	static XraySamplingRules parse(String json, String source) {
		JsonNode root;
		try {
			root = JSON.readTree((json != null) ? json : "");
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"X-Ray sampling rules in " + source + " are not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || root.isMissingNode() || root.isNull()) {
			throw new IllegalArgumentException("X-Ray sampling rules in " + source + " are empty");
		}
		List<JsonNode> elements = elements(root, source);
		List<XraySamplingRule> rules = new ArrayList<>(elements.size());
		for (int i = 0; i < elements.size(); i++) {
			JsonNode element = elements.get(i);
			JsonNode rule = (element.isObject() && element.has("SamplingRule")) ? element.get("SamplingRule") : element;
			rules.add(bind(rule, "X-Ray sampling rules in " + source + ", rule #" + (i + 1)));
		}
		return new XraySamplingRules(rules);
	}

	private static List<JsonNode> elements(JsonNode root, String source) {
		if (root.isArray()) {
			return root.valueStream().toList();
		}
		if (root.isObject() && root.has("SamplingRule")) {
			return List.of(root);
		}
		for (String listField : List.of("SamplingRules", "SamplingRuleRecords")) {
			if (root.isObject() && root.has(listField)) {
				JsonNode list = root.get(listField);
				if (!list.isArray()) {
					throw new IllegalArgumentException(
							"X-Ray sampling rules in " + source + ": " + listField + " must be an array");
				}
				return list.valueStream().toList();
			}
		}
		if (root.isObject() && root.has("RuleName")) {
			return List.of(root);
		}
		throw new IllegalArgumentException("X-Ray sampling rules in " + source + ": " + SHAPES);
	}

	private static XraySamplingRule bind(JsonNode rule, String position) {
		if (rule == null || !rule.isObject()) {
			throw new IllegalArgumentException(position + ": expected a JSON object");
		}
		JsonNode name = rule.path("RuleName");
		String where = (name.isString() && !name.asString().isBlank()) ? position + " (" + name.asString() + ")"
				: position;
		try {
			return JSON.treeToValue(rule, XraySamplingRule.class);
		}
		catch (ValueInstantiationException ex) {
			String problem = (ex.getCause() != null) ? ex.getCause().getMessage() : ex.getOriginalMessage();
			throw new IllegalArgumentException(where + ": " + problem, ex);
		}
		catch (MismatchedInputException ex) {
			throw new IllegalArgumentException(where + ": " + wrongType(rule, ex), ex);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(where + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/** Says which field holds a value of the wrong type, e.g. "Priority must be ...". */
	private static String wrongType(JsonNode rule, MismatchedInputException ex) {
		StringBuilder field = new StringBuilder();
		JsonNode value = rule;
		for (JacksonException.Reference reference : ex.getPath()) {
			String name = reference.getPropertyName();
			field.append((field.length() > 0) ? "." : "").append((name != null) ? name : reference.getIndex());
			value = (name != null) ? value.path(name) : value.path(reference.getIndex());
		}
		Class<?> target = ex.getTargetType();
		String expected;
		if (target == String.class) {
			expected = "a string";
		}
		else if (target == Integer.class || target == int.class) {
			expected = "an integer";
		}
		else if (target == Double.class || target == double.class) {
			expected = "a number";
		}
		else if (target != null && Map.class.isAssignableFrom(target)) {
			expected = "an object of string globs";
		}
		else {
			return field + ": " + ex.getOriginalMessage();
		}
		return field + " must be " + expected + ", got " + value;
	}

}
