package io.signpost.dns;

import io.signpost.spi.AddressLookup;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSnapshot;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * What one snapshot looks like to the DNS server: the snapshot itself, the SOA of the domain at
 * the snapshot's serial, and (when reverse zones are configured) its address lookup for PTR
 * queries. Built once per snapshot, on the first query that sees it; the address lookup only on
 * the first query under a reverse zone, since the snapshot indexes its addresses for it.
 */
final class ZoneView {

  final RecordSnapshot snapshot;
  final SOARecord soa;
  private volatile AddressLookup addresses;

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

  ZoneView(RecordSnapshot snapshot, ServerNames names) {
    this(snapshot, names, null);
  }

  /** @param previous the view of the snapshot before, whose rendered replies may be reused */
  ZoneView(RecordSnapshot snapshot, ServerNames names, ZoneView previous) {
    this.snapshot = snapshot;
    this.previousA = previous == null ? Map.of() : previous.renderedA;
    this.previousAaaa = previous == null ? Map.of() : previous.renderedAaaa;
    this.previousSrv = previous == null ? Map.of() : previous.renderedSrv;
    this.soa = names.soa(names.apex, snapshot.serial());
    this.negativeSoa = FastPath.negativeSoa(soa, names.negativeTtl);
  }

  /** The snapshot's address lookup, asked for once per view (the snapshot keeps its index). */
  AddressLookup addresses() {
    AddressLookup a = addresses;
    if (a == null) {
      synchronized (this) {
        a = addresses;
        if (a == null) {
          a = snapshot.addresses();
          addresses = a;
        }
      }
    }
    return a;
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
