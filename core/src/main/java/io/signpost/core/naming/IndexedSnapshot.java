package io.signpost.core.naming;

import com.google.common.net.InetAddresses;
import io.signpost.core.snapshot.AddressSet;
import io.signpost.core.snapshot.NumberedSnapshot;
import io.signpost.core.snapshot.Snapshots;
import io.signpost.spi.AddressLookup;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.EnumerationVisitor;
import io.signpost.spi.EnumeratedFramework.EnumeratedRecord;
import io.signpost.spi.EnumeratedFramework.EnumeratedTask;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.Task;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A snapshot that keeps the tasks, not their names. A big cluster's names are nearly all task
 * names (18 per task for a Marathon task with DiscoveryInfo and two ports); storing each as a
 * string costs about 170 bytes, 300 MB at 100,000 tasks. This snapshot keeps, per pass of a task
 * ({@link TaskPass}), a reference to the task and four numbers, plus hash indexes from the task
 * label and the canonical label to the passes. A query name is parsed into framework and label,
 * the matching passes are rebuilt and their records, made by {@link TaskNames} like everywhere
 * else, filtered by name. Everything that is not a task name (frameworks, agents, masters, plain
 * records) is held in an ordinary snapshot next to the index.
 *
 * <p>It is only built when no name can come from two different rules (see {@link Builder}), so
 * every task name has exactly one key: its framework and either its task label or its canonical
 * label.
 */
final class IndexedSnapshot implements NumberedSnapshot {

  /** The pass is the legacy (dotted DiscoveryInfo name) pass of its task. */
  private static final byte LEGACY = 1;
  /** The pass is the second of its task (the first was the legacy pass). */
  private static final byte SAME_TASK = 2;
  /** No earlier pass has the same framework and task label. */
  private static final byte FIRST_LABEL = 4;
  /** No earlier pass has the same framework and canonical label. */
  private static final byte FIRST_CANONICAL = 8;

  /** How many looked-up names a snapshot remembers the answers of. */
  static final int REMEMBERED = 1 << 14;
  /** The remembered answer of a name without records but with task names below it. */
  private static final Object EMPTY_NON_TERMINAL = new Object();

  private final RecordGenerator generator;
  private final NumberedSnapshot explicit;
  private final Passes passes;
  private final long serial;
  private final Instant builtAt;

  private IndexedSnapshot(RecordGenerator generator, NumberedSnapshot explicit, Passes passes,
      long serial, Instant builtAt) {
    this.generator = generator;
    this.explicit = explicit;
    this.passes = passes;
    this.serial = serial;
    this.builtAt = builtAt;
  }

  /** The passes and indexes, shared by the snapshots that differ only by serial. */
  private static final class Passes {
    Task[] task;
    List<InetAddress>[] slaveIps;
    short[] framework;
    int[] hashBits;
    byte[] flags;
    int count;
    /** Framework domain fragments, by number. */
    final List<String> fragments = new ArrayList<>();
    /** The same with a leading dot, as query names are matched against them. */
    String[] dottedFragments;
    /** The enumeration's frameworks (raw names) and the first pass of each. */
    final List<String> enumerationFrameworks = new ArrayList<>();
    int[] enumerationStart = new int[4];
    final HashChains byLabel;
    final HashChains byCanonical;
    /** Every proper dot-suffix of dotted task and canonical labels: for empty non-terminals. */
    final HashChains bySuffix;
    /** Names above task names that hold no records: {@code F.mesos.}, {@code _tcp.F.mesos.}... */
    final Set<String> staticAncestors = new HashSet<>();
    /** Answers of task-name lookups so far: a {@link RecordSet} or one of the markers. */
    final Map<String, Object> answers = new ConcurrentHashMap<>();
    /** Names and records of the task part, counted on first need (see {@link #counts()}). */
    volatile long counts = -1;
    /** Task addresses for reverse lookups, indexed by the first (see {@link #addresses}). */
    volatile TaskAddresses addresses;

    @SuppressWarnings("unchecked")
    Passes(Sizes expected) {
      task = new Task[expected.passes()];
      slaveIps = new List[expected.passes()];
      framework = new short[expected.passes()];
      hashBits = new int[expected.passes()];
      flags = new byte[expected.passes()];
      byLabel = new HashChains(expected.passes());
      byCanonical = new HashChains(expected.passes());
      bySuffix = new HashChains(expected.suffixes());
    }

    Sizes sizes() {
      return new Sizes(count, bySuffix.entries());
    }
  }

  // ---- RecordSnapshot

  @Override
  public long serial() {
    return serial;
  }

  @Override
  public Instant builtAt() {
    return builtAt;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A task name's records are rendered on its first lookup and remembered (up to {@link
   * #REMEMBERED} names per snapshot), so the names clients keep asking for cost a hash lookup,
   * as in a snapshot that stores every name.
   */
  @Override
  public RecordSet lookup(String name) {
    RecordSet set = explicit.lookup(name);
    if (set != null) {
      return set;
    }
    Object known = passes.answers.get(name);
    if (known != null) {
      return known instanceof RecordSet r ? r : null;
    }
    set = derived(name);
    if (set != null) {
      remember(name, set);
    }
    return set;
  }

  @Override
  public boolean isEmptyNonTerminal(String name) {
    if (explicit.lookup(name) != null) {
      return false;
    }
    Object known = passes.answers.get(name);
    if (known != null) {
      return known == EMPTY_NON_TERMINAL;
    }
    if (derived(name) != null) {
      return false;
    }
    boolean ent = explicit.isEmptyNonTerminal(name)
        || passes.staticAncestors.contains(name)
        || hasTaskNameBelow(name);
    if (ent) {
      remember(name, EMPTY_NON_TERMINAL);
    } // names that do not exist are not remembered: random names must not fill the memory
    return ent;
  }

  /** Remembers a lookup's answer unless the memory is full (random names must not grow it). */
  private void remember(String name, Object answer) {
    if (passes.answers.size() < REMEMBERED) {
      passes.answers.put(name, answer);
    }
  }

  @Override
  public Set<String> names() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        Iterator<String> first = explicit.names().iterator();
        Iterator<String> second = new TaskNameIterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return first.hasNext() || second.hasNext();
          }

          @Override
          public String next() {
            return first.hasNext() ? first.next() : second.next();
          }
        };
      }

      @Override
      public int size() {
        return explicit.names().size() + (int) (counts() >>> 32);
      }

      @Override
      public boolean contains(Object o) {
        return o instanceof String s && lookup(s) != null;
      }
    };
  }

  @Override
  public void forEach(BiConsumer<String, RecordSet> action) {
    explicit.forEach(action);
    for (int i = 0; i < passes.count; i++) {
      eachName(i, action);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Indexes each pass under its task's and agent's addresses (ints, not names: about 14 MB for
   * 100,000 tasks), once for every serial of these passes; a lookup names again the few passes
   * under the address.
   */
  @Override
  public AddressLookup addresses() {
    Passes p = passes;
    TaskAddresses a = p.addresses;
    if (a == null) {
      synchronized (p) {
        a = p.addresses;
        if (a == null) {
          a = new TaskAddresses(p, generator);
          p.addresses = a;
        }
      }
    }
    return new AddressLookup() {
      final TaskAddresses tasks = p.addresses;
      final AddressLookup others = explicit.addresses();

      @Override
      public Set<String> names(InetAddress address) {
        Set<String> names = new HashSet<>(others.names(address));
        for (int e = tasks.byAddress.first(address.hashCode()); e >= 0;
            e = tasks.byAddress.next(e)) {
          generator.names().emit(pass(tasks.byAddress.value(e)), (key, name, value) -> {
            if (value.equals(address)) {
              names.add(name);
            }
          });
        }
        return names;
      }

      @Override
      public boolean anyUnder(InetAddress prefix, int bits) {
        return tasks.all.anyUnder(prefix, bits) || others.anyUnder(prefix, bits);
      }
    };
  }

  /** Each pass under the addresses its names hold (repeats skipped), and the set of them all. */
  private static final class TaskAddresses {
    final HashChains byAddress;
    final AddressSet all;

    TaskAddresses(Passes p, RecordGenerator generator) {
      byAddress = new HashChains(p.count * 2);
      AddressSet.Builder addresses = new AddressSet.Builder();
      List<InetAddress> seen = new ArrayList<>();
      for (int i = 0; i < p.count; i++) {
        seen.clear();
        for (InetAddress ip : generator.taskIps(p.task[i], p.slaveIps[i])) {
          seen.add(RecordGenerator.normalise(ip));
        }
        for (InetAddress ip : p.slaveIps[i]) {
          seen.add(RecordGenerator.normalise(ip));
        }
        for (int k = 0; k < seen.size(); k++) {
          InetAddress a = seen.get(k);
          if (seen.indexOf(a) == k) {
            byAddress.add(a.hashCode(), i);
            addresses.add(a);
          }
        }
      }
      byAddress.trim();
      all = addresses.build();
    }
  }

  @Override
  public int recordCount() {
    return explicit.recordCount() + (int) counts();
  }

  @Override
  public List<EnumeratedFramework> enumeration() {
    List<String> frameworks = new ArrayList<>();
    List<List<EnumeratedTask>> tasks = new ArrayList<>();
    enumerate(new EnumerationVisitor() {
      @Override
      public void framework(String name) {
        frameworks.add(name);
        tasks.add(new ArrayList<>());
      }

      @Override
      public void task(EnumeratedTask task) {
        tasks.get(tasks.size() - 1).add(task);
      }
    });
    List<EnumeratedFramework> result = new ArrayList<>(frameworks.size());
    for (int f = 0; f < frameworks.size(); f++) {
      result.add(new EnumeratedFramework(frameworks.get(f), tasks.get(f)));
    }
    return result;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each task is named as it is passed on. A record is listed only by the first task that
   * adds it, as in Mesos-DNS; without a set of every record, which would hold the whole
   * enumeration: a name belongs to one label or canonical group (else the snapshot is not
   * compact), SRV targets are each pass's own canonical name, so only a label group's addresses
   * can repeat from one task to another, and only those of groups with several tasks are
   * remembered, until the group's last task.
   */
  @Override
  public void enumerate(EnumerationVisitor visitor) {
    Passes p = passes;
    GroupFilter filter = new GroupFilter(p);
    for (int f = 0; f < p.enumerationFrameworks.size(); f++) {
      visitor.framework(p.enumerationFrameworks.get(f));
      int end = f + 1 < p.enumerationFrameworks.size() ? p.enumerationStart[f + 1] : p.count;
      List<EnumeratedRecord> records = null;
      for (int i = p.enumerationStart[f]; i < end; i++) {
        if ((p.flags[i] & SAME_TASK) == 0) {
          if (records != null) {
            visitor.task(new EnumeratedTask(p.task[i - 1].name(), p.task[i - 1].id(), records));
          }
          records = new ArrayList<>();
        }
        List<EnumeratedRecord> taskRecords = records;
        int pass = i;
        generator.names().emit(pass(i), (key, name, value) -> {
          EnumeratedRecord record = value instanceof SrvTarget srv
              ? new EnumeratedRecord(name, srv.toString(), "SRV")
              : new EnumeratedRecord(name, InetAddresses.toAddrString((InetAddress) value),
                  value instanceof Inet4Address ? "A" : "AAAA");
          if (filter.first(pass, key, value instanceof InetAddress, record)) {
            taskRecords.add(record);
          }
        });
        filter.done(i);
      }
      if (records != null) {
        visitor.task(new EnumeratedTask(p.task[end - 1].name(), p.task[end - 1].id(), records));
      }
    }
  }

  /**
   * Which records of an enumeration a pass adds first. Remembers the records of the current
   * pass, and the addresses of label groups with several tasks until their last one; every
   * record when two passes share a canonical label.
   */
  private final class GroupFilter {
    /** Per pass: the first pass of its label group, or -1 when the group has one pass. */
    private final int[] group;
    /** Per group (by first pass): its last pass. */
    private final Map<Integer, Integer> last = new HashMap<>();
    private final Map<Integer, Set<EnumeratedRecord>> groupSeen = new HashMap<>();
    private final Set<EnumeratedRecord> passSeen = new HashSet<>();
    /** Not null: every record is remembered (a canonical label shared by two passes). */
    private final Set<EnumeratedRecord> all;

    GroupFilter(Passes p) {
      group = new int[p.count];
      Arrays.fill(group, -1);
      boolean sharedCanonical = false;
      for (int i = 0; i < p.count; i++) {
        sharedCanonical |= (p.flags[i] & FIRST_CANONICAL) == 0;
      }
      all = sharedCanonical ? new HashSet<>() : null;
      if (all != null) {
        return;
      }
      for (int i = 0; i < p.count; i++) {
        if ((p.flags[i] & FIRST_LABEL) == 0) {
          continue;
        }
        String t = label(i);
        int members = 0;
        int lastMember = i;
        int[] candidates = collect(p.byLabel, p.framework[i], t, null);
        for (int m : candidates) {
          if (m == i || label(m).equals(t)) {
            members++;
            lastMember = Math.max(lastMember, m);
          }
        }
        if (members > 1) {
          for (int m : candidates) {
            if (m == i || label(m).equals(t)) {
              group[m] = i;
            }
          }
          last.put(i, lastMember);
        }
      }
    }

    private String label(int pass) {
      return generator.taskLabel(passes.task[pass], (passes.flags[pass] & LEGACY) != 0);
    }

    boolean first(int pass, TaskNames.Key key, boolean address, EnumeratedRecord record) {
      if (all != null) {
        return all.add(record);
      }
      if (!passSeen.add(record)) {
        return false;
      }
      int g = group[pass];
      return g < 0 || key != TaskNames.Key.LABEL || !address
          || groupSeen.computeIfAbsent(g, k -> new HashSet<>()).add(record);
    }

    /** Pass {@code pass} has had all its records. */
    void done(int pass) {
      passSeen.clear();
      int g = group[pass];
      if (g >= 0 && last.get(g) == pass) {
        groupSeen.remove(g);
      }
    }
  }

  @Override
  public NumberedSnapshot withSerial(long newSerial, Instant newBuiltAt) {
    return new IndexedSnapshot(generator, explicit.withSerial(newSerial, newBuiltAt), passes,
        newSerial, newBuiltAt);
  }

  /**
   * Whether {@code other} holds the same records: the same explicit records and, pass by pass, the
   * same inputs to the naming rules (task names, IDs, addresses and ports), so it errs only
   * towards "different" (a new serial when nothing visible changed).
   */
  @Override
  public boolean sameRecords(RecordSnapshot other) {
    if (!(other instanceof IndexedSnapshot o)) {
      return false;
    }
    Passes a = passes;
    Passes b = o.passes;
    if (a == b) {
      return true;
    }
    if (a.count != b.count || !generator.settings().equals(o.generator.settings())
        || !Snapshots.sameRecords(explicit, o.explicit)) {
      return false;
    }
    for (int i = 0; i < a.count; i++) {
      Task x = a.task[i];
      Task y = b.task[i];
      if (a.flags[i] != b.flags[i]
          || a.hashBits[i] != b.hashBits[i]
          || !a.fragments.get(a.framework[i]).equals(b.fragments.get(b.framework[i]))
          || !a.slaveIps[i].equals(b.slaveIps[i])
          || (x != y && !(x.name().equals(y.name())
              && x.agentId().equals(y.agentId())
              && x.containerIps().equals(y.containerIps())
              && x.resourcePorts().equals(y.resourcePorts())
              && java.util.Objects.equals(x.discovery(), y.discovery())))) {
        return false;
      }
    }
    return true;
  }

  // ---- passes

  /** Rebuilds pass {@code i}. */
  private TaskPass pass(int i) {
    Passes p = passes;
    return generator.pass(p.task[i], p.fragments.get(p.framework[i]), p.slaveIps[i],
        p.hashBits[i], (p.flags[i] & LEGACY) != 0);
  }

  // ---- queries

  /** A task name split at its framework: {@code P.F.mesos.} or {@code P.F.slave.mesos.}. */
  private record Split(int framework, String prefix) {}

  /** Splits {@code name} at the framework whose names it could be, or null. */
  private Split split(String name) {
    String domain = generator.domain();
    int restEnd = name.length() - domain.length() - 1;
    if (restEnd <= 0 || name.charAt(restEnd) != '.' || !name.endsWith(domain)) {
      return null;
    }
    String[] dotted = passes.dottedFragments;
    boolean slave = endsWithLabels(name, restEnd, ".slave");
    int slaveEnd = restEnd - ".slave".length();
    for (int f = 0; f < dotted.length; f++) {
      String fragment = dotted[f];
      if (slave && endsWithLabels(name, slaveEnd, fragment)) {
        return new Split(f, name.substring(0, slaveEnd - fragment.length()));
      }
      if (endsWithLabels(name, restEnd, fragment)) {
        return new Split(f, name.substring(0, restEnd - fragment.length()));
      }
    }
    return null;
  }

  /** Whether {@code s[0, end)} ends with {@code suffix} and has something before it. */
  private static boolean endsWithLabels(String s, int end, String suffix) {
    int start = end - suffix.length();
    return start > 0 && s.regionMatches(start, suffix, 0, suffix.length());
  }

  /** The records of a task name, or null. */
  private RecordSet derived(String name) {
    Split split = split(name);
    if (split == null) {
      return null;
    }
    String prefix = split.prefix();
    int[] candidates;
    if (prefix.startsWith("_")) {
      String label = serviceLabel(prefix);
      if (label == null) {
        return null;
      }
      candidates = collect(passes.byLabel, split.framework(), label, null);
    } else {
      candidates = collect(passes.byLabel, split.framework(), prefix, null);
      candidates = collect(passes.byCanonical, split.framework(), prefix, candidates);
    }
    if (candidates.length == 0) {
      return null;
    }
    Values values = new Values();
    for (int i : candidates) {
      generator.names().emit(pass(i), (key, n, value) -> {
        if (n.equals(name)) {
          values.add(value);
        }
      });
    }
    return values.toRecordSet();
  }

  /**
   * The task label in an SRV name's prefix: {@code t} in {@code _t._tcp} and in
   * {@code _http._t._tcp}, or null.
   */
  private static String serviceLabel(String prefix) {
    int protocol = prefix.lastIndexOf("._");
    if (protocol <= 0) {
      return null;
    }
    String service = prefix.substring(1, protocol);
    int port = service.indexOf("._");
    return port < 0 ? service : service.substring(port + 2);
  }

  /** The passes of framework {@code f} indexed under {@code key} in {@code chains}, sorted. */
  private int[] collect(HashChains chains, int f, String key, int[] more) {
    int[] found = more == null ? new int[0] : more;
    int n = found.length;
    for (int e = chains.first(HashChains.hash(f, key)); e >= 0; e = chains.next(e)) {
      int pass = chains.value(e);
      if (passes.framework[pass] == f) {
        if (n == found.length) {
          found = Arrays.copyOf(found, Math.max(4, n * 2));
        }
        found[n++] = pass;
      }
    }
    found = Arrays.copyOf(found, n);
    Arrays.sort(found);
    return dedupe(found);
  }

  private static int[] dedupe(int[] sorted) {
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n == 0 || sorted[n - 1] != sorted[i]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  /** Whether a task name lies below {@code name} (which has no records itself). */
  private boolean hasTaskNameBelow(String name) {
    Split split = split(name);
    if (split == null) {
      return false;
    }
    String prefix = split.prefix();
    int[] candidates;
    if (prefix.startsWith("_")) {
      // "_t._tcp" above "_http._t._tcp"; "_tcp" alone is a static ancestor.
      int protocol = prefix.lastIndexOf("._");
      if (protocol <= 0) {
        return false;
      }
      String label = prefix.substring(1, protocol);
      if (label.contains("._")) {
        return false;
      }
      candidates = collect(passes.byLabel, split.framework(), label, null);
    } else {
      // "b.c" above "a.b.c" and "a.b.c-hash-tail"; "b._tcp" above "_a.b._tcp".
      int service = prefix.indexOf("._");
      String suffix = service < 0 ? prefix : prefix.substring(0, service);
      candidates = collect(passes.bySuffix, split.framework(), suffix, null);
    }
    String below = "." + name;
    boolean[] found = new boolean[1];
    for (int i : candidates) {
      generator.names().emit(pass(i), (key, n, value) -> {
        if (n.endsWith(below)) {
          found[0] = true;
        }
      });
      if (found[0]) {
        return true;
      }
    }
    return false;
  }

  // ---- iteration

  /**
   * Names and records of the task part, packed as names in the high and records in the low 32
   * bits.
   */
  private long counts() {
    long c = passes.counts;
    if (c < 0) {
      c = countedByRule();
      if (c < 0) {
        long[] n = new long[2];
        for (int i = 0; i < passes.count; i++) {
          eachName(i, (name, set) -> {
            n[0]++;
            n[1] += set.a().size() + set.aaaa().size() + set.srv().size();
          });
        }
        c = (n[0] << 32) | n[1];
      }
      passes.counts = c;
    }
    return c;
  }

  /**
   * The counts from the naming rules ({@link TaskNames#count}), a label group at a time, without
   * rendering a name: a fraction of a second less per snapshot of 100,000 tasks, which a metrics
   * scrape would otherwise spend. -1 when two passes share a canonical label (their SRV targets
   * are one), where only rendering gives the count.
   */
  private long countedByRule() {
    Passes p = passes;
    TaskNames names = generator.names();
    long nameCount = 0;
    long recordCount = 0;
    for (int i = 0; i < p.count; i++) {
      if ((p.flags[i] & FIRST_CANONICAL) == 0) {
        return -1;
      }
    }
    List<TaskPass> group = new ArrayList<>();
    for (int i = 0; i < p.count; i++) {
      TaskPass own = pass(i);
      group.clear();
      group.add(own);
      long c = names.count(group, TaskNames.Key.CANONICAL);
      if ((p.flags[i] & FIRST_LABEL) != 0) {
        for (int m : collect(p.byLabel, p.framework[i], own.t(), null)) {
          if (m != i) {
            TaskPass other = pass(m);
            if (other.t().equals(own.t())) {
              group.add(other);
            }
          }
        }
        c += names.count(group, TaskNames.Key.LABEL);
      }
      nameCount += c >>> 32;
      recordCount += c & 0xffffffffL;
    }
    return nameCount << 32 | recordCount;
  }

  /**
   * The names (with their records) whose key pass {@code i} is the first of: its task-label
   * names if it is the first pass of that label, its canonical names likewise.
   */
  private void eachName(int i, BiConsumer<String, RecordSet> action) {
    byte flags = passes.flags[i];
    if ((flags & (FIRST_LABEL | FIRST_CANONICAL)) == 0) {
      return;
    }
    TaskPass own = pass(i);
    int[] byLabel = (flags & FIRST_LABEL) == 0 ? null
        : collect(passes.byLabel, passes.framework[i], own.t(), null);
    int[] byCanonical = (flags & FIRST_CANONICAL) == 0 ? null
        : collect(passes.byCanonical, passes.framework[i], own.canonical(), null);
    if (byLabel != null && byCanonical != null && byLabel.length == 1
        && byCanonical.length == 1) {
      // The usual case, a task alone under its label: all its names from one rendering.
      Map<String, Values> names = new LinkedHashMap<>();
      generator.names().emit(own,
          (k, name, value) -> names.computeIfAbsent(name, x -> new Values()).add(value));
      names.forEach((name, values) -> action.accept(name, values.toRecordSet()));
      return;
    }
    if (byLabel != null) {
      eachName(i, own, TaskNames.Key.LABEL, byLabel, action);
    }
    if (byCanonical != null) {
      eachName(i, own, TaskNames.Key.CANONICAL, byCanonical, action);
    }
  }

  private void eachName(int i, TaskPass own, TaskNames.Key key, int[] candidates,
      BiConsumer<String, RecordSet> action) {
    Map<String, Values> names = new LinkedHashMap<>();
    for (int m : candidates) {
      TaskPass pass = m == i ? own : pass(m);
      if (key == TaskNames.Key.LABEL ? !pass.t().equals(own.t())
          : !pass.canonical().equals(own.canonical())) {
        continue; // same hash, other label
      }
      generator.names().emit(pass, (k, name, value) -> {
        if (k == key) {
          names.computeIfAbsent(name, x -> new Values()).add(value);
        }
      });
    }
    names.forEach((name, values) -> action.accept(name, values.toRecordSet()));
  }

  /** Task names, produced a key at a time. */
  private final class TaskNameIterator implements Iterator<String> {
    private int pass;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();

    @Override
    public boolean hasNext() {
      while (buffer.isEmpty() && pass < passes.count) {
        eachName(pass++, (name, set) -> buffer.add(name));
      }
      return !buffer.isEmpty();
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.poll();
    }
  }

  /** Distinct values of one name, in the order they came. */
  private static final class Values {
    private final Set<Object> values = new LinkedHashSet<>();

    void add(Object value) {
      values.add(value);
    }

    RecordSet toRecordSet() {
      if (values.isEmpty()) {
        return null;
      }
      return Snapshots.recordSet(values);
    }
  }

  // ---- building

  /** How many passes and suffix entries a build held. */
  record Sizes(int passes, int suffixes) {}

  /**
   * Collects the passes as the generator decides them, and builds the snapshot unless two rules
   * could make the same name: frameworks whose names end like another's ({@code a.b} and
   * {@code b}), a task label equal to another task's canonical label, underscores in a legacy
   * label, a name too long to publish, or a framework, agent, master or plain record name that is
   * also a task name. Then {@link #build} returns null and the caller builds every name.
   */
  static final class Builder implements RecordGenerator.TaskSink {
    private final RecordGenerator generator;
    private final Passes p;
    private final Map<String, Integer> fragmentNumbers = new HashMap<>();
    private final Map<String, String> protocolLabels = new HashMap<>();
    private String lastFragment;
    private int lastFragmentNumber;
    /** Per framework number: its kinds of names, for the static ancestors. */
    private final List<Kinds> kinds = new ArrayList<>();
    private boolean ambiguous;

    /**
     * @param tasks the report's tasks, for a first estimate of the sizes
     * @param last the sizes of the last build (null if none): the arrays are sized for the larger
     *     of the two, so a refresh of a big cluster does not grow them step by step again
     */
    Builder(RecordGenerator generator, List<Task> tasks, Sizes last) {
      this.generator = generator;
      // A dotted DiscoveryInfo name usually adds a legacy pass, whose dotted task and canonical
      // labels add suffixes: counted here, the first build of a big cluster need not grow its
      // arrays and indexes halfway (a copy, a rehash, and recompiled code).
      int passes = tasks.size();
      int suffixes = 0;
      for (Task task : tasks) {
        if (task.discovery() != null && task.discovery().name().indexOf('.') >= 0) {
          passes++;
          suffixes += 2;
        }
      }
      passes = Math.max(64, passes);
      suffixes = Math.max(passes / 2, suffixes);
      if (last != null) {
        passes = Math.max(passes, last.passes() + last.passes() / 16);
        suffixes = Math.max(suffixes, last.suffixes() + last.suffixes() / 16);
      }
      this.p = new Passes(new Sizes(passes, suffixes));
    }

    /** What this build held: a hint for the next one. */
    Sizes sizes() {
      return p.sizes();
    }

    private static final class Kinds {
      boolean frameworkNames;
      boolean slaveNames;
      /** Port resources or a DiscoveryInfo port without protocol: both tcp and udp names. */
      boolean frameworkTcpUdp;
      boolean slaveTcpUdp;
      /** The other DiscoveryInfo protocols, sanitised. */
      final Set<String> frameworkProtocols = new HashSet<>();
      /** The last two raw protocols noted: most tasks repeat them, so most need no lookup. */
      String lastRaw;
      String lastRaw2;
    }

    @Override
    public void beginFramework(String rawName) {
      int n = p.enumerationFrameworks.size();
      p.enumerationFrameworks.add(rawName);
      if (n == p.enumerationStart.length) {
        p.enumerationStart = Arrays.copyOf(p.enumerationStart, n * 2);
      }
      p.enumerationStart[n] = p.count;
    }

    @Override
    public void task(TaskPass legacy, TaskPass regular, int hashBits,
        RecordGenerator.Build build) {
      if (legacy != null) {
        add(legacy, hashBits, LEGACY, build);
      }
      add(regular, hashBits, legacy != null ? SAME_TASK : 0, build);
    }

    @Override
    public void end() {}

    private void add(TaskPass pass, int hashBits, byte flags, RecordGenerator.Build build) {
      int i = p.count;
      if (i == p.task.length) {
        grow();
      }
      int f;
      Integer known;
      if (pass.fragment() == lastFragment) {
        f = lastFragmentNumber; // tasks come framework by framework: one lookup per framework
      } else if ((known = fragmentNumbers.get(pass.fragment())) != null) {
        f = known;
      } else {
        f = p.fragments.size();
        p.fragments.add(pass.fragment());
        kinds.add(new Kinds());
        fragmentNumbers.put(pass.fragment(), f);
      }
      lastFragment = pass.fragment();
      lastFragmentNumber = f;
      if (f > Short.MAX_VALUE) {
        ambiguous = true; // more frameworks than a short numbers: not worth a compact form
        return;
      }
      String t = pass.t();
      if (t.indexOf('_') >= 0) {
        ambiguous = true;
      }
      if (mayBeTooLong(pass)) {
        int before = build.tooLongNames.size();
        generator.names().emit(pass, new TaskNames.Sink() {
          @Override
          public void record(TaskNames.Key key, String name, Object value) {}

          @Override
          public void tooLong(String name) {
            build.tooLongNames.add(name);
          }
        });
        ambiguous |= build.tooLongNames.size() > before;
      }
      p.task[i] = pass.task();
      p.slaveIps[i] = pass.slaveIps();
      p.framework[i] = (short) f;
      p.hashBits[i] = hashBits;
      p.count++;
      // The canonical label is built only when a chain holds its hash: usually it is unique.
      boolean plain = pass.plainCanonical();
      int labelHash = HashChains.hash(f, t);
      int canonicalHash = pass.canonicalHash(f, 0);
      int e = p.byLabel.first(canonicalHash);
      // A task label that is another pass's canonical label, or the reverse: one name, two keys.
      // (A plain canonical label is longer than t.)
      if (has(p.byCanonical, p.byCanonical.first(labelHash), f, t, true)
          || e >= 0 && has(p.byLabel, e, f, pass.canonical(), false)
          || !plain && t.equals(pass.canonical())) {
        ambiguous = true;
      }
      if (!has(p.byLabel, p.byLabel.add(labelHash, i), f, t, false)) {
        flags |= FIRST_LABEL;
      }
      if ((e = p.byCanonical.add(canonicalHash, i)) < 0
          || !has(p.byCanonical, e, f, pass.canonical(), true)) {
        flags |= FIRST_CANONICAL;
      }
      p.flags[i] = flags;
      for (int dot = t.indexOf('.'); dot >= 0; dot = t.indexOf('.', dot + 1)) {
        p.bySuffix.add(HashChains.hash(f, t, dot + 1, t.length()), i);
      }
      if (plain) { // the same dots as t
        for (int dot = t.indexOf('.'); dot >= 0; dot = t.indexOf('.', dot + 1)) {
          p.bySuffix.add(pass.canonicalHash(f, dot + 1), i);
        }
      } else {
        String canonical = pass.canonical();
        for (int dot = canonical.indexOf('.'); dot >= 0; dot = canonical.indexOf('.', dot + 1)) {
          p.bySuffix.add(HashChains.hash(f, canonical, dot + 1, canonical.length()), i);
        }
      }
      noteKinds(kinds.get(f), pass);
    }

    /**
     * Whether a pass of framework {@code f} in the chain from {@code entry} on has {@code key} as
     * label or canonical label.
     */
    private boolean has(HashChains chains, int entry, int f, String key, boolean canonical) {
      for (int e = entry; e >= 0; e = chains.next(e)) {
        int j = chains.value(e);
        if (p.framework[j] != f) {
          continue;
        }
        String other = generator.taskLabel(p.task[j], (p.flags[j] & LEGACY) != 0);
        if (canonical) {
          other = RecordGenerator.canonicalLabel(p.task[j], other, p.hashBits[j]);
        }
        if (other.equals(key)) {
          return true;
        }
      }
      return false;
    }

    /** A cheap bound: false when every name of the pass certainly fits DNS limits. */
    private boolean mayBeTooLong(TaskPass pass) {
      String t = pass.t();
      int firstLabel = t.indexOf('.') < 0 ? t.length() : t.indexOf('.');
      int longestPortName = 0;
      if (pass.hasDiscovery()) {
        for (PortMapping port : pass.task().discovery().ports()) {
          longestPortName = Math.max(longestPortName,
              port.name().length() + port.protocol().length());
        }
      }
      int longest = t.length() + DnsNames.MAX_LABEL + longestPortName + pass.fragment().length()
          + generator.domain().length() + 24;
      return firstLabel >= DnsNames.MAX_LABEL - 1 || longestPortName >= DnsNames.MAX_LABEL - 1
          || longest > DnsNames.MAX_NAME;
    }

    private void noteKinds(Kinds k, TaskPass pass) {
      boolean ports = !pass.task().resourcePorts().isEmpty();
      if (!pass.taskIps().isEmpty()) {
        k.frameworkNames = true;
      }
      if (!pass.slaveIps().isEmpty() || ports) {
        k.slaveNames = true;
      }
      if (ports) {
        k.slaveTcpUdp = true;
        if (!pass.hasDiscovery()) {
          k.frameworkNames = true;
          k.frameworkTcpUdp = true;
        }
      }
      if (pass.hasDiscovery()) {
        for (PortMapping port : pass.task().discovery().ports()) {
          k.frameworkNames = true;
          String raw = port.protocol();
          if (raw == k.lastRaw || raw == k.lastRaw2) {
            continue; // this very string was noted already
          }
          k.lastRaw2 = k.lastRaw;
          k.lastRaw = raw;
          String protocol = protocolLabels.computeIfAbsent(raw, generator.labels()::label);
          if (protocol.isEmpty()) {
            k.frameworkTcpUdp = true;
          } else {
            k.frameworkProtocols.add(protocol);
          }
        }
      }
    }

    private void grow() {
      int n = p.task.length * 2;
      p.task = Arrays.copyOf(p.task, n);
      p.slaveIps = Arrays.copyOf(p.slaveIps, n);
      p.framework = Arrays.copyOf(p.framework, n);
      p.hashBits = Arrays.copyOf(p.hashBits, n);
      p.flags = Arrays.copyOf(p.flags, n);
    }

    /**
     * The snapshot, or null when names could coincide.
     *
     * @param explicit the records that are not task names
     */
    RecordSnapshot build(RecordSnapshot explicit, long serial, Instant builtAt) {
      if (ambiguous || !(explicit instanceof NumberedSnapshot numbered)) {
        return null;
      }
      String domain = generator.domain();
      // Where each framework's names end; none may end another's.
      List<String> endings = new ArrayList<>();
      for (int f = 0; f < p.fragments.size(); f++) {
        endings.add(p.fragments.get(f) + "." + domain);
        endings.add(p.fragments.get(f) + ".slave." + domain);
      }
      for (String a : endings) {
        for (String b : endings) {
          if (a != b && (a.equals(b) || a.endsWith("." + b))) {
            return null;
          }
        }
      }
      trim();
      p.dottedFragments = p.fragments.stream().map(f -> "." + f).toArray(String[]::new);
      for (int f = 0; f < p.fragments.size(); f++) {
        Kinds k = kinds.get(f);
        String fragment = p.fragments.get(f);
        if (k.frameworkNames) {
          addWithAncestors(fragment + "." + domain);
        }
        if (k.slaveNames) {
          addWithAncestors(fragment + ".slave." + domain);
        }
        Set<String> frameworkProtocols = new LinkedHashSet<>();
        if (k.frameworkTcpUdp) {
          frameworkProtocols.addAll(List.of("tcp", "udp"));
        }
        frameworkProtocols.addAll(k.frameworkProtocols);
        for (String protocol : frameworkProtocols) {
          p.staticAncestors.add("_" + protocol + "." + fragment + "." + domain);
        }
        if (k.slaveTcpUdp) {
          p.staticAncestors.add("_tcp." + fragment + ".slave." + domain);
          p.staticAncestors.add("_udp." + fragment + ".slave." + domain);
        }
      }
      IndexedSnapshot snapshot = new IndexedSnapshot(generator, numbered, p, serial, builtAt);
      for (String name : explicit.names()) {
        if (snapshot.derived(name) != null) {
          return null; // a framework, agent, master or plain record is also a task name
        }
      }
      return snapshot;
    }

    private void addWithAncestors(String name) {
      for (int dot = -1; dot >= -1 && dot + 1 < name.length(); dot = name.indexOf('.', dot + 1)) {
        if (!p.staticAncestors.add(name.substring(dot + 1))) {
          break;
        }
      }
    }

    private void trim() {
      p.task = Arrays.copyOf(p.task, p.count);
      p.slaveIps = Arrays.copyOf(p.slaveIps, p.count);
      p.framework = Arrays.copyOf(p.framework, p.count);
      p.hashBits = Arrays.copyOf(p.hashBits, p.count);
      p.flags = Arrays.copyOf(p.flags, p.count);
      p.byLabel.trim();
      p.byCanonical.trim();
      p.bySuffix.trim();
    }
  }
}
