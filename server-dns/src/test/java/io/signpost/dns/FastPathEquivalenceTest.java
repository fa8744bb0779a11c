package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.snapshot.SnapshotBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The pre-rendered hot path answers exactly what the general path answers. */
class FastPathEquivalenceTest {

  private static QueryHandler handler(ManualFeed feed, boolean fast, DnsMetrics metrics) {
    return new QueryHandler(DnsTestServer.config(Map.of()),
        new ZoneView.ServerNames(DnsTestServer.CORE, 60), 1, feed,
        new Forwarder(List.of(), Duration.ofSeconds(1), metrics), Map.of(), metrics, fast);
  }

  private static List<String> section(Message m, int section, boolean sort) {
    List<String> out = new ArrayList<>();
    for (Record r : m.getSection(section)) {
      // dnsjava's general path compresses names case-insensitively against the question, so
      // e.g. the SOA MNAME may come back as ns1.Mesos.: compare names without case.
      out.add(section == Section.ANSWER ? r.toString() : r.toString().toLowerCase());
    }
    if (sort) {
      out.sort(null);
    }
    return out;
  }

  @Test
  void fastAndGeneralPathsAgree() throws Exception {
    ManualFeed feed = new ManualFeed();
    feed.publish(TransportRulesTest.bigCluster());
    feed.publish(DnsTestServer.sample(3));
    DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
    QueryHandler fast = handler(feed, true, metrics);
    QueryHandler general = handler(feed, false, metrics);
    ZoneView.ServerNames serverNames = new ZoneView.ServerNames(DnsTestServer.CORE, 60);
    FastPath hotPath = new FastPath(serverNames, new Authority(serverNames, 1), true, true, true);
    InetAddress client = InetAddress.getByName("127.0.0.1");
    String[] names = {"chronos.marathon.mesos.", "CHRONOS.Marathon.MESOS.",
        "_web._tcp.marathon.mesos.", "web-b.marathon.mesos.", "toy-store.ipv6-framework.mesos.",
        "missing.mesos.", "deep.missing.Mesos.", "marathon.mesos."};
    int[] types = {Type.A, Type.AAAA, Type.SRV};
    int compared = 0;
    for (String name : names) {
      for (int type : types) {
        for (int edns = 0; edns < 2; edns++) {
          for (int rd = 0; rd < 2; rd++) {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type,
                DClass.IN));
            if (rd == 0) {
              q.getHeader().unsetFlag(Flags.RD);
            }
            q.getHeader().setFlag(Flags.CD);
            if (edns == 1) {
              q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
            }
            byte[] wire = q.toWire();
            for (boolean tcp : new boolean[] {false, true}) {
              // The comparison means something only if the hot path answered by itself.
              boolean emptyNonTerminal = name.equals("marathon.mesos.");
              assertThat(hotPath.answer(wire, wire.length, fast.view(), tcp, metrics, 0))
                  .as(name + " takes the hot path").matches(
                      reply -> emptyNonTerminal == (reply == null));
              Message a = new Message(fast.handle(wire, wire.length, client, tcp).replies()
                  .get(0));
              Message b = new Message(general.handle(wire, wire.length, client, tcp).replies()
                  .get(0));
              String what = name + "/" + Type.string(type) + " edns=" + edns + " rd=" + rd;
              assertThat(a.getHeader().toString()).as(what)
                  .isEqualTo(b.getHeader().toString());
              assertThat(a.getQuestion().getName().toString()).as(what).isEqualTo(name);
              assertThat(section(a, Section.ANSWER, true)).as(what)
                  .isEqualTo(section(b, Section.ANSWER, true));
              assertThat(section(a, Section.AUTHORITY, false)).as(what)
                  .isEqualTo(section(b, Section.AUTHORITY, false));
              assertThat(section(a, Section.ADDITIONAL, false)).as(what)
                  .isEqualTo(section(b, Section.ADDITIONAL, false));
              for (Record r : a.getSection(Section.ANSWER)) {
                assertThat(r.getName().toString()).isEqualTo(name); // case kept
              }
              compared++;
            }
          }
        }
      }
    }
    assertThat(compared).isEqualTo(names.length * types.length * 2 * 2 * 2);
  }

  /** Replies too big for UDP: the hot path cuts them exactly as the general path does. */
  @Test
  void cutRepliesAgree() throws Exception {
    SnapshotBuilder b = new SnapshotBuilder();
    for (int i = 0; i < 100; i++) {
      String target = "a-rather-long-task-name-" + i + ".marathon.slave.mesos.";
      b.addAddress(target, DnsTestServer.ip("10.7." + (i / 200) + "." + i));
      if (i < 8) {
        b.addSrv("_eight._tcp.marathon.slave.mesos.", target, 31000 + i); // ~900 bytes
      }
      if (i < 40) {
        b.addSrv("_forty._tcp.marathon.slave.mesos.", target, 31000 + i); // over 1232
      }
      b.addAddress("hundred.marathon.mesos.", DnsTestServer.ip("10.8.0." + i)); // ~1.6 KB
      if (i < 60) {
        b.addAddress("sixty.marathon.mesos.", DnsTestServer.ip("10.9.0." + i)); // ~1 KB
      }
    }
    ManualFeed feed = new ManualFeed();
    feed.publish(b.build(4, Instant.now()));
    DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
    QueryHandler fast = handler(feed, true, metrics);
    QueryHandler general = handler(feed, false, metrics);
    ZoneView.ServerNames serverNames = new ZoneView.ServerNames(DnsTestServer.CORE, 60);
    FastPath hotPath = new FastPath(serverNames, new Authority(serverNames, 1), true, true, true);
    InetAddress client = InetAddress.getByName("127.0.0.1");
    String[][] queries = {{"_eight._tcp.marathon.slave.mesos.", "SRV"},
        {"_forty._tcp.Marathon.slave.mesos.", "SRV"}, {"hundred.marathon.mesos.", "A"},
        {"SIXTY.marathon.mesos.", "A"}};
    int cutByHotPath = 0;
    for (String[] query : queries) {
      for (int payload : new int[] {0, 512, 800, 1232, 4096}) {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(query[0]),
            Type.value(query[1]), DClass.IN));
        if (payload > 0) {
          q.addRecord(new OPTRecord(payload, 0, 0), Section.ADDITIONAL);
        }
        byte[] wire = q.toWire();
        for (boolean tcp : new boolean[] {false, true}) {
          String what = query[0] + " payload=" + payload + " tcp=" + tcp;
          byte[] hot = hotPath.answer(wire, wire.length, fast.view(), tcp, metrics, 0);
          boolean common = tcp || payload == 0 || payload >= 1232;
          assertThat(hot != null).as(what + " takes the hot path").isEqualTo(common);
          byte[] fastWire = fast.handle(wire, wire.length, client, tcp).replies().get(0);
          Message a = new Message(fastWire);
          Message c = new Message(general.handle(wire, wire.length, client, tcp).replies()
              .get(0));
          assertThat(fastWire.length).as(what).isLessThanOrEqualTo(tcp ? 65535
              : payload == 0 ? 512 : Math.max(512, Math.min(payload, 1232)));
          assertThat(a.getHeader().toString()).as(what).isEqualTo(c.getHeader().toString());
          assertThat(section(a, Section.ANSWER, true)).as(what)
              .isEqualTo(section(c, Section.ANSWER, true));
          assertThat(section(a, Section.ADDITIONAL, false)).as(what)
              .isEqualTo(section(c, Section.ADDITIONAL, false));
          if (common && !tcp && a.getHeader().getFlag(Flags.TC)) {
            cutByHotPath++;
          }
        }
      }
    }
    assertThat(cutByHotPath).isPositive();
  }

  /**
   * After a snapshot change, replies of names whose records (and SRV targets' records) did not
   * change are reused, not rendered again; the others, and any reply with the serial in it, are.
   */
  @Test
  void unchangedRepliesAreReusedAcrossSnapshots() throws Exception {
    ManualFeed feed = new ManualFeed();
    feed.publish(DnsTestServer.sample(10));
    DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
    QueryHandler handler = handler(feed, true, metrics);
    InetAddress client = InetAddress.getByName("127.0.0.1");
    String[][] queries = {{"chronos.marathon.mesos.", "A"}, {"_web._tcp.marathon.mesos.", "SRV"},
        {"leader.mesos.", "AAAA"}};
    for (String[] q : queries) {
      ask(handler, client, q[0], q[1]);
    }
    ZoneView first = handler.view();
    SnapshotBuilder b = new SnapshotBuilder();
    b.addAddress("chronos.marathon.mesos.", DnsTestServer.ip("10.0.0.1"));
    b.addAddress("chronos.marathon.mesos.", DnsTestServer.ip("10.0.0.2"));
    b.addAddress("chronos.marathon.mesos.", DnsTestServer.ip("10.0.0.3"));
    b.addSrv("_web._tcp.marathon.mesos.", "web-a.marathon.mesos.", 80);
    b.addSrv("_web._tcp.marathon.mesos.", "web-b.marathon.mesos.", 443);
    b.addAddress("web-a.marathon.mesos.", DnsTestServer.ip("10.3.0.1"));
    b.addAddress("web-b.marathon.mesos.", DnsTestServer.ip("10.3.0.99")); // moved
    b.addAddress("leader.mesos.", DnsTestServer.ip("10.1.0.1"));
    feed.publish(b.build(11, Instant.now()));
    Message srv = ask(handler, client, "_web._tcp.marathon.mesos.", "SRV");
    Message nodata = ask(handler, client, "leader.mesos.", "AAAA");
    ask(handler, client, "chronos.marathon.mesos.", "A");
    ZoneView second = handler.view();
    assertThat(second).isNotSameAs(first);
    assertThat(second.rendered(Type.A).get("chronos.marathon.mesos."))
        .isSameAs(first.rendered(Type.A).get("chronos.marathon.mesos."));
    assertThat(second.rendered(Type.SRV).get("_web._tcp.marathon.mesos."))
        .isNotSameAs(first.rendered(Type.SRV).get("_web._tcp.marathon.mesos."));
    assertThat(section(srv, Section.ADDITIONAL, true)).anyMatch(r -> r.contains("10.3.0.99"))
        .noneMatch(r -> r.contains("10.3.0.2"));
    assertThat(((SOARecord) nodata.getSection(Section.AUTHORITY).get(0)).getSerial())
        .isEqualTo(11);
  }

  private static Message ask(QueryHandler handler, InetAddress client, String name, String type)
      throws Exception {
    byte[] wire = Message.newQuery(Record.newRecord(Name.fromString(name), Type.value(type),
        DClass.IN)).toWire();
    return new Message(handler.handle(wire, wire.length, client, false).replies().get(0));
  }
}
