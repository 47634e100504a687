package org.cruddur.tracing.xray.sampling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * X-Ray sampling rules in decision order: ascending priority, equal priorities by rule
 * name (as X-Ray orders them).
 *
 * @param rules the rules, in any order
 */
public record XraySamplingRules(List<XraySamplingRule> rules) {

	/** X-Ray's built-in default: 1 request per second, then 5%. */
	static final XraySamplingRule DEFAULT_RULE = new XraySamplingRule("Default", XraySamplingRule.LAST_PRIORITY, 0.05,
			1, "*", "*", "*", "*", "*", "*", Map.of());

	private static final Comparator<XraySamplingRule> DECISION_ORDER = Comparator
		.comparingInt(XraySamplingRule::priority)
		.thenComparing(XraySamplingRule::ruleName);

	public XraySamplingRules {
		List<XraySamplingRule> sorted = new ArrayList<>(rules);
		sorted.sort(DECISION_ORDER);
		rules = List.copyOf(sorted);
	}

	/**
	 * Loads a rule file in one of the shapes {@link SamplingRuleFile} reads.
	 * @throws IllegalArgumentException naming the file and the problem when it is
	 * unreadable or malformed
	 */
	public static XraySamplingRules load(Path file) {
		return SamplingRuleFile.read(file);
	}

	/**
	 * Parses rules from JSON text in one of the shapes {@link SamplingRuleFile} reads.
	 * @param source where the text came from, for error messages (e.g. the file name)
	 * @throws IllegalArgumentException naming the source and the problem when malformed
	 */
	public static XraySamplingRules parse(String json, String source) {
		return SamplingRuleFile.parse(json, source);
	}

	@Override
	public String toString() {
		return this.rules.toString();
	}

}
