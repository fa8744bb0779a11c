package io.signpost.source.mesos;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code sources.mesos-master} section: where to read the Mesos master state from and how.
 * At least one of {@code masters}, {@code zk} and {@code stateFile} must be given. With {@code
 * stateFile} the state is read from that file and nothing is fetched over HTTP.
 *
 * @param masters static master list, {@code host:port} each ({@code [v6]:port} for IPv6); with
 *     {@code zk} it is the fallback until ZooKeeper reports members
 * @param zk ZooKeeper URL {@code zk://host1:2181,host2:2181/mesos} for leader detection
 * @param stateFile path of a local state JSON document to read instead of asking a master
 * @param refreshSeconds seconds between refreshes (default 60)
 * @param stateTimeoutSeconds seconds allowed for one whole state request, body included (300)
 * @param zkDetectionTimeout seconds to wait for ZooKeeper to name a leader (30; 0 = forever)
 * @param mesosCredentials HTTP basic credentials for the master, or {@code null}
 * @param caCertFile PEM file of the CA certificates trusted for HTTPS (default: the JVM's)
 * @param bearerTokenFile file holding a token sent as {@code Authorization: Bearer}; re-read
 *     when it changes
 * @param https fetch with {@code https} instead of {@code http} (default false)
 * @param healthyOnly report the health of each task's latest status, so that instances whose
 *     health checks fail are left out of the answers (default true; false answers as Mesos-DNS
 *     does, ignoring health)
 */
public record MesosMasterConfig(
    List<String> masters,
    String zk,
    String stateFile,
    Integer refreshSeconds,
    Integer stateTimeoutSeconds,
    Integer zkDetectionTimeout,
    MesosCredentials mesosCredentials,
    String caCertFile,
    String bearerTokenFile,
    Boolean https,
    Boolean healthyOnly) {

  /**
   * HTTP basic credentials.
   *
   * @param principal the principal (user name)
   * @param secret the secret (password)
   */
  public record MesosCredentials(String principal, String secret) {
    public MesosCredentials {
      principal = Objects.requireNonNullElse(principal, "");
      secret = Objects.requireNonNullElse(secret, "");
      if (principal.isEmpty() && secret.isEmpty()) {
        throw new IllegalArgumentException(
            "mesosCredentials: give a principal and a secret (both are empty)");
      }
    }

    @Override
    public String toString() {
      return "MesosCredentials[principal=" + principal + ", secret=***]";
    }
  }

  public MesosMasterConfig {
    masters = masters == null ? List.of() : List.copyOf(masters);
    zk = blankToNull(zk);
    stateFile = blankToNull(stateFile);
    refreshSeconds = Objects.requireNonNullElse(refreshSeconds, 60);
    stateTimeoutSeconds = Objects.requireNonNullElse(stateTimeoutSeconds, 300);
    zkDetectionTimeout = Objects.requireNonNullElse(zkDetectionTimeout, 30);
    caCertFile = blankToNull(caCertFile);
    bearerTokenFile = blankToNull(bearerTokenFile);
    https = Objects.requireNonNullElse(https, false);
    healthyOnly = Objects.requireNonNullElse(healthyOnly, true);

    if (masters.isEmpty() && zk == null && stateFile == null) {
      throw new IllegalArgumentException(
          "mesos-master: set at least one of 'masters' (host:port list), 'zk'"
              + " (zk://host:port/path) or 'stateFile'");
    }
    if (stateFile != null && zk != null) {
      throw new IllegalArgumentException(
          "mesos-master: set either stateFile (read a file) or zk (ask masters), not both");
    }
    Set<HostPort> seen = new HashSet<>();
    for (String master : masters) {
      HostPort parsed;
      try {
        parsed = HostPort.parse(master);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("mesos-master: masters: " + e.getMessage(), e);
      }
      if (parsed.port() == 0) {
        throw new IllegalArgumentException("mesos-master: masters: '" + master + "': port 0");
      }
      if (!seen.add(normalise(parsed))) {
        throw new IllegalArgumentException("mesos-master: masters: duplicate '" + master + "'");
      }
    }
    if (zk != null) {
      ZkUrl.parse(zk); // throws with a clear message
    }
    if (refreshSeconds <= 0) {
      throw new IllegalArgumentException(
          "mesos-master: refreshSeconds must be > 0, got " + refreshSeconds);
    }
    if (stateTimeoutSeconds <= 0) {
      throw new IllegalArgumentException(
          "mesos-master: stateTimeoutSeconds must be > 0, got " + stateTimeoutSeconds);
    }
    if (zkDetectionTimeout < 0) {
      throw new IllegalArgumentException(
          "mesos-master: zkDetectionTimeout must be >= 0, got " + zkDetectionTimeout);
    }
    if (mesosCredentials != null && bearerTokenFile != null) {
      throw new IllegalArgumentException(
          "mesos-master: set either mesosCredentials or bearerTokenFile, not both");
    }
    if (caCertFile != null && !https) {
      throw new IllegalArgumentException("mesos-master: caCertFile is set but https is false");
    }
  }

  /** The masters list, parsed. */
  List<HostPort> masterAddresses() {
    return masters.stream().map(HostPort::parse).toList();
  }

  private static HostPort normalise(HostPort hostPort) {
    var literal = IpLiterals.parse(hostPort.host());
    return literal == null
        ? hostPort
        : new HostPort(literal.getHostAddress(), hostPort.port());
  }

  /** A config with every setting but {@code healthyOnly} (then true). */
  public MesosMasterConfig(List<String> masters, String zk, String stateFile,
      Integer refreshSeconds, Integer stateTimeoutSeconds, Integer zkDetectionTimeout,
      MesosCredentials mesosCredentials, String caCertFile, String bearerTokenFile,
      Boolean https) {
    this(masters, zk, stateFile, refreshSeconds, stateTimeoutSeconds, zkDetectionTimeout,
        mesosCredentials, caCertFile, bearerTokenFile, https, null);
  }

  /** This config with relative file paths taken relative to {@code dir} (the config's folder). */
  MesosMasterConfig withPathsRelativeTo(java.nio.file.Path dir) {
    return new MesosMasterConfig(masters, zk, resolve(dir, stateFile), refreshSeconds,
        stateTimeoutSeconds, zkDetectionTimeout, mesosCredentials, resolve(dir, caCertFile),
        resolve(dir, bearerTokenFile), https, healthyOnly);
  }

  private static String resolve(java.nio.file.Path dir, String path) {
    return path == null ? null : dir.resolve(path).normalize().toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
