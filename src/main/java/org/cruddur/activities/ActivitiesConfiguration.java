package org.cruddur.activities;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory activity store, seeded with backend-flask's mock data. */
@Configuration(proxyBeanMethods = false)
class ActivitiesConfiguration {

	@Bean
	InMemoryActivityRepository activityRepository(StoreProperties properties, Clock clock) {
		InMemoryActivityRepository repository = new InMemoryActivityRepository(properties.maxItems(),
				properties.maxBytes().toBytes());
		SeedActivities.home(clock.instant()).forEach(repository::save);
		return repository;
	}

}
