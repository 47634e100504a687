package org.cruddur.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate for {@code 127.0.0.1}, made by the running JDK's own
 * {@code keytool} (every JDK and JRE has it; no certificate library needed): the server's
 * TLS context, and a client's that trusts only it.
 */
public final class TestCertificate {

	private static final char[] PASSWORD = "test-only".toCharArray();

	private final KeyStore keyStore;

	private TestCertificate(KeyStore keyStore) {
		this.keyStore = keyStore;
	}

	/** A new key pair and certificate, in {@code folder}. */
	public static TestCertificate create(Path folder) throws IOException, InterruptedException {
		Path file = folder.resolve("loopback.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "loopback", "-keyalg",
				"EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
				"-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD), "-keypass",
				new String(PASSWORD)))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
		try (InputStream in = Files.newInputStream(file)) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, PASSWORD);
			return new TestCertificate(keyStore);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The server's side: this key and certificate. */
	public SSLContext serverContext() {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(this.keyStore, PASSWORD);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A client's trust: this certificate only. */
	public X509TrustManager trustManager() {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(this.keyStore);
			for (TrustManager manager : trust.getTrustManagers()) {
				if (manager instanceof X509TrustManager x509) {
					return x509;
				}
			}
			throw new IllegalStateException("no X.509 trust manager");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A client's TLS context that trusts this certificate only. */
	public SSLContext clientContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { trustManager() }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
