package io.signpost.core.naming;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small builders for model values in naming tests. */
final class Models {

  private Models() {}

  /** An IP literal (never a hostname: nothing is resolved). */
  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  static List<InetAddress> ips(String... literals) {
    return Arrays.stream(literals).map(Models::ip).toList();
  }

  static CoreSettings settings(String domain, boolean rfc952, IpSource... sources) {
    return new CoreSettings(domain, 60, rfc952, List.of(sources), 1,
        "ns1." + domain + ".", "root.ns1." + domain + ".", 60, 600, 86400, 60);
  }

  /** Default Mesos-DNS settings: domain mesos, RFC 1123, IP sources netinfo, mesos, host. */
  static CoreSettings defaults() {
    return settings("mesos", false, IpSource.NETINFO, IpSource.MESOS, IpSource.HOST);
  }

  /** The snapshot the runtime serves (compact whenever it can be). */
  static RecordSnapshot generate(CoreSettings settings, SourceReport report) {
    return new RecordGenerator(settings).snapshot(report, 1, Instant.EPOCH).snapshot();
  }

  /** The same records with every name built one by one. */
  static RecordSnapshot materialize(CoreSettings settings, SourceReport report) {
    SnapshotBuilder builder = new SnapshotBuilder();
    new RecordGenerator(settings).generate(report, builder);
    return builder.build(1, Instant.EPOCH);
  }

  static TaskIp taskIp(String literal, IpSource source) {
    return new TaskIp(ip(literal), source);
  }

  /** A running task with the given essentials; the rest empty. */
  static Task task(String id, String name, String framework, String agentId, List<Integer> ports,
      List<TaskIp> containerIps, Discovery discovery) {
    return new Task(id, name, framework, Task.RUNNING, agentId, List.of(), containerIps, ports,
        discovery, Health.UNKNOWN, Map.of());
  }

  static Task withState(Task t, String state) {
    return new Task(t.id(), t.name(), t.framework(), state, t.agentId(), t.hostAddresses(),
        t.containerIps(), t.resourcePorts(), t.discovery(), t.health(), t.labels());
  }

  static Task withHostAddresses(Task t, List<InetAddress> hostAddresses) {
    return new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(), hostAddresses,
        t.containerIps(), t.resourcePorts(), t.discovery(), t.health(), t.labels());
  }

  static Task withFramework(Task t, String framework) {
    return new Task(t.id(), t.name(), framework, t.state(), t.agentId(), t.hostAddresses(),
        t.containerIps(), t.resourcePorts(), t.discovery(), t.health(), t.labels());
  }
}
