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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects records with Mesos-DNS's set semantics (adding an existing name and value is a no-op)
 * and remembers, for the enumeration API, which task added each record first. Not thread-safe:
 * one builder per rebuild.
 *
 * <p>Sized for clusters of 100,000 tasks (about two million names): a name's values live in a
 * field and a small array until they are many, the enumeration keeps references to the name and
 * value instead of text (rendered only when asked for), and the finished snapshot's map is built
 * without an intermediate copy.
 */
public final class SnapshotBuilder {

  /** Values of a name are searched linearly up to this many, then through a hash set. */
  private static final int LINEAR_MAX = 8;

  private final Map<String, Object> entries = new HashMap<>();
  private final List<FrameworkEntry> frameworks = new ArrayList<>();
  private FrameworkEntry currentFramework;
  private TaskEntry currentTask;
  private SrvTarget lastSrv;

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
    if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
    }
    return add(name, address);
  }

  /**
   * Adds an SRV record.
   *
   * @return whether the record was new
   */
  public boolean addSrv(String name, String target, int port) {
    String key = key(target);
    SrvTarget value = lastSrv;
    // A task's SRV records repeat one target and port under several names: share the value.
    if (value == null || value.port() != port || !value.target().equals(key)) {
      value = new SrvTarget(key, port);
      lastSrv = value;
    }
    return add(name, value);
  }

  private boolean add(String name, Object value) {
    Entry e = entry(name);
    boolean added = e.add(value);
    if (added && currentTask != null) {
      currentTask.add(e.name, value);
    }
    return added;
  }

  /** Whether any record exists for {@code name} so far. */
  public boolean has(String name) {
    return entries.containsKey(key(name));
  }

  /** Builds the immutable snapshot. The builder must not be used afterwards. */
  public RecordSnapshot build(long serial, Instant builtAt) {
    // In place: the values become their final form, and the snapshot copies the map only once.
    entries.replaceAll((name, e) -> ((Entry) e).toValue());
    Map<String, Object> values = Map.copyOf(entries);
    entries.clear();
    List<FrameworkEntry> enumeration = List.copyOf(frameworks);
    return new ImmutableRecordSnapshot(values, () -> enumerate(enumeration), serial, builtAt);
  }

  /** The enumeration in its API shape, rendered from the compact per-task record lists. */
  private static List<EnumeratedFramework> enumerate(List<FrameworkEntry> frameworks) {
    List<EnumeratedFramework> result = new ArrayList<>(frameworks.size());
    for (FrameworkEntry f : frameworks) {
      List<EnumeratedTask> tasks = new ArrayList<>(f.tasks.size());
      for (TaskEntry t : f.tasks) {
        List<EnumeratedRecord> records = new ArrayList<>(t.size / 2);
        for (int i = 0; i < t.size; i += 2) {
          String name = (String) t.records[i];
          Object value = t.records[i + 1];
          if (value instanceof SrvTarget srv) {
            records.add(new EnumeratedRecord(name, srv.toString(), RecordType.SRV.name()));
          } else {
            InetAddress address = (InetAddress) value;
            records.add(new EnumeratedRecord(name, InetAddresses.toAddrString(address),
                address instanceof Inet4Address ? "A" : "AAAA"));
          }
        }
        tasks.add(new EnumeratedTask(t.name, t.id, records));
      }
      result.add(new EnumeratedFramework(f.name, tasks));
    }
    return result;
  }

  private Entry entry(String name) {
    String key = key(name);
    Entry e = (Entry) entries.get(key);
    if (e == null) {
      e = new Entry(key);
      entries.put(key, e);
    }
    return e;
  }

  static String key(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }

  /**
   * The distinct values of one name, in insertion order. Most names get one value: it is held in
   * {@code first}, with no array.
   */
  private static final class Entry {
    final String name;
    Object first;
    /** The values after the first. */
    Object[] more;
    int size;
    Set<Object> index;

    Entry(String name) {
      this.name = name;
    }

    Object get(int i) {
      return i == 0 ? first : more[i - 1];
    }

    boolean add(Object value) {
      if (index != null) {
        if (!index.add(value)) {
          return false;
        }
      } else {
        for (int i = 0; i < size; i++) {
          if (get(i).equals(value)) {
            return false;
          }
        }
      }
      if (size == 0) {
        first = value;
      } else {
        if (more == null) {
          more = new Object[2];
        } else if (size - 1 == more.length) {
          more = Arrays.copyOf(more, more.length * 2);
        }
        more[size - 1] = value;
      }
      size++;
      if (index == null && size > LINEAR_MAX) {
        index = new HashSet<>();
        for (int i = 0; i < size; i++) {
          index.add(get(i));
        }
      }
      return true;
    }

    /** The only value itself, or the record set of several (see ImmutableRecordSnapshot). */
    Object toValue() {
      if (size == 1) {
        return first;
      }
      Object[] all = new Object[size];
      all[0] = first;
      System.arraycopy(more, 0, all, 1, size - 1);
      return Snapshots.recordSet(Arrays.asList(all));
    }
  }

  private static final class FrameworkEntry {
    final String name;
    final List<TaskEntry> tasks = new ArrayList<>();

    FrameworkEntry(String name) {
      this.name = name;
    }
  }

  /** A task and the records it added first, as (name, value) pairs. */
  private static final class TaskEntry {
    final String name;
    final String id;
    Object[] records = new Object[0];
    int size;

    TaskEntry(String name, String id) {
      this.name = name;
      this.id = id;
    }

    void add(String recordName, Object value) {
      if (size + 2 > records.length) {
        records = Arrays.copyOf(records, Math.max(8, records.length * 2));
      }
      records[size++] = recordName;
      records[size++] = value;
    }
  }
}
