package org.cruddur.tracing.xray.otlp;

import java.util.List;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/**
 * Hands {@link SigningHttpSender} to {@code OtlpHttpSpanExporter}, which finds its sender
 * through a {@link ComponentLoader} (public since OpenTelemetry 1.59): the exporter keeps
 * marshalling, compression, retry policy and its metrics; only the bytes on the wire go
 * through the signer.
 */
final class SigningHttpSenderProvider implements HttpSenderProvider {

	private final AwsRequestSigner signer;

	SigningHttpSenderProvider(AwsRequestSigner signer) {
		this.signer = signer;
	}

	@Override
	public HttpSender createSender(HttpSenderConfig config) {
		return new SigningHttpSender(config, this.signer);
	}

	/**
	 * Offers this provider as the only {@link HttpSenderProvider} (so the OkHttp one on
	 * the class path is not chosen), and everything else (compressors) as the class
	 * loader does.
	 */
	ComponentLoader componentLoader() {
		ComponentLoader classLoader = ComponentLoader.forClassLoader(getClass().getClassLoader());
		return new ComponentLoader() {

			@Override
			@SuppressWarnings("unchecked")
			public <T> Iterable<T> load(Class<T> type) {
				return (type == HttpSenderProvider.class) ? List.of((T) SigningHttpSenderProvider.this)
						: classLoader.load(type);
			}

		};
	}

}
