package io.signpost.spi.model;

import java.util.Locale;

/**
 * Where a task IP comes from, as named in the {@code ipSources} setting. The core takes all the
 * IPs of the first source, in the configured order, that yields any.
 */
public enum IpSource {
  /** {@code container_status.network_infos[].ip_addresses} of the latest running status. */
  NETINFO,
  /** The {@code MesosContainerizer.NetworkSettings.IPAddress} label of the latest running status. */
  MESOS,
  /** The {@code Docker.NetworkSettings.IPAddress} label of the latest running status. */
  DOCKER,
  /** The IPs of the agent (host) running the task; never reported by a source directly. */
  HOST;

  /** The name used in configuration files, e.g. {@code netinfo}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a configuration name.
   *
   * @throws IllegalArgumentException naming the allowed values when {@code name} is not one
   */
  public static IpSource fromConfigName(String name) {
    for (IpSource s : values()) {
      if (s.configName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown IP source '" + name + "' (allowed: netinfo, mesos, docker, host)");
  }
}
