package org.cruddur.web;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API from a browser: the frontend's and the backend's own URL
 * ({@code FRONTEND_URL}, {@code BACKEND_URL}), as backend-flask configures flask-cors.
 *
 * @param allowedOrigins the origins allowed on {@code /api/**}
 */
@Validated
@ConfigurationProperties("cruddur.cors")
public record CorsProperties(@NotEmpty List<String> allowedOrigins) {
}
