package io.signpost.core.naming;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the merged cluster model into DNS records with Mesos-DNS's naming conventions. This is
 * the one place those conventions live.
 *
 * <p>Where Mesos-DNS publishes names no DNS message can carry (empty labels, labels over 63
 * octets, names over 253 octets), Signpost leaves them out and logs a warning; see {@code
 * docs/compatibility.md}.
 */
public final class RecordGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(RecordGenerator.class);

  /** How many offending names a summary warning lists before it says "and N more". */
  private static final int WARN_EXAMPLES = 5;

  private static final Pattern IPV4_LITERAL = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final CoreSettings settings;
  private final LabelSanitizer labels;
  /** The domain as a suffix: lower-case, with its trailing dot, e.g. {@code mesos.}. */
  private final String domain;

  public RecordGenerator(CoreSettings settings) {
    this.settings = settings;
    this.labels = new LabelSanitizer(settings.enforceRFC952());
    this.domain = settings.domainFqdn().toLowerCase(Locale.ROOT);
  }

  /**
   * Adds every record the report implies to {@code builder}, in Mesos-DNS's generation order:
   * frameworks, agents, leader and masters, tasks, then the report's plain records. Never throws
   * on odd input: what cannot be published is skipped with a warning.
   *
   * <p>Tasks whose health checks fail ({@link Health#UNHEALTHY}) are left out, unless every
   * running instance under the same name is unhealthy: then all of them are published.
   *
   * @return the names (as {@code framework/task} labels) published although every instance is
   *     unhealthy
   */
  public Set<String> generate(SourceReport report, SnapshotBuilder builder) {
    Build build = new Build(builder);
    build.frameworks(report.frameworks());
    build.agents(report.agents());
    build.masters(report.masters());
    build.tasks(report);
    build.plainRecords(report.records());
    build.warnSummary();
    return Set.copyOf(build.allUnhealthy);
  }

  /** The state of one {@link #generate} call: the builder and what was skipped. */
  private final class Build {
    private final SnapshotBuilder builder;
    private final List<String> tooLongNames = new ArrayList<>();
    private final Set<String> labelLess = new LinkedHashSet<>();
    private final Set<String> allUnhealthy = new LinkedHashSet<>();
    private final MessageDigest sha1 = TaskHash.sha1();

    Build(SnapshotBuilder builder) {
      this.builder = builder;
    }

    // ---- §5.4 frameworks

    void frameworks(List<Framework> frameworks) {
      for (Framework f : frameworks) {
        String fragment = labels.domainFragment(f.name());
        if (f.addresses().isEmpty()) {
          continue;
        }
        if (fragment.isEmpty()) {
          labelLess.add("framework '" + f.name() + "'");
          continue;
        }
        String name = fragment + "." + domain;
        for (InetAddress address : f.addresses()) {
          address(name, address);
        }
        if (f.port() > 0) {
          srv("_framework._tcp." + name, name, f.port());
        }
      }
    }

    // ---- §5.5 agents

    void agents(List<Agent> agents) {
      String slave = "slave." + domain;
      for (Agent agent : agents) {
        if (agent.addresses().isEmpty()) {
          continue;
        }
        for (InetAddress address : agent.addresses()) {
          address(slave, address);
        }
        if (agent.port() > 0) {
          srv("_slave._tcp." + domain, slave, agent.port());
        }
      }
    }

    // ---- §5.7 leader and masters

    void masters(Masters masters) {
      Endpoint leader = masters.leader();
      if (leader == null) {
        return;
      }
      InetAddress leaderIp = normalise(leader.address());
      String leaderName = "leader." + domain;
      String master = "master." + domain;
      address(leaderName, leaderIp);
      address(master, leaderIp);
      if (leader.port() > 0) {
        srv("_leader._tcp." + domain, leaderName, leader.port());
        srv("_leader._udp." + domain, leaderName, leader.port());
      }
      int index = 0;
      boolean leaderNumbered = false;
      for (Endpoint member : masters.members()) {
        InetAddress ip = normalise(member.address());
        boolean isLeader = ip.equals(leaderIp) && member.port() == leader.port();
        if (!isLeader) {
          if (!address(master, ip)) {
            continue; // this master's IP is published already
          }
        } else if (leaderNumbered) {
          continue;
        } else {
          leaderNumbered = true;
        }
        address("master" + index + "." + domain, ip);
        index++;
      }
      if (!leaderNumbered) {
        address("master" + index + "." + domain, leaderIp);
      }
    }

    // ---- §5.8 tasks

    void tasks(SourceReport report) {
      Map<String, Agent> agentsById = new HashMap<>();
      for (Agent agent : report.agents()) {
        agentsById.putIfAbsent(agent.id(), agent);
      }
      // Frameworks in report order; tasks of frameworks no source listed come after them.
      Map<String, List<Task>> tasksByFramework = new LinkedHashMap<>();
      for (Framework f : report.frameworks()) {
        tasksByFramework.putIfAbsent(f.name(), new ArrayList<>());
      }
      for (Task task : report.tasks()) {
        tasksByFramework.computeIfAbsent(task.framework(), k -> new ArrayList<>()).add(task);
      }
      tasksByFramework.forEach((frameworkName, tasks) -> {
        builder.beginFramework(frameworkName);
        String fragment = labels.domainFragment(frameworkName);
        Set<String> withHealthyInstance = labelsWithAHealthyInstance(tasks);
        for (Task task : tasks) {
          if (task.health() == Health.UNHEALTHY && task.running()) {
            if (withHealthyInstance.contains(taskLabel(task))) {
              continue; // failing health checks: leave it out while others can answer
            }
            allUnhealthy.add(fragment + "/" + taskLabel(task));
          }
          task(task, fragment, agentsById.get(task.agentId()));
        }
      });
      builder.endTask();
    }

    /**
     * The task labels of a framework that have at least one running instance not known to be
     * unhealthy. A name whose every instance is unhealthy still answers with all of them: an
     * answer that may fail beats no answer at all.
     */
    private Set<String> labelsWithAHealthyInstance(List<Task> tasks) {
      Set<String> result = new HashSet<>();
      for (Task task : tasks) {
        if (task.running() && task.health() != Health.UNHEALTHY) {
          result.add(taskLabel(task));
        }
      }
      return result;
    }

    private String taskLabel(Task task) {
      Discovery discovery = task.discovery();
      return labels.label(discovery != null && !discovery.name().isEmpty()
          ? discovery.name() : task.name());
    }

    private void task(Task task, String fragment, Agent agent) {
      if (!task.running()) {
        return;
      }
      List<InetAddress> slaveIps =
          agent != null && !agent.addresses().isEmpty() ? agent.addresses() : task.hostAddresses();
      if (agent == null && slaveIps.isEmpty()) {
        return; // on an agent nobody reported: Mesos-DNS skips these silently too
      }
      if (fragment.isEmpty()) {
        labelLess.add("framework '" + task.framework() + "'");
        return;
      }
      Discovery discovery = task.discovery();
      boolean hasDiscovery = discovery != null && !discovery.name().isEmpty();
      String rawName = hasDiscovery ? discovery.name() : task.name();
      String label = labels.label(rawName);
      if (label.isEmpty()) {
        labelLess.add("task '" + task.name() + "' (" + task.id() + ")");
        return;
      }
      List<InetAddress> taskIps = taskIps(task, slaveIps);
      String hash = TaskHash.hash5(task.id(), sha1);
      String tail = TaskHash.agentTail(task.agentId());
      builder.beginTask(task.name(), task.id());
      // Mesos-DNS's legacy pass with the raw DiscoveryInfo name comes first; Signpost keeps it
      // only when the raw name, lower-cased, is made of legal labels (else it could never
      // resolve) and when it differs from the sanitised name (else it adds nothing).
      if (hasDiscovery) {
        String legacy = rawName.toLowerCase(Locale.ROOT);
        if (!legacy.equals(label) && DnsNames.legalDotted(legacy, false)) {
          taskPass(task, legacy, fragment, hash, tail, taskIps, slaveIps, hasDiscovery);
        }
      }
      taskPass(task, label, fragment, hash, tail, taskIps, slaveIps, hasDiscovery);
      builder.endTask();
    }

    /** The records of §5.8.3 for one task label {@code t} (which may hold dots, legacy pass). */
    private void taskPass(
        Task task,
        String t,
        String fragment,
        String hash,
        String tail,
        List<InetAddress> taskIps,
        List<InetAddress> slaveIps,
        boolean hasDiscovery) {
      String frameworkSuffix = "." + fragment + "." + domain;
      String slaveSuffix = "." + fragment + ".slave." + domain;
      String canonical = canonicalLabel(t, hash, tail);
      // Each name is built once per pass and shared by its records and the SRV targets: at
      // 100,000 tasks every string saved is a few megabytes.
      String taskName = t + frameworkSuffix;
      String taskTarget = canonical + frameworkSuffix;
      String slaveName = t + slaveSuffix;
      String slaveTarget = canonical + slaveSuffix;
      for (InetAddress ip : taskIps) {
        address(taskName, ip);
        address(taskTarget, ip);
      }
      for (InetAddress ip : slaveIps) {
        address(slaveName, ip);
        address(slaveTarget, ip);
      }
      String service = "_" + t;
      for (int port : task.resourcePorts()) {
        for (String protocol : List.of("tcp", "udp")) {
          srv(service + "._" + protocol + slaveSuffix, slaveTarget, port);
          if (!hasDiscovery) {
            srv(service + "._" + protocol + frameworkSuffix, slaveTarget, port);
          }
        }
      }
      if (!hasDiscovery) {
        return;
      }
      for (PortMapping port : task.discovery().ports()) {
        String protocol = labels.label(port.protocol());
        List<String> protocols = protocol.isEmpty() ? List.of("tcp", "udp") : List.of(protocol);
        String portName = labels.label(port.name());
        for (String p : protocols) {
          String name = service + "._" + p + frameworkSuffix;
          srv(name, taskTarget, port.number());
          if (!portName.isEmpty()) {
            srv("_" + portName + "." + name, taskTarget, port.number());
          }
        }
      }
    }

    // ---- plain records

    void plainRecords(List<PlainRecord> records) {
      for (PlainRecord record : records) {
        String problem = plainRecord(record);
        if (problem != null) {
          LOG.warn("Skipping record {} {} '{}': {}",
              record.name(), record.type(), record.value(), problem);
        }
      }
    }

    /** Adds one plain record; returns what is wrong with it, or null when it was added. */
    private String plainRecord(PlainRecord record) {
      if (!DnsNames.legalDotted(record.name(), true)) {
        return "the name is not a legal DNS name (letters, digits, '-', '_', labels of 1-63)";
      }
      String name = absolute(record.name());
      if (!DnsNames.encodable(name)) {
        return "the name is longer than " + DnsNames.MAX_NAME + " characters";
      }
      String value = record.value().trim();
      switch (record.type()) {
        case A:
        case AAAA: {
          InetAddress address = parseIpLiteral(value);
          if (address == null) {
            return "the value is not an IP address";
          }
          // IPv6 text is accepted for AAAA; an IPv4-mapped one then becomes A, as in Mesos-DNS.
          boolean ipv6Text = value.contains(":");
          if (record.type() == RecordType.A && !(address instanceof Inet4Address)) {
            return "the value is not an IPv4 address";
          }
          if (record.type() == RecordType.AAAA && !ipv6Text) {
            return "the value is not an IPv6 address";
          }
          builder.addAddress(name, address);
          return null;
        }
        case SRV: {
          int colon = value.lastIndexOf(':');
          if (colon <= 0) {
            return "the value is not target:port";
          }
          String target = value.substring(0, colon);
          int port;
          try {
            port = Integer.parseInt(value.substring(colon + 1));
          } catch (NumberFormatException e) {
            return "the port is not a number";
          }
          if (port < 0 || port > 65535) {
            return "the port is out of range";
          }
          if (!DnsNames.legalDotted(target, true) || !DnsNames.encodable(absolute(target))) {
            return "the target is not a legal DNS name";
          }
          builder.addSrv(name, absolute(target), port);
          return null;
        }
        default:
          return "unsupported type";
      }
    }

    // ---- adding, with the checks Mesos-DNS lacks

    /** Adds an A or AAAA record unless the name cannot be encoded; returns whether it was new. */
    private boolean address(String name, InetAddress address) {
      if (!DnsNames.encodable(name)) {
        tooLongNames.add(name);
        return false;
      }
      return builder.addAddress(name, normalise(address));
    }

    private void srv(String name, String target, int port) {
      if (!DnsNames.encodable(name)) {
        tooLongNames.add(name);
      } else if (!DnsNames.encodable(target)) {
        tooLongNames.add(target);
      } else {
        builder.addSrv(name, target, port);
      }
    }

    void warnSummary() {
      if (!labelLess.isEmpty()) {
        LOG.warn("{} name(s) sanitise to no DNS label and get no records: {}",
            labelLess.size(), examples(List.copyOf(labelLess)));
      }
      if (!tooLongNames.isEmpty()) {
        List<String> distinct = tooLongNames.stream().distinct().toList();
        LOG.warn("{} name(s) exceed DNS limits (63 per label, 253 in all) and are not published: {}",
            distinct.size(), examples(distinct));
      }
    }
  }

  /**
   * {@code t-hash-tail}, with {@code t}'s last label shortened so the canonical label fits in 63
   * octets (Mesos-DNS lets it grow past that).
   */
  static String canonicalLabel(String t, String hash, String tail) {
    int lastDot = t.lastIndexOf('.');
    String prefix = t.substring(0, lastDot + 1);
    String last = t.substring(lastDot + 1);
    String suffix = "-" + hash + "-" + tail;
    int room = DnsNames.MAX_LABEL - suffix.length();
    if (last.length() > room) {
      if (room < 1) {
        // Only an absurd agent ID gets here: keep the hash, cut the tail.
        suffix = suffix.substring(0, DnsNames.MAX_LABEL - 1);
        room = 1;
      }
      last = last.substring(0, room);
      while (last.length() > 1 && last.endsWith("-")) {
        last = last.substring(0, last.length() - 1);
      }
    }
    return prefix + last + suffix;
  }

  /** All IPs of the first configured source that yields any. */
  private List<InetAddress> taskIps(Task task, List<InetAddress> slaveIps) {
    for (IpSource source : settings.ipSources()) {
      if (source == IpSource.HOST) {
        if (!slaveIps.isEmpty()) {
          return slaveIps;
        }
        continue;
      }
      List<InetAddress> ips = new ArrayList<>();
      for (TaskIp ip : task.containerIps()) {
        if (ip.source() == source) {
          ips.add(ip.address());
        }
      }
      if (!ips.isEmpty()) {
        return ips;
      }
    }
    return List.of();
  }

  private String absolute(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + "." + domain;
  }

  /** Parses an IP literal without ever asking DNS; null when {@code text} is not one. */
  static InetAddress parseIpLiteral(String text) {
    if (!IPV4_LITERAL.matcher(text).matches() && !IPV6_LITERAL.matcher(text).matches()) {
      return null;
    }
    try {
      return normalise(InetAddress.getByName(text));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  /** An IPv4-mapped IPv6 address as the IPv4 address it holds, so it becomes an A record. */
  static InetAddress normalise(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
          throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
      }
    }
    return address;
  }

  private static String examples(List<String> items) {
    if (items.size() <= WARN_EXAMPLES) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, WARN_EXAMPLES))
        + " and " + (items.size() - WARN_EXAMPLES) + " more";
  }
}
