package io.signpost.source.marathon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of Marathon's REST API bodies this source reads. Every version from 0.15 to 1.10 is
 * accepted: unknown fields are ignored and every field is optional.
 */
final class MarathonApi {

  private MarathonApi() {}

  /** {@code GET /v2/apps}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AppList(List<App> apps) {
    AppList {
      apps = nonNull(apps);
    }
  }

  /** {@code GET /v2/apps/{id}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AppEnvelope(App app) {}

  /** An app definition with its embedded tasks. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record App(
      String id,
      Container container,
      List<Network> networks,
      IpAddress ipAddress,
      List<PortDefinition> portDefinitions,
      List<Object> healthChecks,
      List<AppTask> tasks,
      Map<String, String> labels) {
    App {
      networks = nonNull(networks);
      portDefinitions = nonNull(portDefinitions);
      healthChecks = nonNull(healthChecks);
      tasks = nonNull(tasks);
      labels = labels == null ? Map.of() : labels;
    }

    App withTasks(List<AppTask> newTasks) {
      return new App(
          id, container, networks, ipAddress, portDefinitions, healthChecks, newTasks, labels);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Container(String type, Docker docker, List<PortMappingDef> portMappings) {
    Container {
      portMappings = nonNull(portMappings);
    }
  }

  /** Marathon ≤ 1.4 Docker settings. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Docker(String network, List<PortMappingDef> portMappings) {
    Docker {
      portMappings = nonNull(portMappings);
    }
  }

  /** Marathon ≥ 1.5 network: {@code host}, {@code container/bridge} or {@code container}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Network(String mode, String name) {}

  /** Marathon ≤ 1.4 IP-per-task settings. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IpAddress(String networkName, DiscoveryDef discovery) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DiscoveryDef(List<DiscoveryPort> ports) {
    DiscoveryDef {
      ports = nonNull(ports);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DiscoveryPort(Integer number, String name, String protocol) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PortMappingDef(Integer containerPort, Integer hostPort, String protocol, String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PortDefinition(Integer port, String protocol, String name) {}

  /** A task as {@code /v2/apps?embed=apps.tasks} or {@code /v2/tasks} lists it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AppTask(
      String id,
      String appId,
      String host,
      String slaveId,
      String state,
      String startedAt,
      List<Integer> ports,
      List<TaskIpAddress> ipAddresses,
      List<HealthCheckResult> healthCheckResults) {
    AppTask {
      ports = nonNull(ports);
      ipAddresses = nonNull(ipAddresses);
      healthCheckResults = nonNull(healthCheckResults);
    }

    AppTask withHealth(List<HealthCheckResult> results) {
      return new AppTask(id, appId, host, slaveId, state, startedAt, ports, ipAddresses, results);
    }

    AppTask withState(String newState) {
      return new AppTask(id, appId, host, slaveId, newState, startedAt, ports, ipAddresses,
          healthCheckResults);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TaskIpAddress(String ipAddress, String protocol) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record HealthCheckResult(Boolean alive) {}

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }
}
