package org.cruddur;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Cruddur backend: the backend-flask API on Spring WebFlux, traced to Honeycomb and AWS X-Ray. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CruddurApplication {

	public static void main(String[] args) {
		SpringApplication.run(CruddurApplication.class, args);
	}

}
