package org.cruddur.messages;

import java.time.Clock;

import org.cruddur.activities.StoreProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory message store, seeded with backend-flask's mock data. */
@Configuration(proxyBeanMethods = false)
class MessagesConfiguration {

	@Bean
	InMemoryMessageRepository messageRepository(StoreProperties properties, Clock clock) {
		InMemoryMessageRepository repository = new InMemoryMessageRepository(properties.maxItems(),
				properties.maxBytes().toBytes());
		SeedMessages.seed(repository, clock.instant());
		return repository;
	}

}
