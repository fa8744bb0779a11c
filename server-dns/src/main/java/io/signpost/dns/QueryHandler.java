package io.signpost.dns;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.support.HeapRoom;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query packet into its reply: validation (FORMERR, NOTIMP, REFUSED, BADVERS),
 * dispatch by zone (the domain, a reverse zone, a forwarding zone or the default upstreams),
 * EDNS0 and truncation. Thread-safe; allocation per query is dnsjava's message objects only.
 */
final class QueryHandler {

  private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);

  /** The largest UDP reply we send whatever the client offers (DNS Flag Day 2020). */
  static final int MAX_UDP_PAYLOAD = 1232;
  static final int MAX_TCP_MESSAGE = 65535;
  /** Records per AXFR message: well under 64 KiB even for long SRV names. */
  private static final int TRANSFER_CHUNK = 200;
  /**
   * Heap a zone transfer takes per name while it is built (the sorted names and the messages in
   * wire form): about 180 bytes measured at 20,000 tasks, with room to spare.
   */
  static final long TRANSFER_BYTES_PER_NAME = 240;

  private final DnsConfig config;
  private final SnapshotFeed feed;
  private final ZoneView.ServerNames names;
  private final Authority authority;
  private final Forwarder defaultForwarder;
  private final Map<String, Forwarder> zoneForwarders;
  private final List<Cidr> recursionAcl;
  private final List<Cidr> transferAcl;
  private final List<String> forwardZones;
  private final String apexKey;
  private final DnsMetrics metrics;
  private final FastPath fastPath;
  /** Forwarded queries waiting for an upstream; bounded, see {@link DnsFrontend.Limits}. */
  private final Semaphore forwardSlots;
  private final LongSupplier spareHeap;
  private final Semaphore transferSlot = new Semaphore(1);
  /** The serial of the last snapshot whose transfer was refused: one warning each. */
  private volatile long refusedTransferSerial = Long.MIN_VALUE;
  private volatile ZoneView view;
  private final Object viewLock = new Object();

  QueryHandler(DnsConfig config, ZoneView.ServerNames names, int srvWeight, SnapshotFeed feed,
      Forwarder defaultForwarder, Map<String, Forwarder> zoneForwarders, DnsMetrics metrics) {
    this(config, names, srvWeight, feed, defaultForwarder, zoneForwarders, metrics, true);
  }

  /** With {@code fast} false every query takes the general path (to compare the two). */
  QueryHandler(DnsConfig config, ZoneView.ServerNames names, int srvWeight, SnapshotFeed feed,
      Forwarder defaultForwarder, Map<String, Forwarder> zoneForwarders, DnsMetrics metrics,
      boolean fast) {
    this(config, names, srvWeight, feed, defaultForwarder, zoneForwarders, metrics, fast, 4096,
        HeapRoom::spare);
  }

  /**
   * @param spareHeap the heap a zone transfer may still take ({@link HeapRoom#spare}); tests
   *     pass a smaller one
   */
  QueryHandler(DnsConfig config, ZoneView.ServerNames names, int srvWeight, SnapshotFeed feed,
      Forwarder defaultForwarder, Map<String, Forwarder> zoneForwarders, DnsMetrics metrics,
      boolean fast, int maxPendingForwards, LongSupplier spareHeap) {
    this.spareHeap = spareHeap;
    this.forwardSlots = new Semaphore(maxPendingForwards);
    this.config = config;
    this.feed = feed;
    this.names = names;
    this.authority = new Authority(names, srvWeight);
    this.defaultForwarder = defaultForwarder;
    this.zoneForwarders = zoneForwarders;
    this.recursionAcl = Cidr.parseAll("allowRecursionFrom", config.allowRecursionFrom());
    this.transferAcl = Cidr.parseAll("allowTransferFrom", config.allowTransferFrom());
    this.forwardZones = List.copyOf(zoneForwarders.keySet());
    this.apexKey = names.apex.toString();
    this.metrics = metrics;
    boolean zoneInsideDomain = false;
    for (String zone : forwardZones) {
      zoneInsideDomain |= zone.equals(apexKey) || zone.endsWith("." + apexKey);
    }
    for (String zone : config.reverseZones()) {
      zoneInsideDomain |= zone.equals(apexKey) || zone.endsWith("." + apexKey);
    }
    this.fastPath =
        new FastPath(names, authority, config.recurseOn(), config.setTruncateBit(),
            fast && !zoneInsideDomain);
  }

  /**
   * What to send back for one packet: zero or more messages now (several only for AXFR), or a
   * reply that arrives later (forwarding).
   */
  record Outcome(List<byte[]> replies, CompletableFuture<byte[]> pending) {
    static final Outcome DROP = new Outcome(List.of(), null);

    static Outcome of(byte[] reply) {
      return new Outcome(List.of(reply), null);
    }
  }

  /** The view of the current snapshot, or {@code null} before the first one. */
  ZoneView view() {
    RecordSnapshot current = feed.current();
    if (current == null) {
      return null;
    }
    ZoneView v = view;
    if (v == null || v.snapshot != current) {
      synchronized (viewLock) { // one view per snapshot, so its PTR index is built once
        v = view;
        if (v == null || v.snapshot != current) {
          v = new ZoneView(current, names, v);
          view = v;
        }
      }
    }
    return v;
  }

  /** The reply to one packet: the hot path if it can answer, else the general path. */
  Outcome handle(byte[] data, int length, InetAddress client, boolean tcp) {
    long start = System.nanoTime();
    byte[] fast = fastPath.answer(data, length, view(), tcp, metrics, start);
    if (fast != null) {
      return Outcome.of(fast);
    }
    return general(data, length, client, tcp, start);
  }

  /**
   * The hot path alone, for the UDP workers: writes the reply to a common query into {@code out}
   * and returns its length, or returns -1 when {@link #handleGeneral} must answer the packet.
   * Allocates nothing but the name's key once the reply is rendered (no reply array, no
   * {@link Outcome}), so that serving at full speed makes little garbage.
   */
  int answerFast(byte[] data, int length, boolean tcp, byte[] out) {
    return fastPath.answer(data, length, view(), tcp, metrics, System.nanoTime(), out);
  }

  /** The reply to a packet {@link #answerFast} did not answer, by the general path. */
  Outcome handleGeneral(byte[] data, int length, InetAddress client, boolean tcp) {
    return general(data, length, client, tcp, System.nanoTime());
  }

  private Outcome general(byte[] data, int length, InetAddress client, boolean tcp, long start) {
    if (length < Header.LENGTH || (data[2] & 0x80) != 0) {
      // Too short to answer, or a response: replying could start a loop (RFC 1035 §7.3).
      metrics.dropped();
      return Outcome.DROP;
    }
    if (!countsFit(data, length)) {
      // dnsjava sizes each section's list by the header's count before reading it: a packet
      // claiming 65535 records would cost up to 1 MB of garbage. It cannot hold them anyway.
      metrics.malformed();
      return Outcome.of(headerOnly(data, Rcode.FORMERR));
    }
    Message query;
    try {
      query = new Message(ByteBuffer.wrap(data, 0, length));
    } catch (IOException | RuntimeException e) {
      metrics.malformed();
      return Outcome.of(headerOnly(data, Rcode.FORMERR));
    }
    try {
      return answer(query, client, tcp, start);
    } catch (RuntimeException e) {
      LOG.warn("failed to answer {}: {}", query.getQuestion(), e.toString());
      Message reply = reply(query);
      reply.getHeader().setRcode(Rcode.SERVFAIL);
      return Outcome.of(finish(reply, query, tcp, start));
    }
  }

  private Outcome answer(Message query, InetAddress client, boolean tcp, long start) {
    Header qh = query.getHeader();
    if (qh.getOpcode() != Opcode.QUERY) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.NOTIMP), query, tcp, start));
    }
    if (qh.getCount(Section.QUESTION) != 1 || !complete(query)) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.FORMERR), query, tcp, start));
    }
    int optCount = 0;
    for (Record r : query.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.OPT) {
        optCount++;
      }
    }
    OPTRecord opt = query.getOPT();
    if (optCount > 1 || (opt != null && !opt.getName().equals(Name.root))) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.FORMERR), query, tcp, start));
    }
    if (opt != null && opt.getVersion() != 0) {
      // BADVERS is an extended rcode: 16 = header 0 + OPT's upper bits 1 (RFC 6891 §6.1.3).
      Message reply = reply(query);
      reply.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
      byte[] wire = reply.toWire(MAX_TCP_MESSAGE);
      metrics.query(query.getQuestion().getType(), Rcode.BADVERS, start);
      return Outcome.of(wire);
    }
    Record question = query.getQuestion();
    int qtype = question.getType();
    int qclass = question.getDClass();
    if (qtype == Type.OPT) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.FORMERR), query, tcp, start));
    }
    Name qname = question.getName();
    String key = qname.toString().toLowerCase(java.util.Locale.ROOT);
    // The longest matching zone wins, as in Mesos-DNS: domain, reverse or forwarding zone.
    int domainLength = qname.subdomain(names.apex) ? apexKey.length() : -1;
    String reverseZone = ZoneView.zoneOf(key, config.reverseZones());
    int reverseLength = reverseZone == null ? -1 : reverseZone.length();
    String forwardZone = ZoneView.zoneOf(key, forwardZones);
    int forwardLength = forwardZone == null ? -1 : forwardZone.length();
    if ((domainLength < 0 && reverseLength < 0)
        || (forwardLength > domainLength && forwardLength > reverseLength)) {
      return forward(query, forwardZone, client, tcp, start);
    }
    if (reverseLength <= domainLength) {
      reverseZone = null;
    }
    if (qclass != DClass.IN && qclass != DClass.ANY) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.REFUSED), query, tcp, start));
    }
    ZoneView v = view();
    if (v == null) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.SERVFAIL), query, tcp, start));
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      return transfer(query, qtype, reverseZone == null, client, tcp, v, start);
    }
    Message reply = reply(query);
    reply.getHeader().setFlag(Flags.AA);
    if (reverseZone != null) {
      authority.answerReverse(reply, qname, qtype, reverseZone, v);
    } else {
      authority.answerDomain(reply, qname, qtype, v);
    }
    return Outcome.of(finish(reply, query, tcp, start));
  }

  private Outcome transfer(Message query, int qtype, boolean domain, InetAddress client,
      boolean tcp, ZoneView v, long start) {
    Name qname = query.getQuestion().getName();
    if (!domain || !qname.equals(names.apex)) {
      // We transfer the domain only, and only from its apex (RFC 5936 §2.2: NOTAUTH).
      return Outcome.of(finish(rcodeOnly(query, Rcode.NOTAUTH), query, tcp, start));
    }
    if (!tcp) {
      if (qtype == Type.IXFR) {
        // RFC 1995 §2: a UDP IXFR that cannot be answered gets the current SOA alone.
        Message reply = reply(query);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(v.soa, Section.ANSWER);
        return Outcome.of(finish(reply, query, false, start));
      }
      return Outcome.of(finish(rcodeOnly(query, Rcode.NOTIMP), query, false, start));
    }
    if (!Cidr.anyContains(transferAcl, client)) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.REFUSED), query, true, start));
    }
    long names = v.snapshot.names().size();
    long need = names * TRANSFER_BYTES_PER_NAME;
    long spare = spareHeap.getAsLong();
    if (need > spare) {
      // The transfer is built whole before it is sent: a zone that does not fit would stop the
      // server (out of memory) for every query, not just this one.
      if (refusedTransferSerial != v.snapshot.serial()) {
        refusedTransferSerial = v.snapshot.serial();
        LOG.warn("dns: refusing AXFR of {} names to {} (SERVFAIL): it needs about {} MB of heap"
            + " and about {} MB are free; give the server a larger heap (-Xmx)", names,
            client.getHostAddress(), need >> 20, spare >> 20);
      }
      return Outcome.of(finish(rcodeOnly(query, Rcode.SERVFAIL), query, true, start));
    }
    // One transfer is built at a time: two that each fit the free heap may not fit together.
    if (!transferSlot.tryAcquire()) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.SERVFAIL), query, true, start));
    }
    List<byte[]> messages;
    try {
      messages = transferMessages(query, v);
    } finally {
      transferSlot.release();
    }
    metrics.transfer();
    metrics.query(qtype, Rcode.NOERROR, start);
    return new Outcome(messages, null);
  }

  /**
   * The AXFR reply: the zone's records in messages of {@link #TRANSFER_CHUNK} records, each made
   * into its wire form as soon as it is full.
   */
  private List<byte[]> transferMessages(Message query, ZoneView v) {
    List<byte[]> messages = new ArrayList<>();
    Message[] part = {transferPart(query, true)};
    int[] inPart = {0};
    authority.transferRecords(v, record -> {
      if (inPart[0] == TRANSFER_CHUNK) {
        messages.add(part[0].toWire(MAX_TCP_MESSAGE));
        part[0] = transferPart(query, false);
        inPart[0] = 0;
      }
      part[0].addRecord(record, Section.ANSWER);
      inPart[0]++;
    });
    messages.add(part[0].toWire(MAX_TCP_MESSAGE));
    return messages;
  }

  private static Message transferPart(Message query, boolean first) {
    Message part = new Message(query.getHeader().getID());
    Header h = part.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.AA);
    if (first) {
      part.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return part;
  }

  private Outcome forward(Message query, String zone, InetAddress client, boolean tcp,
      long start) {
    Forwarder forwarder = zone == null ? defaultForwarder : zoneForwarders.get(zone);
    if (!config.externalOn() || forwarder == null || forwarder.isEmpty()
        || !Cidr.anyContains(recursionAcl, client)) {
      return Outcome.of(finish(rcodeOnly(query, Rcode.REFUSED), query, tcp, start));
    }
    if (!forwardSlots.tryAcquire()) {
      metrics.forwardOverflow();
      return Outcome.of(finish(rcodeOnly(query, Rcode.SERVFAIL), query, tcp, start));
    }
    metrics.forwarded();
    CompletableFuture<Message> upstreamReply;
    try {
      upstreamReply = forwarder.forward(query, tcp);
    } catch (RuntimeException e) {
      forwardSlots.release();
      throw e;
    }
    CompletableFuture<byte[]> reply = upstreamReply
        .handle((upstream, error) -> {
          forwardSlots.release();
          if (error != null) {
            return finish(rcodeOnly(query, Rcode.SERVFAIL), query, tcp, start);
          }
          return relay(upstream, query, tcp, start);
        });
    return new Outcome(List.of(), reply);
  }

  /** An upstream's reply, re-encoded for the client's transport and size. */
  private byte[] relay(Message upstream, Message query, boolean tcp, long start) {
    if (query.getOPT() == null) {
      // The client did not speak EDNS: it must not get an OPT (RFC 6891 §7).
      for (Record r : upstream.getSection(Section.ADDITIONAL)) {
        if (r.getType() == Type.OPT) {
          upstream.removeRecord(r, Section.ADDITIONAL);
        }
      }
    }
    return encode(upstream, query, tcp, start);
  }

  private byte[] finish(Message reply, Message query, boolean tcp, long start) {
    OPTRecord opt = query.getOPT();
    if (opt != null && opt.getVersion() == 0 && reply.getOPT() == null) {
      reply.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return encode(reply, query, tcp, start);
  }

  private byte[] encode(Message reply, Message query, boolean tcp, long start) {
    byte[] wire;
    if (tcp) {
      wire = reply.toWire(MAX_TCP_MESSAGE);
    } else {
      int max = udpLimit(query);
      if (config.setTruncateBit()) {
        wire = reply.toWire(max);
      } else {
        wire = Truncation.withoutTc(reply, max);
      }
    }
    Record q = query.getQuestion();
    metrics.query(q == null ? -1 : q.getType(), reply.getRcode(), start);
    return wire;
  }

  /**
   * Whether the packet is long enough for the questions and records its header counts: at
   * least 5 bytes per question (root name, type, class) and 11 per record (root name, type,
   * class, TTL, RDLENGTH).
   */
  static boolean countsFit(byte[] data, int length) {
    long questions = ((data[4] & 0xff) << 8) | (data[5] & 0xff);
    long records = 0;
    for (int i = 6; i < Header.LENGTH; i += 2) {
      records += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    return questions * 5 + records * 11 <= length - Header.LENGTH;
  }

  /**
   * Whether every section was parsed as the header counts it. dnsjava accepts a message cut
   * short when its TC bit is set; a query like that is malformed.
   */
  private static boolean complete(Message query) {
    for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
      if (query.getSection(section).size() != query.getHeader().getCount(section)) {
        return false;
      }
    }
    return true;
  }

  /** The client's UDP payload size, between 512 and our own maximum (RFC 6891 §6.2.5). */
  static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return 512;
    }
    return Math.max(512, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
  }

  /** A reply skeleton: ID, opcode, RD and CD copied, QR set, RA per config, question echoed. */
  private Message reply(Message query) {
    Header qh = query.getHeader();
    Message reply = new Message(qh.getID());
    Header h = reply.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (qh.getFlag(Flags.CD)) {
      h.setFlag(Flags.CD);
    }
    if (config.recurseOn()) {
      h.setFlag(Flags.RA);
    }
    Record question = query.getQuestion();
    if (question != null && qh.getCount(Section.QUESTION) == 1) {
      reply.addRecord(question, Section.QUESTION);
    }
    return reply;
  }

  private Message rcodeOnly(Message query, int rcode) {
    Message reply = reply(query);
    reply.getHeader().setRcode(rcode);
    return reply;
  }

  /** A bare header reply for a packet we could not parse: ID, opcode and RD copied. */
  private static byte[] headerOnly(byte[] data, int rcode) {
    Header h = new Header(((data[0] & 0xff) << 8) | (data[1] & 0xff));
    h.setFlag(Flags.QR);
    h.setOpcode((data[2] >>> 3) & 0xf);
    if ((data[2] & 0x01) != 0) {
      h.setFlag(Flags.RD);
    }
    h.setRcode(rcode);
    Message m = new Message();
    m.setHeader(h);
    return m.toWire();
  }
}
