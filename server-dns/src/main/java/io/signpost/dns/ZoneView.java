package io.signpost.dns;

import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * What one snapshot looks like to the DNS server: the snapshot itself, the SOA of the domain at
 * the snapshot's serial, and (when reverse zones are configured) the PTR index. Built once per
 * snapshot, on the first query that sees it; the PTR index only on the first query under a
 * reverse zone, since it takes a walk over every name (on a cluster of 100,000 tasks, more
 * time and memory than everything else a snapshot needs).
 */
final class ZoneView {

  final RecordSnapshot snapshot;
  final SOARecord soa;
  private final List<String> reverseZones;
  private volatile ReverseIndex reverse;

  /**
   * The PTR records of one snapshot.
   *
   * @param ptr reverse name (lower-case, absolute) to the names pointing at that address, sorted
   * @param emptyNonTerminals reverse names with no PTR of their own but some below them
   */
  record ReverseIndex(Map<String, List<Name>> ptr, Set<String> emptyNonTerminals) {}
  /** Replies pre-rendered by {@link FastPath}, per type and name; bounded by the snapshot. */
  private final java.util.concurrent.ConcurrentHashMap<String, FastPath.Rendered> renderedA =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, FastPath.Rendered> renderedAaaa =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, FastPath.Rendered> renderedSrv =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The previous snapshot's rendered replies, for reuse where the records they came from did not
   * change (no chain: these maps never point further back).
   */
  private final Map<String, FastPath.Rendered> previousA;
  private final Map<String, FastPath.Rendered> previousAaaa;
  private final Map<String, FastPath.Rendered> previousSrv;

  /** The rendered replies for A, AAAA or SRV. */
  java.util.concurrent.ConcurrentHashMap<String, FastPath.Rendered> rendered(int qtype) {
    return qtype == org.xbill.DNS.Type.A ? renderedA
        : qtype == org.xbill.DNS.Type.AAAA ? renderedAaaa : renderedSrv;
  }

  /** The previous snapshot's rendered reply for {@code key} and A, AAAA or SRV, or null. */
  FastPath.Rendered previouslyRendered(int qtype, String key) {
    Map<String, FastPath.Rendered> m = qtype == org.xbill.DNS.Type.A ? previousA
        : qtype == org.xbill.DNS.Type.AAAA ? previousAaaa : previousSrv;
    return m.get(key);
  }
  private final byte[] negativeSoa;

  byte[] negativeSoaRdata() {
    return negativeSoa;
  }

  ZoneView(RecordSnapshot snapshot, ServerNames names, List<String> reverseZones) {
    this(snapshot, names, reverseZones, null);
  }

  /** @param previous the view of the snapshot before, whose rendered replies may be reused */
  ZoneView(RecordSnapshot snapshot, ServerNames names, List<String> reverseZones,
      ZoneView previous) {
    this.snapshot = snapshot;
    this.previousA = previous == null ? Map.of() : previous.renderedA;
    this.previousAaaa = previous == null ? Map.of() : previous.renderedAaaa;
    this.previousSrv = previous == null ? Map.of() : previous.renderedSrv;
    this.soa = names.soa(names.apex, snapshot.serial());
    this.negativeSoa = FastPath.negativeSoa(soa, names.negativeTtl);
    this.reverseZones = List.copyOf(reverseZones);
  }

  /** The PTR index, built by the first caller (others wait for it rather than build another). */
  ReverseIndex reverse() {
    ReverseIndex r = reverse;
    if (r == null) {
      synchronized (this) {
        r = reverse;
        if (r == null) {
          r = buildReverse(snapshot, reverseZones);
          reverse = r;
        }
      }
    }
    return r;
  }

  private static ReverseIndex buildReverse(RecordSnapshot snapshot, List<String> reverseZones) {
    if (reverseZones.isEmpty()) {
      return new ReverseIndex(Map.of(), Set.of());
    }
    Map<String, TreeSet<Name>> index = new HashMap<>();
    snapshot.forEach((owner, set) -> {
      if (set.a().isEmpty() && set.aaaa().isEmpty()) {
        return;
      }
      Name target;
      try {
        target = Name.fromString(owner);
      } catch (TextParseException e) {
        return; // not a valid DNS name: it cannot be a PTR target either
      }
      List<InetAddress> addresses = new ArrayList<>(set.a());
      addresses.addAll(set.aaaa());
      for (InetAddress address : addresses) {
        String reverse = ReverseMap.fromAddress(address).toString().toLowerCase(Locale.ROOT);
        if (zoneOf(reverse, reverseZones) != null) {
          index.computeIfAbsent(reverse, k -> new TreeSet<>()).add(target);
        }
      }
    });
    Map<String, List<Name>> frozen = new HashMap<>(index.size() * 2);
    Set<String> ents = new HashSet<>();
    for (Map.Entry<String, TreeSet<Name>> e : index.entrySet()) {
      frozen.put(e.getKey(), List.copyOf(e.getValue()));
      String zone = zoneOf(e.getKey(), reverseZones);
      String name = e.getKey();
      int dot = name.indexOf('.');
      while (dot >= 0 && name.length() - dot - 1 > zone.length()) {
        ents.add(name.substring(dot + 1));
        dot = name.indexOf('.', dot + 1);
      }
    }
    ents.removeAll(frozen.keySet());
    return new ReverseIndex(Map.copyOf(frozen), Set.copyOf(ents));
  }

  /** The longest of {@code zones} that {@code name} equals or lies under, or {@code null}. */
  static String zoneOf(String name, List<String> zones) {
    String best = null;
    for (String zone : zones) {
      boolean under = name.equals(zone)
          || (name.endsWith(zone) && name.charAt(name.length() - zone.length() - 1) == '.');
      if (under && (best == null || zone.length() > best.length())) {
        best = zone;
      }
    }
    return best;
  }

  /** The fixed names and SOA fields of the server, from the core settings. */
  static final class ServerNames {
    final Name apex;
    final Name mname;
    final Name rname;
    final long ttl;
    final long negativeTtl;
    final CoreSettings core;

    ServerNames(CoreSettings core, long ttl) {
      this.core = core;
      this.ttl = ttl;
      this.negativeTtl = Math.min(ttl, core.soaMinttl());
      try {
        this.apex = Name.fromString(core.domainFqdn().toLowerCase(Locale.ROOT));
        this.mname = Name.fromString(absolute(core.soaMname()));
        this.rname = Name.fromString(absolute(core.soaRname()));
      } catch (TextParseException e) {
        throw new IllegalArgumentException("invalid domain or SOA name: " + e.getMessage(), e);
      }
    }

    private static String absolute(String name) {
      return name.endsWith(".") ? name : name + ".";
    }

    /** The SOA of a zone we serve (the domain or a reverse zone) at a serial. */
    SOARecord soa(Name zone, long serial) {
      return new SOARecord(zone, DClass.IN, ttl, mname, rname, serial & 0xffffffffL,
          core.soaRefresh(), core.soaRetry(), core.soaExpire(), core.soaMinttl());
    }
  }
}
