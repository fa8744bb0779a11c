package io.signpost.source.mesos;

import io.signpost.core.naming.RecordGenerator;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Fetch-to-served probe of the whole server: a fake Mesos master on loopback ({@link FakeMaster},
 * sending generated states from disk) and the assembled {@code bin/signpost} in its own process
 * with the mesos-master source and the DNS frontend. For each refresh it measures the time from
 * the master receiving the state request until a DNS query answers a record that exists only in
 * the new state, and reads the server's peak RSS ({@code VmHWM}) and current RSS from {@code
 * /proc/PID/status}. Two states of the same size alternate (1 % of the tasks differ), so every
 * refresh after the first load is a changed state; a last refresh serves the same state again
 * (unchanged cluster).
 *
 * <p>Usage: {@code FetchToServedProbe <signpost-home> <tasks> <refreshes> [refreshSeconds]}; the
 * server's JVM options come from the environment variable {@code SIGNPOST_JAVA_OPTS}. See
 * {@code bench/mesos-scale}.
 */
public final class FetchToServedProbe {

  private static final Pattern DNS_STARTED = Pattern.compile("dns on 127\\.0\\.0\\.1:(\\d+)");

  private FetchToServedProbe() {}

  /** One state request the fake master answered: when it arrived, and which state it got. */
  private record Arrival(long nanos, int state) {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    int tasks = Integer.parseInt(args[1]);
    int refreshes = Integer.parseInt(args[2]);
    int refreshSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String javaOpts = System.getenv().getOrDefault("SIGNPOST_JAVA_OPTS", "");
    Path work = Files.createTempDirectory("signpost-mesos-scale");

    Path[] files = new Path[2];
    Probe[] probes = new Probe[2];
    for (int i = 0; i < 2; i++) {
      files[i] = work.resolve("state-" + i + ".json");
      try (OutputStream out = Files.newOutputStream(files[i])) {
        new StateGenerator(tasks, i).write(out);
      }
      probes[i] = probeOf(i);
    }
    System.out.printf("state: %,d tasks, %.1f MB of JSON; server JVM options: %s%n",
        tasks, Files.size(files[0]) / 1e6, javaOpts.isBlank() ? "(none)" : javaOpts);

    BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    int[] serving = {0};
    FakeMaster master = new FakeMaster(files, serving, arrivals);

    Path config = work.resolve("signpost.yaml");
    Files.writeString(config, String.join("\n",
        "domain: mesos",
        "ipSources: [netinfo, mesos, host]",
        "sources:",
        "  mesos-master:",
        "    masters: [\"127.0.0.1:" + master.port() + "\"]",
        "    refreshSeconds: " + refreshSeconds,
        "servers:",
        "  dns:",
        "    listener: 127.0.0.1",
        "    port: 0",
        // More of the DNS server's settings, e.g. "    reverseZones: [9.in-addr.arpa]".
        System.getenv().getOrDefault("SIGNPOST_BENCH_DNS", ""),
        ""));
    Path log = work.resolve("signpost.log");
    ProcessBuilder builder = new ProcessBuilder(
        home.resolve("bin/signpost").toString(), "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_OPTS", javaOpts);
    // The benchmark's options replace the shipped conf/jvm.options (its collector would clash).
    builder.environment().put("SIGNPOST_JVM_OPTIONS", "/dev/null");
    Process server = builder.start();
    try {
      int dnsPort = awaitDnsPort(log, server);
      SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
      resolver.setPort(dnsPort);
      resolver.setTimeout(Duration.ofSeconds(2));
      List<Long> changed = new ArrayList<>();
      for (int round = 0; round <= refreshes + 1; round++) {
        boolean same = round == refreshes + 1;
        int state = same ? serving[0] : round % 2;
        serving[0] = state;
        Arrival arrival = nextArrival(arrivals, state, refreshSeconds, server);
        String kind;
        long millis;
        if (same) {
          // Nothing changes in DNS: wait for the next request, so the unchanged one is done.
          nextArrival(arrivals, state, refreshSeconds, server);
          kind = "unchanged refresh";
          millis = -1;
        } else {
          awaitAnswer(resolver, probes[state], server);
          millis = (System.nanoTime() - arrival.nanos) / 1_000_000;
          kind = round == 0 ? "first load" : "changed refresh " + round;
          if (round > 0) {
            changed.add(millis);
          }
        }
        System.out.printf("%-20s %s  peak RSS %s  RSS %s%n", kind,
            millis < 0 ? "          " : String.format("%,7d ms", millis),
            status(server.pid(), "VmHWM"), status(server.pid(), "VmRSS"));
      }
      if (!changed.isEmpty()) {
        System.out.printf("changed refreshes: min %,d ms, max %,d ms%n",
            changed.stream().mapToLong(Long::longValue).min().getAsLong(),
            changed.stream().mapToLong(Long::longValue).max().getAsLong());
      }
    } catch (RuntimeException | IOException e) {
      System.out.println("server log (" + log + "):");
      Files.readAllLines(log).stream().skip(Math.max(0, Files.readAllLines(log).size() - 30))
          .forEach(System.out::println);
      throw e;
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      String keep = System.getenv("SIGNPOST_BENCH_LOG");
      if (keep != null && !keep.isBlank()) {
        Files.copy(log, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      master.close();
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * The fake master: answers every {@code GET /master/state} on a kept-alive connection with the
   * state file now served, sent by {@code sendfile} ({@link FileChannel#transferTo}). A real master
   * runs on another machine; sending without copying through the JVM keeps the probe's own CPU
   * use (which shares this machine's cores with the server) small.
   */
  private static final class FakeMaster implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Thread acceptor;

    FakeMaster(Path[] files, int[] serving, BlockingQueue<Arrival> arrivals) throws IOException {
      listener = ServerSocketChannel.open()
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      acceptor = new Thread(() -> {
        while (listener.isOpen()) {
          try {
            SocketChannel connection = listener.accept();
            Thread t = new Thread(() -> serve(connection, files, serving, arrivals), "master-conn");
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return; // closed
          }
        }
      }, "master-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() throws IOException {
      return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    private static void serve(SocketChannel connection, Path[] files, int[] serving,
        BlockingQueue<Arrival> arrivals) {
      try (connection) {
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        while (true) {
          String head = readHead(connection, in);
          if (head == null) {
            return;
          }
          if (!head.startsWith("GET /master/state ")) {
            connection.write(ByteBuffer.wrap("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
            continue;
          }
          int state = serving[0];
          arrivals.add(new Arrival(System.nanoTime(), state));
          try (FileChannel file = FileChannel.open(files[state])) {
            long size = file.size();
            connection.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            for (long sent = 0; sent < size; ) {
              sent += file.transferTo(sent, size - sent, connection);
            }
          }
        }
      } catch (IOException e) {
        // the server closed the connection
      }
    }

    /** The request line and headers, or null at the end of the connection. */
    private static String readHead(SocketChannel connection, ByteBuffer in) throws IOException {
      while (true) {
        String text = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
          int used = end + 4;
          in.flip().position(used);
          in.compact();
          return text.substring(0, end);
        }
        if (!in.hasRemaining() || connection.read(in) < 0) {
          return null;
        }
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  /** A name only state {@code seed} has (task 0's canonical name) and its address. */
  private record Probe(Name name, InetAddress address) {}

  /**
   * Names task 0 of a state with the real parser and naming code: its canonical name holds the
   * hash of its ID, which differs between seeds.
   */
  private static Probe probeOf(int seed) throws IOException {
    MesosState parsed = new StateParser(HostResolver.SYSTEM).parse(
        new ByteArrayInputStream(new StateGenerator(1, seed).bytes()), new Warnings.Batch(),
        false);
    SourceReport report = new SourceReport(
        parsed.frameworks(), parsed.agents(), parsed.tasks(), Masters.NONE, List.of());
    RecordSnapshot snapshot = new RecordGenerator(StateGenerator.namingSettings())
        .snapshot(report, 1, Instant.EPOCH).snapshot();
    Pattern canonical = Pattern.compile("app-0-group-0-[a-z0-9]{5}-s0\\.marathon\\.mesos\\.");
    for (String name : snapshot.names()) {
      if (canonical.matcher(name).matches()) {
        return new Probe(Name.fromString(name), snapshot.lookup(name).a().get(0));
      }
    }
    throw new IllegalStateException("task 0 has no canonical name in " + snapshot.names());
  }

  private static int awaitDnsPort(Path log, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("the server exited with status " + server.exitValue());
      }
      Matcher m = DNS_STARTED.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(20);
    }
    throw new IOException("the DNS frontend did not start within 60 s");
  }

  private static Arrival nextArrival(BlockingQueue<Arrival> arrivals, int state,
      int refreshSeconds, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(refreshSeconds * 3L + 120);
    while (System.nanoTime() < deadline) {
      Arrival a = arrivals.poll(100, TimeUnit.MILLISECONDS);
      if (a != null && a.state == state) {
        return a;
      }
      if (!server.isAlive()) {
        throw new IOException("the server exited with status " + server.exitValue());
      }
    }
    throw new IOException("no state request from the server");
  }

  /** Queries until the probe name answers with its address (a new snapshot is served). */
  private static void awaitAnswer(SimpleResolver resolver, Probe probe, Process server)
      throws Exception {
    Message query = Message.newQuery(Record.newRecord(probe.name(), Type.A, DClass.IN));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      Message reply;
      try {
        reply = resolver.send(query);
      } catch (IOException e) {
        continue; // no answer in time (the server is busy): ask again
      }
      if (reply.getRcode() == Rcode.NOERROR) {
        for (Record r : reply.getSection(Section.ANSWER)) {
          if (r instanceof ARecord a && a.getAddress().equals(probe.address())) {
            return;
          }
        }
      }
      if (!server.isAlive()) {
        throw new IOException("the server exited with status " + server.exitValue());
      }
      Thread.sleep(2);
    }
    throw new IOException("the server never answered " + probe.name());
  }

  private static String status(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(key + ":")) {
        long kb = Long.parseLong(line.substring(key.length() + 1).strip().split("\\s+")[0]);
        return String.format("%,5d MiB", kb / 1024);
      }
    }
    return "?";
  }
}
