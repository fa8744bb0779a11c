package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Runs the assembled distribution the way a user does: {@code bin/signpost} from
 * {@code target/signpost}, queried with dnsjava and with {@code dig}, stopped with SIGTERM.
 */
class DistributionIT {

  private static final Path HOME = Path.of("target/signpost").toAbsolutePath();

  @TempDir Path dir;

  private static int freePort() throws IOException {
    // A port free for both TCP and UDP at this moment.
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }

  private Process start(Path config, Path log) throws IOException {
    return new ProcessBuilder(HOME.resolve("bin/signpost").toString(), "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private Path demoConfig(int dnsPort, int httpPort) throws IOException {
    Files.copy(HOME.resolve("conf/demo-state.json"), dir.resolve("demo-state.json"));
    String yaml = Files.readString(HOME.resolve("conf/demo.yaml"))
        .replace("port: 8053", "port: " + dnsPort).replace("port: 8123", "port: " + httpPort);
    return Files.writeString(dir.resolve("demo.yaml"), yaml);
  }

  /** Skips a test needing plugins left out by this build's -Dsignpost.plugins. */
  private static void assumePlugins(String... names) {
    for (String name : names) {
      Assumptions.assumeTrue(Files.isDirectory(HOME.resolve("plugins").resolve(name)),
          "plugin " + name + " is not in this distribution");
    }
  }

  @Test
  void demoAnswersDigAndStopsCleanlyOnSigterm() throws Exception {
    assumePlugins("mesos-master", "dns", "http");
    int dnsPort = freePort();
    Path config = demoConfig(dnsPort, freePort());
    Path log = dir.resolve("signpost.log");
    Process p = start(config, log);
    try {
      SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort));
      resolver.setTimeout(Duration.ofSeconds(1));
      Message query = Message.newQuery(Record.newRecord(
          Name.fromString("api-docker-mt42-1.customers-marathon.mesos."), Type.A, DClass.IN));
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
        Message m = resolver.send(query);
        return m.getRcode() == Rcode.NOERROR && m.getSection(Section.ANSWER).size() == 3;
      });

      if (onPath("dig")) {
        Process dig = new ProcessBuilder("dig", "@127.0.0.1", "-p", String.valueOf(dnsPort),
            "+short", "+tries=1", "+time=3", "api-docker-mt42-1.customers-marathon.mesos").start();
        assertThat(dig.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines().toList();
        assertThat(lines).containsExactlyInAnyOrder("10.42.0.11", "10.42.0.12", "10.42.0.13");
      }
    } finally {
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s of SIGTERM").isTrue();
    }
    String output = Files.readString(log);
    assertThat(output).contains("first snapshot ready").contains("stopping");
    assertThat(output).doesNotContain("Exception");
  }

  @Test
  void badConfigThroughTheLauncherIsOneLineAndStatusTwo() throws Exception {
    assumePlugins("mesos-master", "dns");
    Path config = Files.writeString(dir.resolve("bad.yaml"),
        "servers: {dns: {port: 8053}}\nsources: {mesos-master: {stateFile: x.json, refreshSecs: 5}}\n");
    Path log = dir.resolve("out.log");
    Process p = start(config, log);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(log)).singleElement().satisfies(line ->
        assertThat(line).startsWith("signpost: ").contains("sources.mesos-master: unknown key 'refreshSecs'"));
  }

  @Test
  void pluginsAreListedFromTheirFolders() throws Exception {
    assumePlugins("mesos-master", "marathon", "dns", "http");
    Process p = new ProcessBuilder(HOME.resolve("bin/signpost").toString(), "plugins")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("sources.mesos-master").contains("sources.marathon")
        .contains("servers.dns").contains("servers.http").contains("plugins/dns");
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
