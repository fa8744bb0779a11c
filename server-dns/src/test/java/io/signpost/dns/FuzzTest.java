package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Random and mutated packets: the decoder path never throws, every reply is a well-formed
 * response to the packet's ID, and a server hammered with garbage keeps answering.
 */
class FuzzTest {

  private static final long SEED = 0x5167_9057L;

  private static List<byte[]> seeds() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    String[] names = {"chronos.marathon.mesos.", "_web._tcp.marathon.mesos.", "mesos.",
        "missing.mesos.", "example.org.", "1.0.0.10.in-addr.arpa."};
    int[] types = {Type.A, Type.AAAA, Type.SRV, Type.SOA, Type.NS, Type.ANY, Type.PTR,
        Type.AXFR, Type.TXT};
    for (String n : names) {
      for (int t : types) {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(n), t, DClass.IN));
        seeds.add(q.toWire());
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        seeds.add(q.toWire());
      }
    }
    return seeds;
  }

  private static byte[] mutate(Random random, List<byte[]> seeds) {
    int kind = random.nextInt(4);
    if (kind == 0) {
      byte[] junk = new byte[random.nextInt(600)];
      random.nextBytes(junk);
      return junk;
    }
    byte[] base = seeds.get(random.nextInt(seeds.size())).clone();
    if (kind == 1) {
      int flips = 1 + random.nextInt(4);
      for (int i = 0; i < flips; i++) {
        base[random.nextInt(base.length)] = (byte) random.nextInt(256);
      }
      return base;
    }
    if (kind == 2) {
      return java.util.Arrays.copyOf(base, random.nextInt(base.length + 1));
    }
    // Grow: random tail, e.g. fake records after the question.
    byte[] longer = java.util.Arrays.copyOf(base, base.length + 1 + random.nextInt(64));
    for (int i = base.length; i < longer.length; i++) {
      longer[i] = (byte) random.nextInt(256);
    }
    longer[random.nextInt(12)] = (byte) random.nextInt(256);
    return longer;
  }

  @Test
  void aMillionMutatedPacketsNeverBreakTheDecoder() throws Exception {
    ManualFeed feed = new ManualFeed();
    feed.publish(DnsTestServer.sample(1));
    DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
    DnsConfig config = DnsTestServer.config(Map.of("reverseZones", List.of("in-addr.arpa")));
    QueryHandler handler = new QueryHandler(config,
        new ZoneView.ServerNames(DnsTestServer.CORE, 60), 1, feed,
        new Forwarder(List.of(), Duration.ofSeconds(1), metrics), Map.of(), metrics);
    InetAddress client = InetAddress.getByName("127.0.0.1");
    List<byte[]> seeds = seeds();
    Random random = new Random(SEED);
    int answered = 0;
    int dropped = 0;
    for (int i = 0; i < 1_000_000; i++) {
      byte[] packet = mutate(random, seeds);
      QueryHandler.Outcome outcome = handler.handle(packet, packet.length, client, i % 2 == 0);
      assertThat(outcome.pending()).isNull(); // no upstreams: nothing may be forwarded
      if (outcome.replies().isEmpty()) {
        dropped++;
        continue;
      }
      answered++;
      if (i % 16 == 0) {
        byte[] reply = outcome.replies().get(0);
        Message m = new Message(reply);
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(m.getHeader().getID())
            .isEqualTo(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
        assertThat(reply.length).isLessThanOrEqualTo(i % 2 == 0 ? 65535 : 1232);
      }
    }
    assertThat(answered).isGreaterThan(500_000);
    assertThat(dropped).isGreaterThan(0);
  }

  @Test
  void serverKeepsAnsweringUnderGarbage() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      server.feed.publish(DnsTestServer.sample(1));
      List<byte[]> seeds = seeds();
      Random random = new Random(SEED + 1);
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.frontend.port());
      try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        for (int i = 0; i < 20_000; i++) {
          byte[] packet = mutate(random, seeds);
          socket.send(new DatagramPacket(packet, packet.length, target));
        }
      }
      // The flood may still fill the socket buffer (UDP drops are fair): ask until answered.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .ignoreExceptions().untilAsserted(() -> {
            Message reply = server.query("chronos.marathon.mesos.", Type.A);
            assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(reply.getSection(Section.ANSWER)).hasSize(3);
          });
      assertThat(server.registry.find("signpost.dns.malformed").counter().count())
          .isGreaterThan(0);
    }
  }
}
