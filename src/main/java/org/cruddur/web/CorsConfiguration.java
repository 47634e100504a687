package org.cruddur.web;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * CORS on {@code /api/**} with backend-flask's flask-cors settings. A filter rather than
 * Spring's handler-mapping CORS, which refuses with an empty 403: refusals here carry the
 * same problem body as every other error.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

	@Bean
	CorsFilter corsFilter(CorsProperties properties) {
		org.springframework.web.cors.CorsConfiguration api = new org.springframework.web.cors.CorsConfiguration();
		properties.allowedOrigins().stream().filter((origin) -> !origin.isBlank()).forEach(api::addAllowedOrigin);
		api.addAllowedHeader("content-type");
		api.addAllowedHeader("if-modified-since");
		api.addExposedHeader("location");
		api.addExposedHeader("link");
		// The trace id of every answer, so a frontend can link to the trace.
		api.addExposedHeader("x-amzn-trace-id");
		api.addAllowedMethod("OPTIONS");
		api.addAllowedMethod("GET");
		api.addAllowedMethod("HEAD");
		api.addAllowedMethod("POST");
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", api);
		return new CorsFilter(source);
	}

	/**
	 * Spring's {@code CorsWebFilter} logic, answering a refused request (origin, method
	 * or header not allowed; a preflight outside {@code /api}) with a 403 problem.
	 */
	static final class CorsFilter implements WebFilter, Ordered {

		private static final byte[] REFUSED = ProblemResponses.body(HttpStatus.FORBIDDEN, "CORS request refused")
			.getBytes(StandardCharsets.UTF_8);

		private final UrlBasedCorsConfigurationSource source;

		private final CorsProcessor processor = new DefaultCorsProcessor();

		CorsFilter(UrlBasedCorsConfigurationSource source) {
			this.source = source;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			org.springframework.web.cors.CorsConfiguration config = this.source.getCorsConfiguration(exchange);
			boolean preflight = CorsUtils.isPreFlightRequest(exchange.getRequest());
			if (config == null) {
				return preflight ? refuse(exchange.getResponse()) : chain.filter(exchange);
			}
			if (!this.processor.process(config, exchange)) {
				return refuse(exchange.getResponse());
			}
			return preflight ? Mono.empty() : chain.filter(exchange);
		}

		private static Mono<Void> refuse(ServerHttpResponse response) {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			response.getHeaders().setContentLength(REFUSED.length);
			return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(REFUSED)));
		}

		/** After the trace header filter, so refusals carry the trace id too. */
		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE + 10;
		}

	}

}
