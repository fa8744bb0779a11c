package io.signpost.source.mesos;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.model.SourceReport;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * End-to-end scale check of the source: a generated state of N tasks written to a temporary
 * file and served over real HTTP on loopback (JDK HttpServer, streamed from disk), fetched R
 * times, printing the time of each fetch and the process's peak RSS. A different state (other
 * seed) is served on every refresh. Usage: {@code ScaleProbe <tasks> <refreshes>}; run with the
 * heap limit to check, e.g. {@code -Xmx160m -XX:+UseSerialGC}.
 */
public final class ScaleProbe {

  private ScaleProbe() {}

  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(args[0]);
    int refreshes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path[] files = new Path[2];
    for (int i = 0; i < 2; i++) {
      files[i] = Files.createTempFile("state-" + tasks + "-", ".json");
      files[i].toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(files[i])) {
        new StateGenerator(tasks, i).write(out);
      }
    }
    System.out.printf("state: %d tasks, %.1f MB%n", tasks, Files.size(files[0]) / 1e6);
    int[] served = {0};
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/master/state",
        exchange -> {
          Path file = files[served[0]++ % 2];
          exchange.sendResponseHeaders(200, Files.size(file));
          try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
          }
        });
    server.start();
    MesosMasterConfig config =
        new MesosMasterConfig(
            List.of("127.0.0.1:" + server.getAddress().getPort()),
            null, null, null, 60, null, null, null, null, null);
    // The generated state's pid equals its leader, so the loopback server counts as the leader
    // and 10.0.0.1 is never dialled.
    try (MesosMasterSource source =
        new MesosMasterSource(
            config, new SimpleMeterRegistry(), HostResolver.SYSTEM, Clock.systemUTC())) {
      for (int r = 0; r < refreshes; r++) {
        long start = System.nanoTime();
        SourceReport report = source.fetch();
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
            "fetch %d: %d ms, %d tasks, peak RSS %s, RSS %s%n",
            r, took, report.tasks().size(), status("VmHWM"), status("VmRSS"));
      }
    } finally {
      server.stop(0);
    }
  }

  private static String status(String key) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    return "?";
  }
}
