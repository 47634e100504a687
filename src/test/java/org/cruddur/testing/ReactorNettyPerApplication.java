package org.cruddur.testing;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives every application a test starts its own Reactor Netty event loops and connection
 * pool instead of the JVM-wide ones, so that closing one application (a test that stops
 * it, or {@code @DirtiesContext}) cannot dispose what another application or a cached
 * test context in the same JVM still uses. Registered for every application in the tests
 * by {@code src/test/resources/META-INF/spring.factories}; production keeps Boot's
 * default (one application per JVM, on the global resources).
 */
public class ReactorNettyPerApplication implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof ReactorResourceFactory factory) {
					factory.setUseGlobalResources(false);
				}
				return bean;
			}

		});
	}

}
