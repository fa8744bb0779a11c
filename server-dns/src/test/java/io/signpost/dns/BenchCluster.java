package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * For {@code bench/dns-qps}, not a test: builds a synthetic cluster of N Marathon tasks with
 * Mesos-DNS's names, writes the same records as a zone file (for knotd) and a dnsperf query file
 * (60% A, 25% SRV, 15% NXDOMAIN), then serves the cluster on 127.0.0.1:port until killed.
 *
 * <p>Usage: {@code BenchCluster <tasks> <port> <out-dir>}
 */
public final class BenchCluster {

  private BenchCluster() {}

  static RecordSnapshot cluster(int tasks) throws IOException {
    SnapshotBuilder b = new SnapshotBuilder();
    int perApp = 5;
    for (int t = 0; t < tasks; t++) {
      String app = "app-" + (t / perApp);
      String id = Integer.toString(t * 7919 % 100000, 36) + "x" + (t % perApp);
      InetAddress container = InetAddress.getByAddress(new byte[] {10, (byte) (t >> 16),
          (byte) (t >> 8), (byte) t});
      InetAddress agent = InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168,
          (byte) ((t / 20) >> 8), (byte) (t / 20)});
      String task = app + "-" + id + "-" + t;
      b.addAddress(app + ".marathon.mesos.", container);
      b.addAddress(task + ".marathon.mesos.", container);
      b.addAddress(app + ".marathon.slave.mesos.", agent);
      b.addAddress(task + ".marathon.slave.mesos.", agent);
      b.addSrv("_" + app + "._tcp.marathon.mesos.", task + ".marathon.mesos.", 8080);
      b.addSrv("_" + app + "._tcp.marathon.slave.mesos.", task + ".marathon.slave.mesos.",
          31000 + t % 1000);
    }
    b.addAddress("ns1.mesos.", InetAddress.getByName("127.0.0.1"));
    return b.build(1, Instant.now());
  }

  static void writeZone(RecordSnapshot s, Path file) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
      w.println("$ORIGIN mesos.");
      w.println("$TTL 60");
      w.println("@ SOA ns1.mesos. root.ns1.mesos. 1 60 600 86400 60");
      w.println("@ NS ns1.mesos.");
      for (String name : new TreeSet<>(s.names())) {
        RecordSet set = s.lookup(name);
        set.a().forEach(a -> w.println(name + " A " + a.getHostAddress()));
        set.aaaa().forEach(a -> w.println(name + " AAAA " + a.getHostAddress()));
        for (SrvTarget srv : set.srv()) {
          w.println(name + " SRV 0 1 " + srv.port() + " " + srv.target());
        }
      }
    }
  }

  static void writeQueries(RecordSnapshot s, Path file) throws IOException {
    List<String> a = new ArrayList<>();
    List<String> srv = new ArrayList<>();
    for (String name : new TreeSet<>(s.names())) {
      RecordSet set = s.lookup(name);
      if (!set.a().isEmpty()) {
        a.add(name);
      }
      if (!set.srv().isEmpty()) {
        srv.add(name);
      }
    }
    Random random = new Random(42);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
      for (int i = 0; i < 100_000; i++) {
        int r = random.nextInt(100);
        if (r < 60) {
          w.println(a.get(random.nextInt(a.size())) + " A");
        } else if (r < 85) {
          w.println(srv.get(random.nextInt(srv.size())) + " SRV");
        } else {
          w.println("missing-" + random.nextInt(1_000_000) + ".marathon.mesos. A");
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(args[0]);
    int port = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    RecordSnapshot snapshot = cluster(tasks);
    writeZone(snapshot, out.resolve("mesos.zone"));
    writeQueries(snapshot, out.resolve("queries.txt"));
    ManualFeed feed = new ManualFeed();
    feed.publish(snapshot);
    DnsConfig config = new DnsConfig("127.0.0.1", port, null, null, null, List.of(), null, null,
        null, null, null, null, null);
    DnsFrontend frontend = new DnsFrontend(config, DnsTestServer.CORE, feed,
        new SimpleMeterRegistry());
    frontend.start();
    System.out.println("ready " + frontend.describe() + " records=" + snapshot.recordCount());
    new CountDownLatch(1).await();
  }
}
