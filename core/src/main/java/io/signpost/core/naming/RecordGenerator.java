package io.signpost.core.naming;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
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
  private final TaskNames names;
  /** The sizes of the last compact snapshot built: the next is sized for them at once. */
  private volatile IndexedSnapshot.Sizes lastSizes;

  public RecordGenerator(CoreSettings settings) {
    this.settings = settings;
    this.labels = new LabelSanitizer(settings.enforceRFC952());
    this.domain = settings.domainFqdn().toLowerCase(Locale.ROOT);
    this.names = new TaskNames(labels, domain);
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
    return materialize(report, builder, false);
  }

  /** {@link #generate}, optionally without the warnings a first run logged already. */
  private Set<String> materialize(SourceReport report, SnapshotBuilder builder, boolean quiet) {
    Build build = new Build(builder, new Materialized(builder));
    build.quiet = quiet;
    build.run(report);
    return Set.copyOf(build.allUnhealthy);
  }

  /**
   * The snapshot of everything the report implies, with {@link #generate}'s records. Task names,
   * nearly all of a big cluster's names, are not stored one by one: the snapshot indexes the
   * tasks and renders a name's records when asked (see {@link IndexedSnapshot}). Only when two
   * different rules could make the same name (odd framework or task names) is every name built
   * as {@link #generate} does.
   */
  public Generated snapshot(SourceReport report, long serial, Instant builtAt) {
    SnapshotBuilder explicit = new SnapshotBuilder();
    IndexedSnapshot.Builder index =
        new IndexedSnapshot.Builder(this, report.tasks(), lastSizes);
    Build build = new Build(explicit, index);
    build.run(report);
    lastSizes = index.sizes();
    RecordSnapshot indexed = index.build(explicit.build(serial, builtAt), serial, builtAt);
    if (indexed != null) {
      return new Generated(indexed, Set.copyOf(build.allUnhealthy));
    }
    LOG.debug("names from different rules may coincide: building every name");
    SnapshotBuilder all = new SnapshotBuilder();
    Set<String> unhealthy = materialize(report, all, true);
    return new Generated(all.build(serial, builtAt), unhealthy);
  }

  /**
   * A snapshot and what its build noticed.
   *
   * @param snapshot the records
   * @param allUnhealthy the names published although every instance is unhealthy
   */
  public record Generated(RecordSnapshot snapshot, Set<String> allUnhealthy) {}

  /** Receives the tasks' passes as {@link Build} decides them, in generation order. */
  interface TaskSink {
    /** The tasks of framework {@code rawName} follow. */
    void beginFramework(String rawName);

    /**
     * One published task: its legacy pass (or null) and its regular pass, with what rebuilding
     * them takes.
     */
    void task(TaskPass legacy, TaskPass regular, int hashBits, Build build);

    /** No more tasks. */
    void end();
  }

  /** Adds every task name to a builder, one by one. */
  private static final class Materialized implements TaskSink {
    private final SnapshotBuilder builder;

    Materialized(SnapshotBuilder builder) {
      this.builder = builder;
    }

    @Override
    public void beginFramework(String rawName) {
      builder.beginFramework(rawName);
    }

    @Override
    public void task(TaskPass legacy, TaskPass regular, int hashBits, Build build) {
      builder.beginTask(regular.task().name(), regular.task().id());
      TaskNames.Sink sink = new TaskNames.Sink() {
        @Override
        public void record(TaskNames.Key key, String name, Object value) {
          if (value instanceof SrvTarget srv) {
            builder.addSrv(name, srv.target(), srv.port());
          } else {
            builder.addAddress(name, (InetAddress) value);
          }
        }

        @Override
        public void tooLong(String name) {
          build.tooLongNames.add(name);
        }
      };
      if (legacy != null) {
        build.names.emit(legacy, sink);
      }
      build.names.emit(regular, sink);
      builder.endTask();
    }

    @Override
    public void end() {
      builder.endTask();
    }
  }

  /**
   * Rebuilds a pass of {@code task} from what a compact snapshot keeps: the task, its framework
   * fragment, the agent's addresses and the ID hash.
   */
  TaskPass pass(Task task, String fragment, List<InetAddress> slaveIps, int hashBits,
      boolean legacy) {
    return new TaskPass(task, fragment, taskLabel(task, legacy), TaskHash.hash5(hashBits),
        TaskHash.agentTail(task.agentId()), taskIps(task, slaveIps), slaveIps, hasDiscovery(task));
  }

  private static boolean hasDiscovery(Task task) {
    return task.discovery() != null && !task.discovery().name().isEmpty();
  }

  /**
   * The task label {@code t}: the task's DiscoveryInfo name, else its name, sanitised; in the
   * legacy pass, the raw DiscoveryInfo name lower-cased.
   */
  String taskLabel(Task task, boolean legacy) {
    String rawName = hasDiscovery(task) ? task.discovery().name() : task.name();
    return legacy ? rawName.toLowerCase(Locale.ROOT) : labels.label(rawName);
  }

  /** The canonical label of {@code task} under label {@code t}. */
  static String canonicalLabel(Task task, String t, int hashBits) {
    return canonicalLabel(t, TaskHash.hash5(hashBits), TaskHash.agentTail(task.agentId()));
  }

  TaskNames names() {
    return names;
  }

  String domain() {
    return domain;
  }

  CoreSettings settings() {
    return settings;
  }

  LabelSanitizer labels() {
    return labels;
  }

  /** The state of one {@link #generate} call: the builder and what was skipped. */
  final class Build {
    private final SnapshotBuilder builder;
    private final TaskSink taskSink;
    final TaskNames names = RecordGenerator.this.names;
    final List<String> tooLongNames = new ArrayList<>();
    private final Set<String> labelLess = new LinkedHashSet<>();
    private final Set<String> allUnhealthy = new LinkedHashSet<>();
    private final TaskHash.Hasher hasher = new TaskHash.Hasher();
    private final Map<String, String> agentTails = new HashMap<>();
    private boolean quiet;

    Build(SnapshotBuilder builder, TaskSink taskSink) {
      this.builder = builder;
      this.taskSink = taskSink;
    }

    void run(SourceReport report) {
      frameworks(report.frameworks());
      agents(report.agents());
      masters(report.masters());
      tasks(report);
      plainRecords(report.records());
      if (!quiet) {
        warnSummary();
      }
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
      String lastFramework = null;
      List<Task> lastTasks = null;
      for (Task task : report.tasks()) {
        // Sources list tasks framework by framework: look the list up once per run of them.
        if (task.framework() != lastFramework) {
          lastFramework = task.framework();
          lastTasks = tasksByFramework.computeIfAbsent(lastFramework, k -> new ArrayList<>());
        }
        lastTasks.add(task);
      }
      tasksByFramework.forEach((frameworkName, tasks) -> {
        taskSink.beginFramework(frameworkName);
        String fragment = labels.domainFragment(frameworkName);
        // Each running task's label, sanitised once (the costliest step on a big cluster).
        String[] taskLabels = new String[tasks.size()];
        for (int i = 0; i < taskLabels.length; i++) {
          taskLabels[i] = tasks.get(i).running() ? taskLabel(tasks.get(i), false) : null;
        }
        Set<String> withHealthyInstance = labelsWithAHealthyInstance(tasks, taskLabels);
        for (int i = 0; i < taskLabels.length; i++) {
          Task task = tasks.get(i);
          if (task.health() == Health.UNHEALTHY && task.running()) {
            if (withHealthyInstance.contains(taskLabels[i])) {
              continue; // failing health checks: leave it out while others can answer
            }
            allUnhealthy.add(fragment + "/" + taskLabels[i]);
          }
          task(task, taskLabels[i], fragment, agentsById.get(task.agentId()));
        }
      });
      taskSink.end();
    }

    /**
     * The task labels of a framework that have at least one running instance not known to be
     * unhealthy. A name whose every instance is unhealthy still answers with all of them: an
     * answer that may fail beats no answer at all.
     */
    private Set<String> labelsWithAHealthyInstance(List<Task> tasks, String[] taskLabels) {
      Set<String> result = new HashSet<>();
      for (int i = 0; i < taskLabels.length; i++) {
        Task task = tasks.get(i);
        if (task.running() && task.health() != Health.UNHEALTHY) {
          result.add(taskLabels[i]);
        }
      }
      return result;
    }

    /** @param label the task's sanitised label ({@code taskLabel(task, false)}) */
    private void task(Task task, String label, String fragment, Agent agent) {
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
      boolean hasDiscovery = hasDiscovery(task);
      if (label.isEmpty()) {
        labelLess.add("task '" + task.name() + "' (" + task.id() + ")");
        return;
      }
      List<InetAddress> taskIps = taskIps(task, slaveIps);
      int hashBits = hasher.bits(task.id());
      String hash = TaskHash.hash5(hashBits);
      String tail = agentTails.computeIfAbsent(task.agentId(), TaskHash::agentTail);
      // Mesos-DNS's legacy pass with the raw DiscoveryInfo name comes first; Signpost keeps it
      // only when the raw name, lower-cased, is made of legal labels (else it could never
      // resolve) and when it differs from the sanitised name (else it adds nothing).
      TaskPass legacyPass = null;
      if (hasDiscovery) {
        String legacy = taskLabel(task, true);
        if (!legacy.equals(label) && DnsNames.legalDotted(legacy, false)) {
          legacyPass = new TaskPass(task, fragment, legacy, hash, tail, taskIps, slaveIps, true);
        }
      }
      TaskPass regular =
          new TaskPass(task, fragment, label, hash, tail, taskIps, slaveIps, hasDiscovery);
      taskSink.task(legacyPass, regular, hashBits, this);
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
  List<InetAddress> taskIps(Task task, List<InetAddress> slaveIps) {
    for (IpSource source : settings.ipSources()) {
      if (source == IpSource.HOST) {
        if (!slaveIps.isEmpty()) {
          return slaveIps;
        }
        continue;
      }
      // Counted first: usually one address matches, and a build names every task.
      int matches = 0;
      TaskIp first = null;
      for (TaskIp ip : task.containerIps()) {
        if (ip.source() == source && matches++ == 0) {
          first = ip;
        }
      }
      if (matches == 1) {
        return List.of(first.address());
      }
      if (matches > 1) {
        List<InetAddress> ips = new ArrayList<>(matches);
        for (TaskIp ip : task.containerIps()) {
          if (ip.source() == source) {
            ips.add(ip.address());
          }
        }
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
