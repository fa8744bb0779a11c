package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.testing.ForwardingSnapshot;
import io.signpost.testing.ManualFeed;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** AXFR over TCP to allowed clients, and NOTIFY to secondaries when the records change. */
class ZoneTransferTest {

  private static List<Record> axfr(DnsTestServer server, String zone) throws Exception {
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString(zone),
        new InetSocketAddress("127.0.0.1", server.frontend.port()), null);
    xfr.setTimeout(Duration.ofSeconds(10));
    xfr.run();
    return xfr.getAXFR();
  }

  @Test
  void axfrSendsTheWholeDomainBetweenTwoSoas() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      server.feed.publish(DnsTestServer.sample(9));
      List<Record> records = axfr(server, "mesos.");
      assertThat(records.get(0).getType()).isEqualTo(Type.SOA);
      assertThat(((SOARecord) records.get(0)).getSerial()).isEqualTo(9);
      List<String> text = records.stream().map(r -> r.getName() + " "
          + Type.string(r.getType()) + " " + r.rdataToString()).toList();
      assertThat(text).contains(
          "mesos. NS ns1.mesos.",
          "chronos.marathon.mesos. A 10.0.0.1",
          "chronos.marathon.mesos. A 10.0.0.2",
          "chronos.marathon.mesos. A 10.0.0.3",
          "_web._tcp.marathon.mesos. SRV 0 1 80 web-a.marathon.mesos.",
          "_web._tcp.marathon.mesos. SRV 0 1 443 web-b.marathon.mesos.",
          "ns1.mesos. A 127.0.0.1");
      // SOA, NS, the 11 records of the sample, closing SOA.
      assertThat(records).hasSize(2 + 11 + 1);
      assertThat(records.get(records.size() - 1).getType()).isEqualTo(Type.SOA);
      assertThat(server.registry.find("signpost.dns.transfers").counter().count())
          .isEqualTo(1);
    }
  }

  @Test
  void largeZonesSpanSeveralMessages() throws Exception {
    SnapshotBuilder b = new SnapshotBuilder();
    for (int i = 0; i < 3000; i++) {
      b.addAddress("task-" + i + ".marathon.mesos.",
          DnsTestServer.ip("10.1." + (i / 250) + "." + (i % 250)));
      b.addSrv("_task-" + i + "._tcp.marathon.mesos.", "task-" + i + ".marathon.mesos.", 31000);
    }
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      server.feed.publish(b.build(3, Instant.now()));
      assertThat(axfr(server, "mesos.")).hasSize(2 + 6000 + 1);
    }
  }

  @Test
  void clientsOutsideAllowTransferFromAreRefused() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(
        Map.of("allowTransferFrom", List.of("10.0.0.0/8"))))) {
      server.feed.publish(DnsTestServer.sample(1));
      assertThatThrownBy(() -> axfr(server, "mesos."))
          .isInstanceOf(ZoneTransferException.class).hasMessageContaining("REFUSED");
    }
  }

  @Test
  void axfrOfANameBelowTheApexIsNotauth() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      server.feed.publish(DnsTestServer.sample(1));
      assertThatThrownBy(() -> axfr(server, "marathon.mesos."))
          .isInstanceOf(ZoneTransferException.class).hasMessageContaining("NOTAUTH");
    }
  }

  @Test
  void aZoneTooBigForTheFreeHeapIsRefusedWithServfail() throws Exception {
    // A transfer is built whole: one that does not fit must not take the server down with it.
    ManualFeed feed = new ManualFeed();
    RecordSnapshot snapshot = DnsTestServer.sample(1);
    feed.publish(snapshot);
    DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
    long[] spare = {snapshot.names().size() * QueryHandler.TRANSFER_BYTES_PER_NAME - 1};
    QueryHandler handler = new QueryHandler(DnsTestServer.config(Map.of()),
        new ZoneView.ServerNames(DnsTestServer.CORE, 60), 1, feed,
        new Forwarder(List.of(), Duration.ofSeconds(1), metrics), Map.of(), metrics, true, 16,
        () -> spare[0]);
    byte[] q = Message.newQuery(
        Record.newRecord(Name.fromString("mesos."), Type.AXFR, DClass.IN)).toWire();
    InetAddress client = InetAddress.getLoopbackAddress();
    QueryHandler.Outcome refused = handler.handle(q, q.length, client, true);
    assertThat(new Message(refused.replies().get(0)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    spare[0]++; // just enough room now
    QueryHandler.Outcome sent = handler.handle(q, q.length, client, true);
    Message first = new Message(sent.replies().get(0));
    assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(first.getSection(Section.ANSWER).get(0).getType()).isEqualTo(Type.SOA);
  }

  @Test
  void oneTransferIsBuiltAtATime() throws Exception {
    // Two transfers that each fit the free heap may not fit together.
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ManualFeed feed = new ManualFeed();
    feed.publish(new ForwardingSnapshot(DnsTestServer.sample(1)) {
      @Override
      public void forEach(BiConsumer<String, RecordSet> action) {
        building.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inner.forEach(action);
      }
    });
    DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
    QueryHandler handler = new QueryHandler(DnsTestServer.config(Map.of()),
        new ZoneView.ServerNames(DnsTestServer.CORE, 60), 1, feed,
        new Forwarder(List.of(), Duration.ofSeconds(1), metrics), Map.of(), metrics);
    byte[] q = Message.newQuery(
        Record.newRecord(Name.fromString("mesos."), Type.AXFR, DClass.IN)).toWire();
    InetAddress client = InetAddress.getLoopbackAddress();
    CompletableFuture<QueryHandler.Outcome> first =
        CompletableFuture.supplyAsync(() -> handler.handle(q, q.length, client, true));
    assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
    QueryHandler.Outcome second = handler.handle(q, q.length, client, true);
    assertThat(new Message(second.replies().get(0)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    release.countDown();
    Message whole = new Message(first.get(10, TimeUnit.SECONDS).replies().get(0));
    assertThat(whole.getRcode()).isEqualTo(Rcode.NOERROR);
    // The slot came back with the finished transfer.
    assertThat(new Message(handler.handle(q, q.length, client, true).replies().get(0))
        .getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void axfrOverUdpIsNotimp() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()));
        DatagramSocket socket = TransportRulesTest.socket()) {
      server.feed.publish(DnsTestServer.sample(1));
      byte[] q = Message.newQuery(
          Record.newRecord(Name.fromString("mesos."), Type.AXFR, DClass.IN)).toWire();
      socket.send(new DatagramPacket(q, q.length,
          new InetSocketAddress("127.0.0.1", server.frontend.port())));
      assertThat(TransportRulesTest.receive(socket).getRcode()).isEqualTo(Rcode.NOTIMP);
    }
  }

  @Test
  void secondariesAreNotifiedWhenTheSerialChanges() throws Exception {
    try (DatagramSocket secondary = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      BlockingQueue<Message> received = new LinkedBlockingQueue<>();
      Thread t = new Thread(() -> {
        byte[] buf = new byte[4096];
        while (!secondary.isClosed()) {
          try {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            secondary.receive(p);
            Message m = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
            received.add(m);
            Message ack = new Message(m.getHeader().getID());
            ack.getHeader().setFlag(Flags.QR);
            ack.getHeader().setFlag(Flags.AA);
            ack.getHeader().setOpcode(Opcode.NOTIFY);
            ack.addRecord(m.getQuestion(), Section.QUESTION);
            byte[] out = ack.toWire();
            secondary.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(
          Map.of("notify", List.of("127.0.0.1:" + secondary.getLocalPort()))))) {
        server.feed.publish(DnsTestServer.sample(20));
        Message first = received.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
        assertThat(first.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(first.getQuestion().getName()).isEqualTo(Name.fromString("mesos."));
        assertThat(first.getQuestion().getType()).isEqualTo(Type.SOA);
        assertThat(((SOARecord) first.getSection(Section.ANSWER).get(0)).getSerial())
            .isEqualTo(20);
        server.feed.publish(DnsTestServer.sample(20)); // same serial: no new NOTIFY
        server.feed.publish(DnsTestServer.sample(21));
        Message second = received.poll(10, TimeUnit.SECONDS);
        assertThat(((SOARecord) second.getSection(Section.ANSWER).get(0)).getSerial())
            .isEqualTo(21);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
            server.registry.find("signpost.dns.notify").tag("result", "ack").counter().count())
            .isEqualTo(2));
      }
    }
  }
}
