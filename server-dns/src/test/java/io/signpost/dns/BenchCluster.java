package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.naming.RecordGenerator;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
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
import java.util.Map;
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

  /**
   * The cluster as the runtime serves it: tasks named by the real naming rules into the
   * runtime's (compact) snapshot, five instances per app, one agent per 20 tasks.
   */
  static RecordSnapshot cluster(int tasks) throws IOException {
    int perApp = 5;
    List<Agent> agents = new ArrayList<>();
    for (int a = 0; a <= tasks / 20; a++) {
      agents.add(new Agent("bench-S" + a, "", List.of(InetAddress.getByAddress(
          new byte[] {(byte) 192, (byte) 168, (byte) (a >> 8), (byte) a})), 5051));
    }
    List<Task> list = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      String app = "app-" + (t / perApp);
      InetAddress container = InetAddress.getByAddress(new byte[] {10, (byte) (t >> 16),
          (byte) (t >> 8), (byte) t});
      list.add(new Task(app + "." + Integer.toString(t * 7919, 36), app, "marathon", Task.RUNNING,
          "bench-S" + (t / 20), List.of(), List.of(new TaskIp(container, IpSource.NETINFO)),
          List.of(31000 + t % 1000), null, Health.UNKNOWN, Map.of()));
    }
    SourceReport report = new SourceReport(List.of(), agents, list, Masters.NONE,
        List.of(new PlainRecord("ns1", RecordType.A, "127.0.0.1")));
    CoreSettings settings = new CoreSettings("mesos", 60, false,
        List.of(IpSource.NETINFO, IpSource.MESOS, IpSource.HOST), 1,
        "ns1.mesos.", "root.ns1.mesos.", 60, 600, 86400, 60);
    return new RecordGenerator(settings).snapshot(report, 1, Instant.now()).snapshot();
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
