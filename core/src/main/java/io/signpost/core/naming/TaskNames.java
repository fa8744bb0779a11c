package io.signpost.core.naming;

import io.signpost.spi.SrvTarget;
import io.signpost.spi.model.PortMapping;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names and values of one {@link TaskPass}, in Mesos-DNS's generation order (§5.8.3). Both
 * the fully built snapshots and the compact ones that render task names on demand get a task's
 * records from here, so the task naming rules live in this one place.
 */
final class TaskNames {

  /** Which index a name of a pass is found by. */
  enum Key {
    /** Names made from the task label, shared by every instance: {@code t.F}, {@code _t._tcp.F}. */
    LABEL,
    /** Names made from the canonical label, one task's own: {@code t-hash-tail.F}. */
    CANONICAL
  }

  /** Receives a pass's records. */
  interface Sink {
    /** A record; {@code value} is an {@link InetAddress} or an {@link SrvTarget}. */
    void record(Key key, String name, Object value);

    /** A name left out because it exceeds DNS limits. */
    default void tooLong(String name) {}
  }

  private final LabelSanitizer labels;
  /** Lower-case, with its trailing dot. */
  private final String domain;

  TaskNames(LabelSanitizer labels, String domain) {
    this.labels = labels;
    this.domain = domain;
  }

  String domain() {
    return domain;
  }

  /** Emits every record of {@code p} to {@code sink}. */
  void emit(TaskPass p, Sink sink) {
    String frameworkSuffix = "." + p.fragment() + "." + domain;
    String slaveSuffix = "." + p.fragment() + ".slave." + domain;
    String t = p.t();
    // Each name is built once and shared by its records and the SRV targets.
    String taskName = t + frameworkSuffix;
    String canonical = p.canonical();
    String taskTarget = canonical + frameworkSuffix;
    String slaveName = t + slaveSuffix;
    String slaveTarget = canonical + slaveSuffix;
    for (InetAddress ip : p.taskIps()) {
      InetAddress address = RecordGenerator.normalise(ip);
      address(sink, Key.LABEL, taskName, address);
      address(sink, Key.CANONICAL, taskTarget, address);
    }
    for (InetAddress ip : p.slaveIps()) {
      InetAddress address = RecordGenerator.normalise(ip);
      address(sink, Key.LABEL, slaveName, address);
      address(sink, Key.CANONICAL, slaveTarget, address);
    }
    String service = "_" + t;
    List<Integer> ports = p.task().resourcePorts();
    if (!ports.isEmpty()) {
      String tcpSlave = service + "._tcp" + slaveSuffix;
      String udpSlave = service + "._udp" + slaveSuffix;
      String tcp = service + "._tcp" + frameworkSuffix;
      String udp = service + "._udp" + frameworkSuffix;
      for (int port : ports) {
        srv(sink, tcpSlave, slaveTarget, port);
        if (!p.hasDiscovery()) {
          srv(sink, tcp, slaveTarget, port);
        }
        srv(sink, udpSlave, slaveTarget, port);
        if (!p.hasDiscovery()) {
          srv(sink, udp, slaveTarget, port);
        }
      }
    }
    if (!p.hasDiscovery()) {
      return;
    }
    for (PortMapping port : p.task().discovery().ports()) {
      String protocol = labels.label(port.protocol());
      List<String> protocols = protocol.isEmpty() ? List.of("tcp", "udp") : List.of(protocol);
      String portName = labels.label(port.name());
      for (String proto : protocols) {
        String name = service + "._" + proto + frameworkSuffix;
        srv(sink, name, taskTarget, port.number());
        if (!portName.isEmpty()) {
          srv(sink, "_" + portName + "." + name, taskTarget, port.number());
        }
      }
    }
  }

  /**
   * How many names and records {@link #emit} gives under {@code key} for {@code group}, packed as
   * names in the high and records in the low 32 bits, without building a name: for a snapshot's
   * size, which would otherwise render every task. {@code group} is the passes sharing one task
   * label (for {@link Key#LABEL}) or one pass (for {@link Key#CANONICAL}); their canonical labels
   * must differ, and every name must be publishable (as in a compact snapshot). Follows
   * {@link #emit} rule by rule: keep the two in step (IndexedSnapshotTest compares the counts
   * with a snapshot of every name on random clusters).
   */
  long count(List<TaskPass> group, Key key) {
    Set<InetAddress> taskIps = new HashSet<>();
    Set<InetAddress> slaveIps = new HashSet<>();
    for (TaskPass p : group) {
      for (InetAddress ip : p.taskIps()) {
        taskIps.add(RecordGenerator.normalise(ip));
      }
      for (InetAddress ip : p.slaveIps()) {
        slaveIps.add(RecordGenerator.normalise(ip));
      }
    }
    long names = (taskIps.isEmpty() ? 0 : 1) + (slaveIps.isEmpty() ? 0 : 1);
    long records = taskIps.size() + slaveIps.size();
    if (key == Key.CANONICAL) {
      return names << 32 | records;
    }
    // SRV names by their service and protocol labels; each value is the pass (its canonical
    // label makes the target), which target (slave or task) and the port.
    Map<String, Set<Long>> srv = new HashMap<>();
    for (int n = 0; n < group.size(); n++) {
      TaskPass p = group.get(n);
      for (int port : p.task().resourcePorts()) {
        long slaveTarget = srvValue(n, true, port);
        srv.computeIfAbsent("slave tcp", k -> new HashSet<>()).add(slaveTarget);
        srv.computeIfAbsent("slave udp", k -> new HashSet<>()).add(slaveTarget);
        if (!p.hasDiscovery()) {
          srv.computeIfAbsent("tcp", k -> new HashSet<>()).add(slaveTarget);
          srv.computeIfAbsent("udp", k -> new HashSet<>()).add(slaveTarget);
        }
      }
      if (!p.hasDiscovery()) {
        continue;
      }
      for (PortMapping port : p.task().discovery().ports()) {
        String protocol = labels.label(port.protocol());
        List<String> protocols = protocol.isEmpty() ? List.of("tcp", "udp") : List.of(protocol);
        String portName = labels.label(port.name());
        long taskTarget = srvValue(n, false, port.number());
        for (String proto : protocols) {
          srv.computeIfAbsent(proto, k -> new HashSet<>()).add(taskTarget);
          if (!portName.isEmpty()) {
            srv.computeIfAbsent(proto + " " + portName, k -> new HashSet<>()).add(taskTarget);
          }
        }
      }
    }
    names += srv.size();
    for (Set<Long> values : srv.values()) {
      records += values.size();
    }
    return names << 32 | records;
  }

  private static long srvValue(int pass, boolean slaveTarget, int port) {
    return (long) pass << 17 | (slaveTarget ? 1L << 16 : 0) | port;
  }

  private static void address(Sink sink, Key key, String name, InetAddress address) {
    if (DnsNames.encodable(name)) {
      sink.record(key, name, address);
    } else {
      sink.tooLong(name);
    }
  }

  private static void srv(Sink sink, String name, String target, int port) {
    if (!DnsNames.encodable(name)) {
      sink.tooLong(name);
    } else if (!DnsNames.encodable(target)) {
      sink.tooLong(target);
    } else {
      sink.record(Key.LABEL, name, new SrvTarget(target, port));
    }
  }
}
