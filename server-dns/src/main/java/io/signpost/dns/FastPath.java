package io.signpost.dns;

import io.signpost.spi.RecordSet;
import io.signpost.spi.SrvTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The hot path for the common queries: a plain QUERY for A, AAAA or SRV of a name in the domain,
 * with at most an EDNS0 OPT. Replies are rendered by dnsjava once per snapshot and name, then
 * copied per query with the client's ID, flags and question bytes (so its case), the answers
 * shuffled and an OPT appended. NXDOMAIN replies are assembled from a per-snapshot SOA. A
 * reply too big for a UDP client is rendered once more, cut the way the general path cuts it
 * (dnsjava drops what does not fit, TC when an answer is lost), for the two common limits: 512
 * bytes without EDNS and our 1232 with EDNS. Any other packet or limit returns {@code null}: the
 * general path answers it.
 *
 * <p>Shuffling copies whole answer records. That is safe because every answer's owner is a
 * pointer to the question (offset 12) and neither A, AAAA nor SRV RDATA adds names to the
 * compression table (SRV targets are never compressed, RFC 2782), so no later pointer can point
 * into the answer section.
 */
final class FastPath {

  private static final int HEADER = 12;
  private static final int OPT_LENGTH = 11;
  /** Scratch space for the question name: the hot path allocates only the key. */
  private static final ThreadLocal<char[]> NAME_BUFFER = ThreadLocal.withInitial(() -> new char[256]);
  private static final ThreadLocal<int[]> SHUFFLE_BUFFER =
      ThreadLocal.withInitial(() -> new int[1024]);
  /** For the one-off {@code answer}: the reply is written here, then copied out. */
  private static final ThreadLocal<byte[]> REPLY_BUFFER =
      ThreadLocal.withInitial(() -> new byte[QueryHandler.MAX_TCP_MESSAGE]);

  private final ZoneView.ServerNames names;
  private final Authority authority;
  private final boolean recurseOn;
  private final boolean truncateBit;
  private final boolean enabled;
  private final String apexKey;
  private final String apexSuffix;
  private final int apexWireLength;

  /**
   * @param truncateBit {@code setTruncateBit}; when false, replies that need cutting take the
   *     general path, which cuts them Mesos-DNS's way
   * @param enabled false when a forwarding or reverse zone lies inside the domain, so that zone
   *     dispatch always goes through the general path
   */
  FastPath(ZoneView.ServerNames names, Authority authority, boolean recurseOn,
      boolean truncateBit, boolean enabled) {
    this.names = names;
    this.authority = authority;
    this.recurseOn = recurseOn;
    this.truncateBit = truncateBit;
    this.enabled = enabled;
    this.apexKey = names.apex.toString();
    this.apexSuffix = "." + apexKey;
    this.apexWireLength = names.apex.length();
  }

  /** UDP limits without the OPT record that have a cut rendering: no EDNS, and EDNS 1232. */
  private static final int[] CUT_LIMITS = {512, QueryHandler.MAX_UDP_PAYLOAD - OPT_LENGTH};

  /** A reply rendered for one name and type, with the answers' positions for shuffling. */
  static final class Rendered {
    final byte[] wire;
    final int rcode;
    final boolean truncated;
    final int answerStart;
    final int[] answerLengths;
    /** The reply cut to each of {@link #CUT_LIMITS}, rendered on first need (racy, idempotent). */
    final Rendered[] cut = new Rendered[CUT_LIMITS.length];
    /**
     * What the reply was made from, when it carries no serial (no SOA): the name's records and,
     * for SRV, the targets' names and records (their addresses are in the additional section).
     * {@code null} when the reply cannot be reused for a later snapshot.
     */
    final Inputs inputs;

    Rendered(byte[] wire, int rcode, boolean truncated, int answerStart, int[] answerLengths,
        Inputs inputs) {
      this.wire = wire;
      this.rcode = rcode;
      this.truncated = truncated;
      this.answerStart = answerStart;
      this.answerLengths = answerLengths;
      this.inputs = inputs;
    }
  }

  /** The records a rendered reply depends on. */
  record Inputs(RecordSet set, List<String> targets, List<RecordSet> targetSets) {
    /** Whether {@code view} holds the same records, so the reply is still right. */
    boolean sameIn(ZoneView view, String key) {
      if (!set.equals(view.snapshot.lookup(key))) {
        return false;
      }
      for (int i = 0; i < targets.size(); i++) {
        if (!Objects.equals(targetSets.get(i), view.snapshot.lookup(targets.get(i)))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The reply in a new array, or {@code null} to use the general path: the one-off form of
   * {@link #answer(byte[], int, ZoneView, boolean, DnsMetrics, long, byte[])}. Never throws.
   */
  byte[] answer(byte[] q, int length, ZoneView view, boolean tcp, DnsMetrics metrics,
      long start) {
    byte[] scratch = REPLY_BUFFER.get();
    int n = answer(q, length, view, tcp, metrics, start, scratch);
    return n < 0 ? null : Arrays.copyOf(scratch, n);
  }

  /**
   * Writes the reply into {@code out} from offset 0 and returns its length, or -1 to use the
   * general path. Once a name's reply is rendered, the only allocation is the lower-case name
   * used as the key. Never throws on any input.
   */
  int answer(byte[] q, int length, ZoneView view, boolean tcp, DnsMetrics metrics, long start,
      byte[] out) {
    if (!enabled || view == null || length < HEADER + 5) {
      return -1;
    }
    // QR=0, opcode QUERY, TC=0; QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT 0 or 1.
    if ((q[2] & 0xfa) != 0 || q[4] != 0 || q[5] != 1 || q[6] != 0 || q[7] != 0 || q[8] != 0
        || q[9] != 0 || q[10] != 0 || (q[11] & 0xfe) != 0) {
      return -1;
    }
    char[] chars = NAME_BUFFER.get();
    int n = 0;
    int pos = HEADER;
    while (true) {
      if (pos >= length) {
        return -1;
      }
      int label = q[pos] & 0xff;
      if (label == 0) {
        pos++;
        break;
      }
      if (label > 63 || pos + 1 + label >= length || n + label + 1 > 254) {
        return -1;
      }
      for (int i = pos + 1; i <= pos + label; i++) {
        int c = q[i] & 0xff;
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
          return -1; // escapes, wildcards, binary: the general path knows what to do
        }
        chars[n++] = (char) c;
      }
      chars[n++] = '.';
      pos += 1 + label;
    }
    int questionNameLength = pos - HEADER;
    if (n == 0 || pos + 4 > length) {
      return -1;
    }
    int qtype = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
    if (q[pos + 2] != 0 || q[pos + 3] != DClass.IN
        || (qtype != Type.A && qtype != Type.AAAA && qtype != Type.SRV)) {
      return -1;
    }
    pos += 4;
    boolean opt = q[11] == 1;
    int limit = tcp ? QueryHandler.MAX_TCP_MESSAGE : 512;
    if (opt) {
      // Exactly one OPT, version 0, owned by the root, ending the packet.
      if (pos + OPT_LENGTH > length || q[pos] != 0 || q[pos + 1] != 0
          || q[pos + 2] != Type.OPT || q[pos + 6] != 0 || q[pos + 5] != 0) {
        return -1;
      }
      int payload = ((q[pos + 3] & 0xff) << 8) | (q[pos + 4] & 0xff);
      int rdlength = ((q[pos + 9] & 0xff) << 8) | (q[pos + 10] & 0xff);
      if (pos + OPT_LENGTH + rdlength != length) {
        return -1;
      }
      if (!tcp) {
        limit = Math.max(512, Math.min(payload, QueryHandler.MAX_UDP_PAYLOAD));
      }
    } else if (pos != length) {
      return -1;
    }
    String key = new String(chars, 0, n);
    if (!key.endsWith(apexSuffix)) {
      return -1; // outside the domain, or the apex itself
    }
    // A view has rendered replies only for names with records: looking there first spares the
    // common case the snapshot's lookup (which builds a record set for single-valued names).
    java.util.concurrent.ConcurrentHashMap<String, Rendered> cache = view.rendered(qtype);
    Rendered r = cache.get(key);
    if (r == null) {
      if (view.snapshot.lookup(key) == null) {
        if (view.snapshot.isEmptyNonTerminal(key)) {
          return -1;
        }
        int size = nxdomain(q, questionNameLength, opt, view, out, Math.min(limit, out.length));
        if (size >= 0) {
          metrics.query(qtype, Rcode.NXDOMAIN, start);
        }
        return size;
      }
      r = cache.computeIfAbsent(key, k -> reuseOrRender(k, qtype, view));
      if (r == null) {
        return -1;
      }
    }
    int room = limit - (opt ? OPT_LENGTH : 0);
    if (r.wire.length > room) {
      r = cut(r, key, qtype, view, room);
      if (r == null) {
        return -1;
      }
    }
    int size = r.wire.length + (opt ? OPT_LENGTH : 0);
    if (size > limit || size > out.length) {
      return -1; // needs truncation
    }
    copy(q, questionNameLength, opt, r, out);
    metrics.query(qtype, r.rcode, start);
    return size;
  }

  /**
   * The previous snapshot's reply when its records are unchanged (most names, most of the
   * time: no re-rendering and no new long-lived garbage after each change), else a new one.
   */
  private Rendered reuseOrRender(String key, int qtype, ZoneView view) {
    Rendered before = view.previouslyRendered(qtype, key);
    if (before != null && before.inputs != null && before.inputs.sameIn(view, key)) {
      return before;
    }
    return render(key, qtype, view, QueryHandler.MAX_TCP_MESSAGE);
  }

  /** {@code full} cut to {@code room} bytes, or {@code null} for the general path. */
  private Rendered cut(Rendered full, String key, int qtype, ZoneView view, int room) {
    if (!truncateBit) {
      return null;
    }
    for (int i = 0; i < CUT_LIMITS.length; i++) {
      if (CUT_LIMITS[i] == room) {
        Rendered r = full.cut[i];
        if (r == null) {
          r = render(key, qtype, view, room);
          full.cut[i] = r; // Rendered's fields are final: safe to publish without a lock
        }
        return r;
      }
    }
    return null;
  }

  /** The rendered reply made the client's, into {@code out}; its length. */
  private int copy(byte[] q, int questionNameLength, boolean opt, Rendered r, byte[] out) {
    byte[] wire = r.wire;
    System.arraycopy(wire, 0, out, 0, wire.length);
    flags(q, out, r.rcode);
    if (r.truncated) {
      out[2] |= 0x02;
    }
    System.arraycopy(q, HEADER, out, HEADER, questionNameLength); // the client's case
    int count = r.answerLengths.length;
    if (count > 1) {
      // scratch[0, count): the permutation; scratch[count, 2 * count): each answer's offset.
      int[] scratch = SHUFFLE_BUFFER.get();
      if (scratch.length < 2 * count) {
        scratch = new int[2 * count];
        SHUFFLE_BUFFER.set(scratch);
      }
      int off = r.answerStart;
      for (int i = 0; i < count; i++) {
        scratch[i] = i;
        scratch[count + i] = off;
        off += r.answerLengths[i];
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = count - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = t;
      }
      int to = r.answerStart;
      for (int i = 0; i < count; i++) {
        int k = scratch[i];
        System.arraycopy(wire, scratch[count + k], out, to, r.answerLengths[k]);
        to += r.answerLengths[k];
      }
    }
    if (opt) {
      appendOpt(out, wire.length);
    }
    return wire.length + (opt ? OPT_LENGTH : 0);
  }

  /**
   * NXDOMAIN with the negative SOA, into {@code out}; its length, or -1 if over {@code limit}.
   * {@code out} is reused: every byte of the reply is written.
   */
  private int nxdomain(byte[] q, int questionNameLength, boolean opt, ZoneView view, byte[] out,
      int limit) {
    byte[] soa = view.negativeSoaRdata();
    int questionEnd = HEADER + questionNameLength + 4;
    int soaStart = questionEnd;
    int end = soaStart + 2 + soa.length;
    int size = end + (opt ? OPT_LENGTH : 0);
    if (size > limit) {
      return -1;
    }
    flags(q, out, Rcode.NXDOMAIN);
    out[4] = 0;
    out[5] = 1; // QDCOUNT
    out[6] = 0;
    out[7] = 0;
    out[8] = 0;
    out[9] = 1; // NSCOUNT
    out[10] = 0;
    out[11] = 0;
    System.arraycopy(q, HEADER, out, HEADER, questionNameLength + 4);
    int apexOffset = HEADER + questionNameLength - apexWireLength;
    out[soaStart] = (byte) (0xc0 | (apexOffset >> 8));
    out[soaStart + 1] = (byte) apexOffset;
    System.arraycopy(soa, 0, out, soaStart + 2, soa.length);
    if (opt) {
      appendOpt(out, end);
    }
    return size;
  }

  /** ID from the query; QR, AA, RD copied; RA per config; CD copied; the rcode. */
  private void flags(byte[] q, byte[] out, int rcode) {
    out[0] = q[0];
    out[1] = q[1];
    out[2] = (byte) (0x80 | 0x04 | (q[2] & 0x01));
    out[3] = (byte) ((recurseOn ? 0x80 : 0) | (q[3] & 0x10) | rcode);
  }

  private static void appendOpt(byte[] out, int at) {
    // Root owner, type OPT, our payload size, extended rcode 0, version 0, no flags, no data;
    // every byte is written, as out is reused.
    out[at] = 0;
    out[at + 1] = 0;
    out[at + 2] = (byte) Type.OPT;
    out[at + 3] = (byte) (QueryHandler.MAX_UDP_PAYLOAD >> 8);
    out[at + 4] = (byte) QueryHandler.MAX_UDP_PAYLOAD;
    Arrays.fill(out, at + 5, at + OPT_LENGTH, (byte) 0);
    int arcount = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
    out[10] = (byte) (arcount >> 8);
    out[11] = (byte) arcount;
  }

  /**
   * Renders the reply to {@code key}/{@code qtype} with ID 0, cut by dnsjava to {@code max}
   * bytes; {@code null} if it cannot.
   */
  private Rendered render(String key, int qtype, ZoneView view, int max) {
    Name qname;
    try {
      qname = Name.fromString(key);
    } catch (TextParseException e) {
      return null;
    }
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(qname, qtype, DClass.IN), Section.QUESTION);
    authority.answerDomain(m, qname, qtype, view);
    byte[] wire = m.toWire(max);
    boolean truncated = (wire[2] & 0x02) != 0;
    if (truncated && max == QueryHandler.MAX_TCP_MESSAGE) {
      return null; // over 64 KiB: let the general path deal with it
    }
    int answers = ((wire[6] & 0xff) << 8) | (wire[7] & 0xff); // what survived the cut
    int pos = HEADER + qname.length() + 4;
    int answerStart = pos;
    int[] lengths = new int[answers];
    for (int i = 0; i < answers; i++) {
      if ((wire[pos] & 0xff) != 0xc0 || wire[pos + 1] != HEADER) {
        return null; // an owner not compressed to the question: do not shuffle bytes blindly
      }
      int rdlength = ((wire[pos + 10] & 0xff) << 8) | (wire[pos + 11] & 0xff);
      lengths[i] = 12 + rdlength;
      pos += lengths[i];
    }
    return new Rendered(wire, m.getHeader().getRcode(), truncated, answerStart, lengths,
        m.getSection(Section.AUTHORITY).isEmpty() ? inputs(key, qtype, view) : null);
  }

  private static Inputs inputs(String key, int qtype, ZoneView view) {
    RecordSet set = view.snapshot.lookup(key);
    if (set == null) {
      return null;
    }
    List<String> targets = new ArrayList<>();
    List<RecordSet> targetSets = new ArrayList<>();
    if (qtype == Type.SRV) {
      for (SrvTarget srv : set.srv()) {
        // The key Authority looks the target up by: absolute and lower-case.
        String t = srv.target().toLowerCase(Locale.ROOT);
        String target = t.endsWith(".") ? t : t + ".";
        targets.add(target);
        targetSets.add(view.snapshot.lookup(target));
      }
    }
    return new Inputs(set, List.copyOf(targets), java.util.Collections.unmodifiableList(
        targetSets)); // may hold nulls: a target without records
  }

  /** The RDATA-with-header of the negative SOA (no owner), uncompressed. */
  static byte[] negativeSoa(SOARecord soa, long negativeTtl) {
    byte[] rdata = soa.rdataToWireCanonical();
    byte[] out = new byte[10 + rdata.length];
    out[1] = (byte) Type.SOA;
    out[3] = (byte) DClass.IN;
    out[4] = (byte) (negativeTtl >> 24);
    out[5] = (byte) (negativeTtl >> 16);
    out[6] = (byte) (negativeTtl >> 8);
    out[7] = (byte) negativeTtl;
    out[8] = (byte) (rdata.length >> 8);
    out[9] = (byte) rdata.length;
    System.arraycopy(rdata, 0, out, 10, rdata.length);
    return out;
  }
}
