package io.signpost.core.snapshot;

import io.signpost.spi.AddressLookup;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The {@link RecordSnapshot} the runtime publishes. */
final class ImmutableRecordSnapshot implements NumberedSnapshot {

  /**
   * Per name its only value (an {@link Inet4Address}, {@link Inet6Address} or {@link SrvTarget})
   * or, when it has several, its {@link RecordSet}: most of a big cluster's two million names hold
   * one value, and a record set around it would cost 48 bytes more each.
   */
  private final Map<String, Object> records;
  private final Set<String> emptyNonTerminals;
  /** Renders the enumeration on demand: kept as text it would double the snapshot's size. */
  private final Supplier<List<EnumeratedFramework>> enumeration;
  private final long serial;
  private final Instant builtAt;
  private final int recordCount;
  /** Built by the first reverse lookup: most servers never make one. */
  private volatile AddressLookup addresses;

  ImmutableRecordSnapshot(
      Map<String, Object> records,
      Supplier<List<EnumeratedFramework>> enumeration,
      long serial,
      Instant builtAt) {
    this.records = Map.copyOf(records); // no copy when the map is immutable already
    this.enumeration = enumeration;
    this.serial = serial;
    this.builtAt = builtAt;
    this.emptyNonTerminals = emptyNonTerminals(this.records.keySet());
    int count = 0;
    for (Object value : this.records.values()) {
      count += value instanceof RecordSet set
          ? set.a().size() + set.aaaa().size() + set.srv().size() : 1;
    }
    this.recordCount = count;
  }

  /** Every proper ancestor of a name that has no records itself. */
  private static Set<String> emptyNonTerminals(Set<String> names) {
    Set<String> result = new HashSet<>();
    for (String name : names) {
      int dot = name.indexOf('.');
      while (dot >= 0 && dot + 1 < name.length()) {
        String parent = name.substring(dot + 1);
        if (!names.contains(parent) && !result.add(parent)) {
          break; // this parent and all above it were seen already
        }
        dot = name.indexOf('.', dot + 1);
      }
    }
    return Set.copyOf(result);
  }

  @Override
  public long serial() {
    return serial;
  }

  @Override
  public Instant builtAt() {
    return builtAt;
  }

  @Override
  public RecordSet lookup(String name) {
    Object value = records.get(name);
    if (value == null || value instanceof RecordSet) {
      return (RecordSet) value;
    }
    if (value instanceof Inet4Address v4) {
      return new RecordSet(List.of(v4), List.of(), List.of());
    }
    if (value instanceof Inet6Address v6) {
      return new RecordSet(List.of(), List.of(v6), List.of());
    }
    return new RecordSet(List.of(), List.of(), List.of((SrvTarget) value));
  }

  @Override
  public boolean isEmptyNonTerminal(String name) {
    return emptyNonTerminals.contains(name);
  }

  @Override
  public AddressLookup addresses() {
    AddressLookup a = addresses;
    if (a == null) {
      synchronized (this) {
        a = addresses;
        if (a == null) {
          a = new AddressIndex(this);
          addresses = a;
        }
      }
    }
    return a;
  }

  @Override
  public Set<String> names() {
    return records.keySet();
  }

  @Override
  public int recordCount() {
    return recordCount;
  }

  @Override
  public List<EnumeratedFramework> enumeration() {
    return List.copyOf(enumeration.get());
  }

  @Override
  public ImmutableRecordSnapshot withSerial(long newSerial, Instant newBuiltAt) {
    return new ImmutableRecordSnapshot(this, newSerial, newBuiltAt);
  }

  private ImmutableRecordSnapshot(ImmutableRecordSnapshot from, long serial, Instant builtAt) {
    this.records = from.records;
    this.emptyNonTerminals = from.emptyNonTerminals;
    this.enumeration = from.enumeration;
    this.recordCount = from.recordCount;
    this.serial = serial;
    this.builtAt = builtAt;
  }

  /** Whether both snapshots hold the same records (serial, time and enumeration aside). */
  @Override
  public boolean sameRecords(RecordSnapshot other) {
    return other instanceof ImmutableRecordSnapshot o && records.equals(o.records);
  }
}
