package org.cruddur;

import java.time.Clock;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The Cruddur backend: the backend-flask API on Spring WebFlux, traced to Honeycomb and
 * AWS X-Ray.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CruddurApplication {

	public static void main(String[] args) {
		SpringApplication.run(CruddurApplication.class, args);
	}

	/** The time source of the services (tests replace it to make items expire). */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Where repository calls run. The in-memory stores never wait (a write holds a lock
	 * for microseconds), so they run on the request's own thread: a hop to
	 * {@code boundedElastic} cost more CPU and latency than the work itself
	 * (docs/benchmarks.md). A store that blocks (JDBC, DynamoDB) belongs on
	 * {@code Schedulers.boundedElastic()}.
	 */
	@Bean
	Scheduler storeScheduler() {
		return Schedulers.immediate();
	}

}
