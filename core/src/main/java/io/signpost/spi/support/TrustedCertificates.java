package io.signpost.spi.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts that trust the CA certificates of a PEM file, for plugins whose config has a
 * {@code caCertFile} key (e.g. to reach a Mesos master or Marathon behind a private CA). Host
 * names are still verified; only the set of trusted CAs changes.
 */
public final class TrustedCertificates {

  private TrustedCertificates() {}

  /**
   * An SSL context trusting exactly the certificates of the PEM file {@code caFile}, e.g. for
   * {@link java.net.http.HttpClient.Builder#sslContext}.
   *
   * @param caFile a file of one or more PEM ({@code -----BEGIN CERTIFICATE-----}) certificates
   * @param setting what the user set, to start error messages with, e.g. {@code "marathon:
   *     caCertFile"}
   * @throws IllegalArgumentException when the file cannot be read or holds no certificate; the
   *     message names {@code setting} and the file
   */
  public static SSLContext sslContext(Path caFile, String setting) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          setting + " " + caFile + " cannot be read: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(setting + " " + caFile + " holds no PEM certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(setting + " " + caFile + ": " + e.getMessage(), e);
    }
  }
}
