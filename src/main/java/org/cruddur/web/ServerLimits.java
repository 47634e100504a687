package org.cruddur.web;

import java.time.Duration;

import org.cruddur.config.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long and how many clients may hold the HTTP server (the idle timeout between
 * requests is Boot's {@code server.netty.idle-timeout}).
 *
 * @param requestReadTimeout most time to read one request, headers and body, from its
 * first byte (or from the connection's opening, for its first request)
 * ({@code CRUDDUR_REQUEST_READ_TIMEOUT})
 * @param maxConnections most connections open at once on each server port; more are
 * answered 503 and closed ({@code CRUDDUR_MAX_CONNECTIONS})
 */
@ConfigurationProperties("cruddur.server")
public record ServerLimits(@DefaultValue("20s") Duration requestReadTimeout, @DefaultValue("512") int maxConnections) {

	public ServerLimits {
		PropertyChecks.positive("cruddur.server.request-read-timeout", requestReadTimeout);
		PropertyChecks.between("cruddur.server.max-connections", maxConnections, 1, 1_000_000);
	}

}
