package org.cruddur.testing;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives every application a test starts its own Reactor Netty event loops and connection
 * pool instead of the JVM-wide ones, so that closing one application (a test that stops
 * it, or {@code @DirtiesContext}) cannot dispose what another application or a cached
 * test context in the same JVM still uses. Their event loops stop after 100 ms without
 * work instead of Netty's 2 s: a test JVM stops an application a dozen times, and the
 * graceful HTTP shutdown and the span flush that tests check are over by then. Registered
 * for every application in the tests by
 * {@code src/test/resources/META-INF/spring.factories}; production keeps Boot's defaults
 * (one application per JVM, on the global resources).
 */
public class ReactorNettyPerApplication implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof ReactorResourceFactory factory) {
					factory.setUseGlobalResources(false);
					factory.setShutdownQuietPeriod(SHUTDOWN_QUIET_PERIOD);
				}
				return bean;
			}

		});
	}

}
