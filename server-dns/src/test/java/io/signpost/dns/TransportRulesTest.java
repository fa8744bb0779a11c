package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.snapshot.SnapshotBuilder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** EDNS0, truncation and the rules for odd messages, over real sockets. */
class TransportRulesTest {

  private DnsTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DnsTestServer(DnsTestServer.config(Map.of()));
    server.feed.publish(bigCluster());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code n60.mesos.} has 60 A records (~1 KB), {@code n100.mesos.} 100 (~1.6 KB). */
  static io.signpost.spi.RecordSnapshot bigCluster() throws Exception {
    SnapshotBuilder b = new SnapshotBuilder();
    for (int i = 1; i <= 100; i++) {
      if (i <= 60) {
        b.addAddress("n60.mesos.", DnsTestServer.ip("10.0.1." + i));
      }
      b.addAddress("n100.mesos.", DnsTestServer.ip("10.0.2." + i));
    }
    return b.build(1, Instant.now());
  }

  private static Message aQuery(String name) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
  }

  private SimpleResolver noEdns() {
    SimpleResolver r = server.udpClient();
    r.setEDNS(-1, 0, 0, List.of());
    return r;
  }

  @Test
  void udpWithoutEdnsIsCappedAt512AndSetsTc() throws Exception {
    Message reply = noEdns().send(aQuery("n60.mesos."));
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply.getOPT()).isNull();
    assertThat(reply.numBytes()).isLessThanOrEqualTo(512);
  }

  @Test
  void ednsPayloadSizeIsHonouredAndOptEchoed() throws Exception {
    SimpleResolver r = server.udpClient();
    r.setEDNS(0, 1232, 0, List.of());
    Message reply = r.send(aQuery("n60.mesos."));
    assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).hasSize(60);
    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getVersion()).isZero();
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(QueryHandler.MAX_UDP_PAYLOAD);
  }

  @Test
  void aSmallerEdnsPayloadIsHonouredToo() throws Exception {
    SimpleResolver r = server.udpClient();
    r.setEDNS(0, 800, 0, List.of());
    Message reply = r.send(aQuery("n60.mesos.")); // ~1 KB: over 800
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply.numBytes()).isLessThanOrEqualTo(800);
    r.setEDNS(0, 1100, 0, List.of());
    assertThat(r.send(aQuery("n60.mesos.")).getSection(Section.ANSWER)).hasSize(60);
  }

  @Test
  void ednsPayloadIsCappedAtTheServerMaximum() throws Exception {
    SimpleResolver r = server.udpClient();
    r.setEDNS(0, 4096, 0, List.of());
    Message reply = r.send(aQuery("n100.mesos."));
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply.numBytes()).isLessThanOrEqualTo(QueryHandler.MAX_UDP_PAYLOAD);
  }

  /**
   * A UDP worker writes every hot-path reply into the same buffer: a short reply after a long
   * one must carry nothing of it (header counts, OPT fields), with or without EDNS.
   */
  @Test
  void aWorkersRepliesCarryNothingOfTheReplyBefore() throws Exception {
    try (DnsTestServer one = new DnsTestServer(DnsTestServer.config(Map.of()),
        new DnsFrontend.Limits(1, 4, java.time.Duration.ofSeconds(2)))) {
      one.feed.publish(bigCluster());
      SimpleResolver edns = one.udpClient();
      edns.setEDNS(0, 1232, 0, List.of());
      SimpleResolver plain = one.udpClient();
      plain.setEDNS(-1, 0, 0, List.of());
      for (SimpleResolver r : List.of(edns, plain)) {
        for (SimpleResolver next : List.of(edns, plain)) {
          // Names of 16 lengths: the short reply's OPT lands on every offset of an old record.
          for (int k = 1; k <= 16; k++) {
            Message big = r.send(aQuery("n60.mesos.")); // ~1 KB, or cut to 512 with TC
            assertThat(big.getSection(Section.ANSWER).size() == 60
                || big.getHeader().getFlag(Flags.TC)).isTrue();
            Message missing = next.send(aQuery("x".repeat(k) + ".n60.mesos."));
            assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(missing.getSection(Section.ANSWER)).isEmpty();
            assertThat(missing.getSection(Section.AUTHORITY)).hasSize(1);
            assertThat(DnsTestServer.additional(missing)).isEmpty();
            assertOpt(missing, next == edns);
            r.send(aQuery("n60.mesos."));
            Message nodata = next.send(Message.newQuery(Record.newRecord(
                Name.fromString("n60.mesos."), Type.AAAA, DClass.IN)));
            assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
            assertThat(nodata.getSection(Section.AUTHORITY)).hasSize(1);
            assertOpt(nodata, next == edns);
          }
        }
      }
    }
  }

  private static void assertOpt(Message reply, boolean expected) {
    OPTRecord opt = reply.getOPT();
    if (!expected) {
      assertThat(opt).isNull();
      return;
    }
    assertThat(opt).isNotNull();
    assertThat(opt.getVersion()).isZero();
    assertThat(opt.getExtendedRcode()).isZero();
    assertThat(opt.getFlags()).isZero();
    assertThat(opt.getOptions()).isEmpty();
    assertThat(opt.getPayloadSize()).isEqualTo(QueryHandler.MAX_UDP_PAYLOAD);
  }

  @Test
  void tcpCarriesTheWholeAnswer() throws Exception {
    Message reply = server.tcpClient().send(aQuery("n100.mesos."));
    assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).hasSize(100);
  }

  @Test
  void setTruncateBitFalseSendsWhatFitsWithoutTc() throws Exception {
    try (DnsTestServer lax = new DnsTestServer(
        DnsTestServer.config(Map.of("setTruncateBit", false)))) {
      lax.feed.publish(bigCluster());
      SimpleResolver r = lax.udpClient();
      r.setEDNS(-1, 0, 0, List.of());
      Message reply = r.send(aQuery("n60.mesos."));
      assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(reply.getSection(Section.ANSWER)).hasSizeBetween(20, 59);
      assertThat(reply.numBytes()).isLessThanOrEqualTo(512);
    }
  }

  @Test
  void unknownEdnsVersionGetsBadvers() throws Exception {
    Message query = aQuery("n60.mesos.");
    query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
    Message reply = server.udpClient().send(query);
    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.getOPT().getVersion()).isZero();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void twoOptRecordsAreFormerr() throws Exception {
    Message query = aQuery("n60.mesos.");
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    query.addRecord(new OPTRecord(512, 0, 0), Section.ADDITIONAL);
    assertThat(raw(query.toWire()).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void responsesAreDroppedWithoutReply() throws Exception {
    Message response = aQuery("n60.mesos.");
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setID(1111);
    Message query = aQuery("n60.mesos.");
    query.getHeader().setID(2222);
    try (DatagramSocket socket = socket()) {
      send(socket, response.toWire());
      send(socket, query.toWire());
      // The first reply to arrive answers the query: the response got none.
      assertThat(receive(socket).getHeader().getID()).isEqualTo(2222);
    }
  }

  @Test
  void messageWithoutQuestionIsFormerr() throws Exception {
    Message empty = new Message(3333);
    Message reply = raw(empty.toWire());
    assertThat(reply.getHeader().getID()).isEqualTo(3333);
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void twoQuestionsAreFormerr() throws Exception {
    Message query = aQuery("n60.mesos.");
    query.addRecord(Record.newRecord(Name.fromString("n100.mesos."), Type.A, DClass.IN),
        Section.QUESTION);
    assertThat(raw(query.toWire()).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void unknownOpcodeIsNotimp() throws Exception {
    Message query = aQuery("n60.mesos.");
    query.getHeader().setOpcode(Opcode.UPDATE);
    assertThat(raw(query.toWire()).getRcode()).isEqualTo(Rcode.NOTIMP);
    query.getHeader().setOpcode(Opcode.NOTIFY);
    assertThat(raw(query.toWire()).getRcode()).isEqualTo(Rcode.NOTIMP);
  }

  @Test
  void nonInternetClassIsRefused() throws Exception {
    Message query = Message.newQuery(
        Record.newRecord(Name.fromString("n60.mesos."), Type.A, DClass.CH));
    assertThat(raw(query.toWire()).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void truncatedQuestionIsFormerrWithTheQueryId() throws Exception {
    byte[] wire = aQuery("n60.mesos.").toWire();
    byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 3);
    Message reply = raw(cut);
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getHeader().getID()).isEqualTo(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
  }

  @Test
  void compressionLoopIsFormerr() throws Exception {
    // Header with QDCOUNT 1, then a name that is a pointer to itself (offset 12).
    byte[] loop = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
        (byte) 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01};
    assertThat(raw(loop).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void hugeQuestionCountIsFormerr() throws Exception {
    byte[] wire = aQuery("n60.mesos.").toWire();
    wire[4] = (byte) 0xff;
    wire[5] = (byte) 0xff;
    assertThat(raw(wire).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void recordCountsThePacketCannotHoldAreFormerr() throws Exception {
    byte[] wire = aQuery("n60.mesos.").toWire(); // one question, room for no record
    wire[11] = 1; // ARCOUNT 1: 11 more bytes needed
    Message reply = raw(wire);
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getHeader().getID()).isEqualTo(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
    assertThat(QueryHandler.countsFit(wire, wire.length)).isFalse();
    wire[11] = 0;
    assertThat(QueryHandler.countsFit(wire, wire.length)).isTrue();
    byte[] junk = new byte[40];
    java.util.Arrays.fill(junk, 4, 12, (byte) 0xff); // 4 x 65535 entries claimed
    assertThat(QueryHandler.countsFit(junk, junk.length)).isFalse();
  }

  @Test
  void runtPacketsAreDropped() throws Exception {
    Message query = aQuery("n60.mesos.");
    query.getHeader().setID(4444);
    try (DatagramSocket socket = socket()) {
      send(socket, new byte[] {1, 2, 3});
      send(socket, query.toWire());
      assertThat(receive(socket).getHeader().getID()).isEqualTo(4444);
    }
  }

  private Message raw(byte[] packet) throws Exception {
    try (DatagramSocket socket = socket()) {
      send(socket, packet);
      return receive(socket);
    }
  }

  static DatagramSocket socket() throws Exception {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    socket.setSoTimeout(5000);
    return socket;
  }

  private void send(DatagramSocket socket, byte[] packet) throws Exception {
    socket.send(new DatagramPacket(packet, packet.length,
        new InetSocketAddress("127.0.0.1", server.frontend.port())));
  }

  static Message receive(DatagramSocket socket) throws Exception {
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    socket.receive(p);
    return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
  }
}
