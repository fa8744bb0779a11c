package io.signpost.source.marathon;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code sources.marathon} section of the configuration file.
 *
 * @param urls the base URLs of the Marathon instances, e.g. {@code http://marathon1:8080} (or
 *     {@code https://master/marathon} behind DC/OS Admin Router); required, at least one
 * @param frameworkName the framework name Marathon registered with Mesos, used as the framework
 *     label of every task's DNS name (default {@code marathon})
 * @param resyncSeconds how often the full state is read again even when the event stream is
 *     healthy; without events, the polling interval (default 300)
 * @param healthyOnly whether tasks whose health checks fail are left out of the answers (default
 *     true)
 * @param principal the user name for HTTP Basic authentication, or {@code null}
 * @param secret the password for HTTP Basic authentication, or {@code null}
 * @param credentials the same as {@code principal}/{@code secret}, as one object (Mesos-DNS
 *     style); give one form or the other
 * @param bearerTokenFile a file holding an authentication token sent as {@code Authorization:
 *     token=<token>} (DC/OS); read again on every connection so it can be rotated
 * @param caCertFile a PEM file of CA certificates to trust for {@code https} URLs instead of the
 *     JVM's default trust store
 * @param events whether to follow Marathon's event stream (default true); when false the source
 *     only polls every {@code resyncSeconds}
 * @param requestTimeoutSeconds the timeout of a REST call (default 30)
 * @param streamTimeoutSeconds how long the event stream may stay silent before it counts as
 *     stalled and is reconnected; Marathon sends a keep-alive every 10 s (default 30)
 */
public record MarathonConfig(
    List<String> urls,
    String frameworkName,
    Integer resyncSeconds,
    Boolean healthyOnly,
    String principal,
    String secret,
    Credentials credentials,
    String bearerTokenFile,
    String caCertFile,
    Boolean events,
    Integer requestTimeoutSeconds,
    Integer streamTimeoutSeconds) {

  /**
   * Basic-authentication credentials.
   *
   * @param principal the user name
   * @param secret the password
   */
  public record Credentials(String principal, String secret) {
    public Credentials {
      if (principal == null || principal.isEmpty()) {
        throw new IllegalArgumentException("marathon: credentials.principal is required");
      }
      secret = Objects.requireNonNullElse(secret, "");
    }
  }

  public MarathonConfig {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalArgumentException(
          "marathon: 'urls' is required: the base URLs of the Marathon instances");
    }
    List<String> clean = new ArrayList<>();
    for (String u : urls) {
      clean.add(checkUrl(u));
    }
    urls = List.copyOf(clean);
    frameworkName = Objects.requireNonNullElse(frameworkName, "marathon");
    if (frameworkName.isBlank()) {
      throw new IllegalArgumentException("marathon: 'frameworkName' must not be empty");
    }
    resyncSeconds = positive("resyncSeconds", resyncSeconds, 300);
    healthyOnly = Objects.requireNonNullElse(healthyOnly, Boolean.TRUE);
    events = Objects.requireNonNullElse(events, Boolean.TRUE);
    requestTimeoutSeconds = positive("requestTimeoutSeconds", requestTimeoutSeconds, 30);
    streamTimeoutSeconds = positive("streamTimeoutSeconds", streamTimeoutSeconds, 30);
    if (credentials != null && (principal != null || secret != null)) {
      throw new IllegalArgumentException(
          "marathon: give either 'principal'/'secret' or 'credentials', not both");
    }
    if (secret != null && principal == null) {
      throw new IllegalArgumentException("marathon: 'secret' is set but 'principal' is missing");
    }
    if (principal != null && principal.isEmpty()) {
      throw new IllegalArgumentException("marathon: 'principal' must not be empty");
    }
    if ((principal != null || credentials != null) && bearerTokenFile != null) {
      throw new IllegalArgumentException(
          "marathon: give either basic-auth credentials or 'bearerTokenFile', not both");
    }
  }

  /** The basic-auth credentials from either form, or {@code null}. */
  Credentials basicAuth() {
    if (credentials != null) {
      return credentials;
    }
    return principal == null ? null : new Credentials(principal, secret);
  }

  private static int positive(String key, Integer value, int dflt) {
    if (value == null) {
      return dflt;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(
          "marathon: '" + key + "' must be a positive number of seconds, got " + value);
    }
    return value;
  }

  private static String checkUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("marathon: an entry of 'urls' is empty");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("marathon: bad URL in 'urls': " + url, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "marathon: URL in 'urls' must look like http://host:port or https://host:port, got "
              + url);
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** This config with relative file paths taken relative to {@code dir} (the config's folder). */
  MarathonConfig withPathsRelativeTo(java.nio.file.Path dir) {
    return new MarathonConfig(urls, frameworkName, resyncSeconds, healthyOnly, principal, secret,
        credentials, resolve(dir, bearerTokenFile), resolve(dir, caCertFile), events,
        requestTimeoutSeconds, streamTimeoutSeconds);
  }

  private static String resolve(java.nio.file.Path dir, String path) {
    return path == null ? null : dir.resolve(path).normalize().toString();
  }
}
