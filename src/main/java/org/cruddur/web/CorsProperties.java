package org.cruddur.web;

import java.util.List;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the API from a browser: the frontend's and the backend's own URL
 * ({@code FRONTEND_URL}, {@code BACKEND_URL}), as backend-flask configures flask-cors.
 *
 * @param allowedOrigins the origins allowed on {@code /api/**}
 */
@ConfigurationProperties("cruddur.cors")
public record CorsProperties(List<String> allowedOrigins) {

	public CorsProperties {
		PropertyChecks.notEmpty("cruddur.cors.allowed-origins", allowedOrigins);
	}

}
