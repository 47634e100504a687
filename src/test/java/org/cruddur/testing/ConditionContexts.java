package org.cruddur.testing;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mock.env.MockEnvironment;

/**
 * A {@link ConditionContext} that offers only an environment, for evaluating a
 * configuration's conditions without a Spring context.
 */
public final class ConditionContexts {

	private ConditionContexts() {
	}

	/**
	 * @param properties {@code name=value} pairs
	 */
	public static ConditionContext withProperties(String... properties) {
		MockEnvironment environment = new MockEnvironment();
		for (String property : properties) {
			int equals = property.indexOf('=');
			environment.setProperty(property.substring(0, equals), property.substring(equals + 1));
		}
		return of(environment);
	}

	public static ConditionContext of(Environment environment) {
		return new ConditionContext() {

			@Override
			public BeanDefinitionRegistry getRegistry() {
				throw new UnsupportedOperationException();
			}

			@Override
			public ConfigurableListableBeanFactory getBeanFactory() {
				return null;
			}

			@Override
			public Environment getEnvironment() {
				return environment;
			}

			@Override
			public ResourceLoader getResourceLoader() {
				throw new UnsupportedOperationException();
			}

			@Override
			public ClassLoader getClassLoader() {
				return null;
			}

		};
	}

}
