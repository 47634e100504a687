package org.cruddur.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** CORS on {@code /api/**} with backend-flask's flask-cors settings. */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration implements WebFluxConfigurer {

	private final CorsProperties properties;

	CorsConfiguration(CorsProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		registry.addMapping("/api/**")
			.allowedOrigins(this.properties.allowedOrigins()
				.stream()
				.filter((origin) -> !origin.isBlank())
				.toArray(String[]::new))
			.allowedHeaders("content-type", "if-modified-since")
			.exposedHeaders("location", "link")
			.allowedMethods("OPTIONS", "GET", "HEAD", "POST");
	}

}
