package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.signpost.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
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
    int dnsPort = Ports.freeTcpAndUdp();
    Path config = demoConfig(dnsPort, Ports.freeTcpAndUdp());
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

      boolean ci = System.getenv("SIGNPOST_REQUIRE_INTEROP") != null || System.getenv("CI") != null;
      assertThat(onPath("dig") || !ci).as("dig is installed in CI (.ci/run installs it)").isTrue();
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

  private static Message askA(int port, String name) throws IOException {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setTimeout(Duration.ofSeconds(1));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
  }

  private static boolean threeAnswers(int port, String name) throws IOException {
    Message m = askA(port, name);
    return m.getRcode() == Rcode.NOERROR && m.getSection(Section.ANSWER).size() == 3;
  }

  @Test
  void sighupReloadsTheConfigAndABadOneKeepsTheOld() throws Exception {
    int dnsPort = Ports.freeTcpAndUdp();
    Path config = demoConfig(dnsPort, Ports.freeTcpAndUdp());
    Path log = dir.resolve("signpost.log");
    Process p = start(config, log);
    try {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> threeAnswers(dnsPort, "api-docker-mt42-1.customers-marathon.mesos."));

      String yaml = Files.readString(config);
      Files.writeString(config, yaml.replace("domain: mesos", "domain: dc1.example"));
      hangup(p);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> threeAnswers(dnsPort, "api-docker-mt42-1.customers-marathon.dc1.example."));

      Files.writeString(config, "servers: {dns: {port: not-a-port}}\n");
      hangup(p);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(log).contains("configuration not reloaded"));
      assertThat(threeAnswers(dnsPort, "api-docker-mt42-1.customers-marathon.dc1.example.")).isTrue();
      assertThat(p.isAlive()).isTrue();
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    String output = Files.readString(log);
    assertThat(output).contains("configuration reloaded (top-level settings changed)")
        .contains("servers.dns.port: expected a whole number, got 'not-a-port'")
        .doesNotContain("Exception");
  }

  private static void hangup(Process p) throws Exception {
    // bin/signpost execs java, so the launcher's PID is the JVM's
    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor())
        .isZero();
  }

  @Test
  void aMesosDnsConfigRunsDirectlyAgainstAMaster() throws Exception {
    byte[] state = Files.readAllBytes(HOME.resolve("conf/demo-state.json"));
    HttpServer master = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    master.createContext("/", exchange -> {
      byte[] body = exchange.getRequestURI().getPath().endsWith("/state") ? state : new byte[0];
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    master.start();
    int dnsPort = Ports.freeTcpAndUdp();
    Path config = Files.writeString(dir.resolve("config.json"), """
        {"masters": ["127.0.0.1:%d"], "refreshSeconds": 5, "listener": "127.0.0.1",
         "port": %d, "httpon": false, "externalon": false, "IPSources": ["netinfo", "mesos", "host"],
         "SOASerial": 1}
        """.formatted(master.getAddress().getPort(), dnsPort));
    Path log = dir.resolve("signpost.log");
    Process p = start(config, log);
    try {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> threeAnswers(dnsPort, "api-docker-mt42-1.customers-marathon.mesos."));
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      master.stop(0);
    }
    assertThat(Files.readString(log)).contains("is a Mesos-DNS config: converted to Signpost's format");
  }

  @Test
  void convertConfigThroughTheLauncher() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"),
        "{\"masters\": [\"127.0.0.1:5050\"], \"SOASerial\": 7}");
    Process p = new ProcessBuilder(HOME.resolve("bin/signpost").toString(), "convert-config",
        config.toString()).redirectError(dir.resolve("err").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("mesos-master:").contains("healthyOnly: false");
    assertThat(Files.readAllLines(dir.resolve("err")))
        .contains("signpost: SOASerial: ignored (Signpost sets the serial itself, increasing it when the records change)");
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
