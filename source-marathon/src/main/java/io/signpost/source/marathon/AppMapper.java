package io.signpost.source.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.source.marathon.MarathonApi.App;
import io.signpost.source.marathon.MarathonApi.AppTask;
import io.signpost.source.marathon.MarathonApi.DiscoveryPort;
import io.signpost.source.marathon.MarathonApi.HealthCheckResult;
import io.signpost.source.marathon.MarathonApi.Network;
import io.signpost.source.marathon.MarathonApi.PortDefinition;
import io.signpost.source.marathon.MarathonApi.PortMappingDef;
import io.signpost.source.marathon.MarathonApi.TaskIpAddress;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Marathon apps and their tasks to the cluster model. Stateful only for the health
 * fall-back (to log each app entering it once); call from one thread at a time.
 */
final class AppMapper {

  private static final Logger LOG = LoggerFactory.getLogger(AppMapper.class);

  /** How an app's tasks are reached. */
  enum NetworkMode {
    /** On the agent's address: host networking, or Docker bridge with host ports. */
    HOST,
    /** IP-per-task on a container network: the task IPs are routable. */
    CONTAINER
  }

  private final String frameworkName;
  private final boolean healthyOnly;
  private final CachingResolver resolver;

  AppMapper(String frameworkName, boolean healthyOnly, CachingResolver resolver) {
    this.frameworkName = frameworkName;
    this.healthyOnly = healthyOnly;
    this.resolver = resolver;
  }

  /** The complete report for these apps. */
  SourceReport report(Collection<App> apps) {
    return report(apps, List.of());
  }

  /** The complete report for these apps and pods (pod statuses of {@code /v2/pods/::status}). */
  SourceReport report(Collection<App> apps, Collection<JsonNode> pods) {
    List<Task> tasks = new ArrayList<>();
    for (App app : apps) {
      if (app.id() == null) {
        continue;
      }
      List<Task> appTasks = new ArrayList<>();
      for (AppTask t : app.tasks()) {
        if (t.id() != null) {
          appTasks.add(task(app, t));
        }
      }
      tasks.addAll(applyHealthPolicy(app, appTasks));
    }
    for (JsonNode pod : pods) {
      tasks.addAll(podTasks(pod));
    }
    Framework framework = new Framework("", frameworkName, "", List.of(), 0);
    return new SourceReport(List.of(framework), List.of(), tasks, Masters.NONE, List.of());
  }

  /**
   * With {@code healthyOnly}, tasks keep the health Marathon reports, and the core leaves out
   * unhealthy ones (unless every instance of the name is unhealthy; it also weighs the Mesos
   * master's copy of the same task). Without it, health is not reported at all, so failing
   * tasks stay in the answers as in Mesos-DNS.
   */
  private List<Task> applyHealthPolicy(App app, List<Task> tasks) {
    if (healthyOnly || app.healthChecks().isEmpty()) {
      return tasks;
    }
    return tasks.stream().map(AppMapper::withUnknownHealth).toList();
  }

  private static Task withUnknownHealth(Task t) {
    return new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(), t.hostAddresses(),
        t.containerIps(), t.resourcePorts(), t.discovery(), Health.UNKNOWN, t.labels());
  }

  Task task(App app, AppTask t) {
    NetworkMode mode = networkMode(app);
    // Marathon names every app task's DiscoveryInfo after the task (app id reversed), so the
    // names and SRV ports match what the Mesos master source gives for the same task.
    List<TaskIp> containerIps = new ArrayList<>();
    Discovery discovery;
    if (mode == NetworkMode.CONTAINER) {
      for (TaskIpAddress ip : t.ipAddresses()) {
        InetAddress address = ipLiteral(ip.ipAddress());
        if (address != null) {
          containerIps.add(new TaskIp(address, IpSource.NETINFO));
        }
      }
      discovery = new Discovery(taskName(app.id()), containerPorts(app));
    } else {
      List<PortMapping> hostPorts = namedHostPorts(app, t.ports());
      discovery = !hostPorts.isEmpty() || t.ports().isEmpty()
          ? new Discovery(taskName(app.id()), hostPorts) : null;
    }
    return new Task(
        t.id(),
        taskName(app.id()),
        frameworkName,
        state(t),
        t.slaveId(),
        resolver.resolve(t.host()),
        containerIps,
        t.ports().stream().filter(p -> p != null && p > 0 && p <= 65535).toList(),
        discovery,
        health(app, t),
        app.labels());
  }

  /**
   * The tasks of one pod: each container of each instance is a Mesos task named after the
   * container (only the pod's DiscoveryInfo carries the pod id, as Marathon does it).
   */
  List<Task> podTasks(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    boolean containerNet = false;
    for (JsonNode n : spec.path("networks")) {
      containerNet |= "container".equals(lower(n.path("mode").asText(null)));
    }
    Map<String, JsonNode> endpointSpecs = new HashMap<>();
    for (JsonNode c : spec.path("containers")) {
      for (JsonNode ep : c.path("endpoints")) {
        endpointSpecs.put(c.path("name").asText("") + "/" + ep.path("name").asText(""), ep);
      }
    }
    Map<String, String> labels = new HashMap<>();
    spec.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<Task> tasks = new ArrayList<>();
    for (JsonNode instance : pod.path("instances")) {
      List<InetAddress> host = resolver.resolve(instance.path("agentHostname").asText(null));
      List<TaskIp> ips = new ArrayList<>();
      if (containerNet) {
        for (JsonNode net : instance.path("networks")) {
          for (JsonNode a : net.path("addresses")) {
            InetAddress address = ipLiteral(a.asText(null));
            if (address != null) {
              ips.add(new TaskIp(address, IpSource.NETINFO));
            }
          }
        }
      }
      for (JsonNode c : instance.path("containers")) {
        String id = c.path("containerId").asText(null);
        String name = c.path("name").asText(null);
        if (id == null || name == null) {
          continue;
        }
        List<Integer> hostPorts = new ArrayList<>();
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode ep : c.path("endpoints")) {
          JsonNode def = endpointSpecs.getOrDefault(name + "/" + ep.path("name").asText(""), ep);
          int allocated = ep.path("allocatedHostPort").asInt(0);
          if (allocated > 0 && allocated <= 65535) {
            hostPorts.add(allocated);
          }
          int number = containerNet ? def.path("containerPort").asInt(0) : allocated;
          addPort(ports, number, protocols(def.path("protocol")), ep.path("name").asText(""));
        }
        tasks.add(
            new Task(
                id,
                name,
                frameworkName,
                podContainerState(c.path("status").asText("")),
                instance.path("agentId").asText(""),
                host,
                ips,
                hostPorts,
                ports.isEmpty() ? null : new Discovery("", ports),
                Health.UNKNOWN,
                labels));
      }
    }
    return tasks;
  }

  private static String protocols(JsonNode protocol) {
    if (protocol.isArray()) {
      List<String> p = new ArrayList<>();
      protocol.forEach(v -> p.add(v.asText()));
      return String.join(",", p);
    }
    return protocol.asText(null);
  }

  /** Pod container states are Mesos state names, or without the prefix in some versions. */
  private static String podContainerState(String status) {
    if (status.isEmpty()) {
      return "TASK_STAGING";
    }
    String upper = status.toUpperCase(Locale.ROOT);
    return upper.startsWith("TASK_") ? upper : "TASK_" + upper;
  }

  /** {@code /group/sub/app} → {@code app.sub.group}, as Marathon names the Mesos tasks. */
  static String taskName(String appId) {
    String[] segments = appId.split("/");
    StringBuilder name = new StringBuilder();
    for (int i = segments.length - 1; i >= 0; i--) {
      if (segments[i].isEmpty()) {
        continue;
      }
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(segments[i]);
    }
    return name.toString();
  }

  /** The Mesos state; Marathon before 1.4 has no {@code state}: started means running. */
  static String state(AppTask t) {
    if (t.state() != null && !t.state().isEmpty()) {
      return t.state();
    }
    return t.startedAt() != null ? Task.RUNNING : "TASK_STAGING";
  }

  static Health health(App app, AppTask t) {
    if (app.healthChecks().isEmpty() || t.healthCheckResults().isEmpty()) {
      return Health.UNKNOWN;
    }
    for (HealthCheckResult r : t.healthCheckResults()) {
      if (!Boolean.TRUE.equals(r.alive())) {
        return Health.UNHEALTHY;
      }
    }
    return Health.HEALTHY;
  }

  /**
   * Whether the app has its own routable IP per task. Docker bridge IPs are only reachable on
   * the agent, so bridge apps count as host-networked.
   */
  static NetworkMode networkMode(App app) {
    if (!app.networks().isEmpty()) {
      for (Network n : app.networks()) {
        if ("container".equals(lower(n.mode()))) {
          return NetworkMode.CONTAINER;
        }
      }
      return NetworkMode.HOST;
    }
    String dockerNetwork =
        app.container() == null || app.container().docker() == null
            ? null
            : lower(app.container().docker().network());
    if ("bridge".equals(dockerNetwork) || "host".equals(dockerNetwork)) {
      return NetworkMode.HOST;
    }
    if (app.ipAddress() != null || "user".equals(dockerNetwork)) {
      return NetworkMode.CONTAINER;
    }
    return NetworkMode.HOST;
  }

  /** The ports an IP-per-task app listens on inside its container. */
  static List<PortMapping> containerPorts(App app) {
    List<PortMapping> ports = new ArrayList<>();
    if (app.ipAddress() != null && app.ipAddress().discovery() != null) {
      for (DiscoveryPort p : app.ipAddress().discovery().ports()) {
        addPort(ports, p.number(), p.protocol(), p.name());
      }
    }
    if (ports.isEmpty()) {
      for (PortMappingDef m : portMappings(app)) {
        addPort(ports, m.containerPort(), m.protocol(), m.name());
      }
    }
    return ports;
  }

  /**
   * The task's host ports with the names and protocols of the definitions that asked for them.
   * Only mappings with a host port allocate one, so they are matched in order after filtering;
   * when the counts still differ, the ports are left unnamed rather than mislabelled.
   */
  static List<PortMapping> namedHostPorts(App app, List<Integer> hostPorts) {
    List<String[]> defs = new ArrayList<>();
    List<PortMappingDef> mappings = portMappings(app);
    if (!mappings.isEmpty()) {
      for (PortMappingDef m : mappings) {
        if (m.hostPort() != null) {
          defs.add(new String[] {m.protocol(), m.name()});
        }
      }
    } else {
      for (PortDefinition d : app.portDefinitions()) {
        defs.add(new String[] {d.protocol(), d.name()});
      }
    }
    if (defs.size() != hostPorts.size()) {
      return List.of();
    }
    List<PortMapping> ports = new ArrayList<>();
    for (int i = 0; i < hostPorts.size(); i++) {
      addPort(ports, hostPorts.get(i), defs.get(i)[0], defs.get(i)[1]);
    }
    return ports;
  }

  private static List<PortMappingDef> portMappings(App app) {
    if (app.container() == null) {
      return List.of();
    }
    if (!app.container().portMappings().isEmpty()) {
      return app.container().portMappings();
    }
    return app.container().docker() == null
        ? List.of()
        : app.container().docker().portMappings();
  }

  /** Adds one port per protocol: Marathon allows {@code "udp,tcp"}. */
  private static void addPort(List<PortMapping> ports, Integer number, String protocol, String name) {
    if (number == null || number <= 0 || number > 65535) {
      return;
    }
    String protocols = protocol == null || protocol.isBlank() ? "tcp" : lower(protocol);
    boolean added = false;
    for (String p : protocols.split(",")) {
      String proto = p.trim();
      if (proto.equals("tcp") || proto.equals("udp")) {
        ports.add(new PortMapping(number, proto, name));
        added = true;
      }
    }
    if (!added) {
      // Anything else (pods accept "http") is carried over TCP.
      ports.add(new PortMapping(number, "tcp", name));
    }
  }

  private static InetAddress ipLiteral(String ip) {
    if (ip == null || ip.isBlank() || !ip.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    try {
      // An IP literal: getByName parses it without any lookup.
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
