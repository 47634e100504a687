package org.cruddur.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code CRUDDUR_TRACING_ENABLED=false} turns tracing off entirely: no OpenTelemetry SDK,
 * span processor or exporter exists (Micrometer falls back to its no-op tracer) and
 * Reactor stops carrying context across operators. Spring Boot has no such switch.
 * Metrics ({@code http.server.requests}) stay on.
 */
public class TracingSwitch implements EnvironmentPostProcessor, Ordered {

	public static final String PROPERTY = "cruddur.tracing.enabled";

	/**
	 * The SDK's tracer provider and Boot's OTLP exporter: without them nothing traces.
	 */
	private static final String TRACING_AUTO_CONFIGURATIONS = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration,"
			+ "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = Binder.get(environment).bind(PROPERTY, Boolean.class).orElse(true);
		if (enabled) {
			return;
		}
		Map<String, Object> off = new LinkedHashMap<>();
		String excluded = environment.getProperty("spring.autoconfigure.exclude", "");
		off.put("spring.autoconfigure.exclude",
				excluded.isBlank() ? TRACING_AUTO_CONFIGURATIONS : excluded + "," + TRACING_AUTO_CONFIGURATIONS);
		off.put("spring.reactor.context-propagation", "limited");
		environment.getPropertySources().addFirst(new MapPropertySource("cruddurTracingOff", off));
	}

	@Override
	public int getOrder() {
		// After the application's own configuration files have been read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
