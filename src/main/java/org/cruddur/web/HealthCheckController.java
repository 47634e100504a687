package org.cruddur.web;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * backend-flask's health check. Kubernetes probes use Actuator's liveness and readiness
 * groups instead.
 */
@RestController
class HealthCheckController {

	private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

	@GetMapping(path = "/api/health-check", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Boolean> healthCheck() {
		return SUCCESS;
	}

}
