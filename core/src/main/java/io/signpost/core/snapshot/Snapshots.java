package io.signpost.core.snapshot;

import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Comparisons between snapshots, for serial numbering, and the record sets they hold. */
public final class Snapshots {
  private Snapshots() {}

  /** Whether two snapshots hold exactly the same records. */
  public static boolean sameRecords(RecordSnapshot a, RecordSnapshot b) {
    return a instanceof NumberedSnapshot n && n.sameRecords(b);
  }

  /** The same records as {@code snapshot} (a {@link NumberedSnapshot}) under a new serial. */
  public static RecordSnapshot withSerial(RecordSnapshot snapshot, long serial, Instant builtAt) {
    return ((NumberedSnapshot) snapshot).withSerial(serial, builtAt);
  }

  /**
   * The record set of a name's values, each an {@link Inet4Address}, an {@link Inet6Address} or
   * an {@link SrvTarget}, kept in their order within each type.
   */
  public static RecordSet recordSet(Iterable<?> values) {
    List<Inet4Address> a = new ArrayList<>(0);
    List<Inet6Address> aaaa = new ArrayList<>(0);
    List<SrvTarget> srv = new ArrayList<>(0);
    for (Object v : values) {
      if (v instanceof Inet4Address v4) {
        a.add(v4);
      } else if (v instanceof Inet6Address v6) {
        aaaa.add(v6);
      } else {
        srv.add((SrvTarget) v);
      }
    }
    return new RecordSet(a, aaaa, srv);
  }
}
