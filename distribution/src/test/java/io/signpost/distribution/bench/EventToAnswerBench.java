package io.signpost.distribution.bench;

import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.runtime.SignpostRuntime;
import io.signpost.distribution.MarathonStub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Event-to-answer latency: Signpost (the assembled distribution's Marathon source and DNS
 * frontend, in-process) follows a Marathon stand-in's event stream; for each event (a task
 * started, then killed, in turn) it measures the time from writing the event on the stream to
 * the first DNS answer that shows the change, asking over UDP in a tight loop. Prints p50, p90,
 * p99 and max. Run by {@code bench/marathon-latency}; arguments: events, apps, tasks per app,
 * plugins folder.
 */
public final class EventToAnswerBench {

  private EventToAnswerBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int apps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int perApp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path plugins = Path.of(args.length > 3 ? args[3] : "distribution/target/signpost/plugins");
    int warmup = Math.min(200, events / 5);

    try (MarathonStub marathon = new MarathonStub(appsBody(apps, perApp))) {
      Path dir = Files.createTempDirectory("signpost-bench");
      Path file = dir.resolve("signpost.yaml");
      Files.writeString(file, """
          domain: mesos
          sources:
            marathon:
              urls: ["%s"]
              frameworkName: marathon
          servers:
            dns: {listener: 127.0.0.1, port: 0}
          """.formatted(marathon.url()));
      ConfigLoader loader = new ConfigLoader();
      LoadedConfig config =
          loader.bind(file.toString(), loader.read(file), PluginLoader.load(plugins), dir);
      try (SignpostRuntime runtime = SignpostRuntime.create(config)) {
        runtime.start();
        InetSocketAddress dns = runtime.frontends().get(0).frontend().listeningAddresses().get(0);
        SimpleResolver resolver = new SimpleResolver(dns);
        resolver.setTimeout(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runtime.feed().current() == null || !marathon.streamOpen()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no snapshot or no event stream after 30 s");
          }
          Thread.sleep(50);
        }
        System.out.printf(Locale.ROOT, "cluster: %d apps x %d tasks = %d tasks, %d records%n",
            apps, perApp, apps * perApp, runtime.feed().current().recordCount());

        long[] micros = new long[events - warmup];
        for (int i = 0; i < events; i++) {
          int app = (i / 2) % apps;
          int n = i / 2;
          String ip = "10.200." + (n / 250 % 250) + "." + (n % 250 + 1);
          boolean start = i % 2 == 0;
          String name = "app-" + app + "-bench.marathon.mesos.";
          long t0 = System.nanoTime();
          marathon.event("status_update_event", MarathonStub.statusUpdate("/bench/app-" + app,
              "app-" + app + ".bench.task-" + n, start ? "TASK_RUNNING" : "TASK_KILLED", ip,
              31000 + n % 1000, "bench-S0"));
          while (hasAddress(resolver, name, ip) != start) {
            if (System.nanoTime() - t0 > Duration.ofSeconds(10).toNanos()) {
              throw new IllegalStateException("event " + i + " not visible after 10 s");
            }
          }
          long took = (System.nanoTime() - t0) / 1000;
          if (i >= warmup) {
            micros[i - warmup] = took;
          }
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT,
            "event-to-answer over %d events (after %d warm-up): p50 %.2f ms, p90 %.2f ms, "
                + "p99 %.2f ms, max %.2f ms%n", micros.length, warmup, pct(micros, 50) / 1000.0,
            pct(micros, 90) / 1000.0, pct(micros, 99) / 1000.0,
            micros[micros.length - 1] / 1000.0);
      }
    }
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static boolean hasAddress(SimpleResolver resolver, String name, String ip)
      throws Exception {
    Message m = resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    InetAddress want = InetAddress.getByName(ip);
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a && a.getAddress().equals(want)) {
        return true;
      }
    }
    return false;
  }

  /** {@code apps} host-network apps {@code /bench/app-N} with {@code perApp} running tasks. */
  private static String appsBody(int apps, int perApp) {
    StringBuilder b = new StringBuilder("{\"apps\":[");
    for (int a = 0; a < apps; a++) {
      if (a > 0) {
        b.append(',');
      }
      b.append("{\"id\":\"/bench/app-").append(a).append("\",\"instances\":").append(perApp)
          .append(",\"networks\":[{\"mode\":\"host\"}],\"portDefinitions\":[{\"port\":0,"
              + "\"protocol\":\"tcp\",\"name\":\"http\"}],\"healthChecks\":[],\"tasks\":[");
      for (int t = 0; t < perApp; t++) {
        if (t > 0) {
          b.append(',');
        }
        int host = a * perApp + t;
        b.append("{\"id\":\"app-").append(a).append(".bench.t").append(t)
            .append("\",\"appId\":\"/bench/app-").append(a).append("\",\"host\":\"10.100.")
            .append(host / 250 % 250).append('.').append(host % 250 + 1)
            .append("\",\"slaveId\":\"bench-S0\",\"state\":\"TASK_RUNNING\",\"ports\":[")
            .append(31000 + t).append("],\"startedAt\":\"2025-11-25T08:00:00.000Z\"}");
      }
      b.append("]}");
    }
    return b.append("]}").toString();
  }
}
