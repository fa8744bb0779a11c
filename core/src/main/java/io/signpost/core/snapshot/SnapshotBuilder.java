package io.signpost.core.snapshot;

import com.google.common.net.InetAddresses;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.EnumeratedFramework.EnumeratedRecord;
import io.signpost.spi.EnumeratedFramework.EnumeratedTask;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import io.signpost.spi.model.RecordType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects records with Mesos-DNS's set semantics (adding an existing name and value is a no-op)
 * and remembers, for the enumeration API, which task added each record first. Not thread-safe:
 * one builder per rebuild.
 */
public final class SnapshotBuilder {

  private final Map<String, Entry> entries = new HashMap<>();
  private final List<FrameworkEntry> frameworks = new ArrayList<>();
  private FrameworkEntry currentFramework;
  private TaskEntry currentTask;

  /** Starts the enumeration entry of a framework; later tasks are listed under it. */
  public void beginFramework(String rawName) {
    currentTask = null;
    currentFramework = frameworks.stream()
        .filter(f -> f.name.equals(rawName))
        .findFirst()
        .orElseGet(() -> {
          FrameworkEntry f = new FrameworkEntry(rawName);
          frameworks.add(f);
          return f;
        });
  }

  /** Starts a task: records added until the next task or framework are listed under it. */
  public void beginTask(String rawName, String id) {
    if (currentFramework == null) {
      throw new IllegalStateException("beginTask before beginFramework");
    }
    currentTask = new TaskEntry(rawName, id);
    currentFramework.tasks.add(currentTask);
  }

  /** Ends the current task: records added from now on belong to no task. */
  public void endTask() {
    currentTask = null;
  }

  /**
   * Adds an A or AAAA record, by the address's family. An IPv4-mapped IPv6 address is never
   * produced here: Java already represents it as an {@link Inet4Address}.
   *
   * @return whether the record was new
   */
  public boolean addAddress(String name, InetAddress address) {
    Entry e = entry(name);
    boolean added;
    String type;
    if (address instanceof Inet4Address v4) {
      added = e.a.add(v4);
      type = "A";
    } else {
      added = e.aaaa.add((Inet6Address) address);
      type = "AAAA";
    }
    if (added && currentTask != null) {
      currentTask.records.add(
          new EnumeratedRecord(key(name), InetAddresses.toAddrString(address), type));
    }
    return added;
  }

  /**
   * Adds an SRV record.
   *
   * @return whether the record was new
   */
  public boolean addSrv(String name, String target, int port) {
    SrvTarget value = new SrvTarget(key(target), port);
    boolean added = entry(name).srv.add(value);
    if (added && currentTask != null) {
      currentTask.records.add(
          new EnumeratedRecord(key(name), value.toString(), RecordType.SRV.name()));
    }
    return added;
  }

  /** Whether any record exists for {@code name} so far. */
  public boolean has(String name) {
    return entries.containsKey(key(name));
  }

  /** Builds the immutable snapshot. The builder must not be used afterwards. */
  public RecordSnapshot build(long serial, Instant builtAt) {
    Map<String, io.signpost.spi.RecordSet> sets = new HashMap<>(entries.size() * 2);
    entries.forEach((name, e) -> sets.put(name, e.toRecordSet()));
    List<EnumeratedFramework> enumeration = new ArrayList<>(frameworks.size());
    for (FrameworkEntry f : frameworks) {
      List<EnumeratedTask> tasks = new ArrayList<>(f.tasks.size());
      for (TaskEntry t : f.tasks) {
        tasks.add(new EnumeratedTask(t.name, t.id, t.records));
      }
      enumeration.add(new EnumeratedFramework(f.name, tasks));
    }
    return new ImmutableRecordSnapshot(sets, enumeration, serial, builtAt);
  }

  private Entry entry(String name) {
    return entries.computeIfAbsent(key(name), k -> new Entry());
  }

  static String key(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }

  private static final class Entry {
    final Set<Inet4Address> a = new LinkedHashSet<>();
    final Set<Inet6Address> aaaa = new LinkedHashSet<>();
    final Set<SrvTarget> srv = new LinkedHashSet<>();

    io.signpost.spi.RecordSet toRecordSet() {
      return new io.signpost.spi.RecordSet(List.copyOf(a), List.copyOf(aaaa), List.copyOf(srv));
    }
  }

  private static final class FrameworkEntry {
    final String name;
    final List<TaskEntry> tasks = new ArrayList<>();

    FrameworkEntry(String name) {
      this.name = name;
    }
  }

  private static final class TaskEntry {
    final String name;
    final String id;
    final List<EnumeratedRecord> records = new ArrayList<>();

    TaskEntry(String name, String id) {
      this.name = name;
      this.id = id;
    }
  }
}
