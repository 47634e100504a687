package org.cruddur.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limits of {@link ServerLimits} on every Reactor Netty server of the application.
 */
@Configuration(proxyBeanMethods = false)
class ServerLimitsConfiguration {

	@Bean
	ConnectionGuard connectionGuard(ServerLimits limits) {
		return new ConnectionGuard(limits);
	}

	@Bean
	OutOfMemoryExitCheck outOfMemoryExitCheck() {
		return new OutOfMemoryExitCheck();
	}

}
