package io.signpost.core.runtime;

import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the last good reports of all sources into one. The same task (same ID) reported by two
 * sources becomes one task: the first source's view, refined by what later sources add (their
 * container IPs, discovery ports, health). Frameworks merge by name, agents by ID.
 */
final class ReportMerger {

  /** Mesos task states a task never leaves. */
  private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED",
      "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE",
      "TASK_GONE_BY_OPERATOR");

  private ReportMerger() {}

  /** Merges {@code reports}, given in configuration order. */
  static SourceReport merge(List<SourceReport> reports) {
    if (reports.size() == 1) {
      return reports.get(0);
    }
    SourceReport single = onlyClusterReport(reports);
    if (single != null) {
      // The usual case (one cluster source plus the frontends' own records): no merging to do,
      // so the 100,000 tasks of a big cluster are not copied into maps and lists again.
      List<PlainRecord> records = new ArrayList<>();
      for (SourceReport r : reports) {
        records.addAll(r.records());
      }
      return new SourceReport(single.frameworks(), single.agents(), single.tasks(),
          single.masters().leader() != null ? single.masters() : Masters.NONE, records);
    }
    Map<String, Framework> frameworks = new LinkedHashMap<>();
    Map<String, Agent> agents = new LinkedHashMap<>();
    Map<String, Task> tasks = new LinkedHashMap<>();
    Masters masters = Masters.NONE;
    List<PlainRecord> records = new ArrayList<>();
    for (SourceReport r : reports) {
      for (Framework f : r.frameworks()) {
        frameworks.merge(f.name(), f, ReportMerger::mergeFramework);
      }
      for (Agent a : r.agents()) {
        agents.merge(a.id(), a, ReportMerger::mergeAgent);
      }
      for (Task t : r.tasks()) {
        tasks.merge(t.id(), t, ReportMerger::mergeTask);
      }
      if (masters.leader() == null && r.masters().leader() != null) {
        masters = r.masters();
      }
      records.addAll(r.records());
    }
    return new SourceReport(List.copyOf(frameworks.values()), List.copyOf(agents.values()),
        List.copyOf(tasks.values()), masters, records);
  }

  /**
   * The one report with cluster data (frameworks, agents, tasks, a leader) when every other
   * report holds plain records only and that report has no two frameworks of one name, agents
   * or tasks of one ID (which merging would combine); else null.
   */
  private static SourceReport onlyClusterReport(List<SourceReport> reports) {
    SourceReport single = null;
    for (SourceReport r : reports) {
      boolean cluster = !r.frameworks().isEmpty() || !r.agents().isEmpty()
          || !r.tasks().isEmpty() || r.masters().leader() != null;
      if (cluster) {
        if (single != null) {
          return null;
        }
        single = r;
      }
    }
    if (single == null) {
      return null;
    }
    Set<String> seen = new HashSet<>(single.frameworks().size() * 2);
    for (Framework f : single.frameworks()) {
      if (!seen.add(f.name())) {
        return null;
      }
    }
    seen = new HashSet<>(single.agents().size() * 2);
    for (Agent a : single.agents()) {
      if (!seen.add(a.id())) {
        return null;
      }
    }
    seen = new HashSet<>(single.tasks().size() * 2);
    for (Task t : single.tasks()) {
      if (!seen.add(t.id())) {
        return null;
      }
    }
    return single;
  }

  private static Framework mergeFramework(Framework a, Framework b) {
    return new Framework(a.id().isEmpty() ? b.id() : a.id(), a.name(),
        a.hostname().isEmpty() ? b.hostname() : a.hostname(),
        a.addresses().isEmpty() ? b.addresses() : a.addresses(),
        a.port() == 0 ? b.port() : a.port());
  }

  private static Agent mergeAgent(Agent a, Agent b) {
    return new Agent(a.id(), a.hostname().isEmpty() ? b.hostname() : a.hostname(),
        union(a.addresses(), b.addresses()), a.port() == 0 ? b.port() : a.port());
  }

  /**
   * The first report's task refined by the second's: a terminal state wins (Mesos never runs a
   * task again once it ended, so the source that saw it end is the fresher one: Marathon's kill
   * event beats the master's state from the last poll); otherwise a running state wins over a
   * stale one so a task one source already sees running is published. IPs and host addresses
   * are united; the second source's discovery ports and health fill in what the first lacks or
   * refine it, and a discovery name either gives is kept.
   */
  private static Task mergeTask(Task a, Task b) {
    String state;
    if (TERMINAL.contains(a.state()) || TERMINAL.contains(b.state())) {
      state = TERMINAL.contains(a.state()) ? a.state() : b.state();
    } else {
      state = a.running() || !b.running() ? a.state() : b.state();
    }
    Discovery discovery = b.discovery() != null && !b.discovery().ports().isEmpty()
        ? b.discovery() : a.discovery() != null ? a.discovery() : b.discovery();
    if (discovery != null && discovery.name().isEmpty()) {
      String name = a.discovery() != null && !a.discovery().name().isEmpty() ? a.discovery().name()
          : b.discovery() != null ? b.discovery().name() : "";
      discovery = new Discovery(name, discovery.ports());
    }
    Health health = b.health() != Health.UNKNOWN ? b.health() : a.health();
    Map<String, String> labels = new HashMap<>(b.labels());
    labels.putAll(a.labels());
    return new Task(a.id(), a.name(), a.framework(), state,
        a.agentId().isEmpty() ? b.agentId() : a.agentId(),
        union(a.hostAddresses(), b.hostAddresses()),
        union(a.containerIps(), b.containerIps()),
        a.resourcePorts().isEmpty() ? b.resourcePorts() : a.resourcePorts(),
        discovery, health, labels);
  }

  private static <T> List<T> union(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    LinkedHashSet<T> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
