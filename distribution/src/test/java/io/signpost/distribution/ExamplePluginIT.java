package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signpost.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Installs the example plugin the way docs/plugins.md tells a user to: its folder (the plugin
 * zip, unpacked) copied into a copy of the distribution's plugins/, a section in the config,
 * then {@code bin/signpost} started and asked over DNS.
 */
class ExamplePluginIT {

  @TempDir Path dir;

  private static List<String> addresses(SimpleResolver resolver, String name) throws Exception {
    Message m = resolver.send(Message.newQuery(
        Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    List<String> ips = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        ips.add(a.getAddress().getHostAddress());
      }
    }
    return ips;
  }

  private Path installStaticPlugin() throws IOException {
    Path plugins = dir.resolve("plugins");
    Distribution.copyTree(Distribution.HOME.resolve("plugins"), plugins);
    Path target = plugins.resolve("static");
    if (!Files.exists(target)) { // unless this build ships it (-Dsignpost.plugins=...,static)
      Distribution.copyTree(Distribution.ALL_PLUGIN_FOLDERS.resolve("static"), target);
    }
    return plugins;
  }

  private String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Distribution.HOME.resolve("bin/signpost").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void theCopiedExamplePluginServesItsFileOverDnsAndFollowsItsChanges() throws Exception {
    assumeTrue(Files.isDirectory(Distribution.HOME.resolve("plugins/dns")),
        "the DNS server is not in this distribution's plugin set");
    Path plugins = installStaticPlugin();

    String listing = run("plugins", "--plugins", plugins.toString());
    assertThat(listing.lines().filter(l -> l.contains("sources.static")).findFirst().orElseThrow())
        .contains("static").matches(".*\\d+\\.\\d+\\.\\d+.*").contains(plugins.resolve("static").toString());

    Path hosts = Files.writeString(dir.resolve("hosts.json"),
        "{\"hosts\": {\"nas\": [\"192.168.7.20\"]}, \"services\": {\"_smb._tcp.nas\": [\"nas:445\"]}}");
    int dnsPort = Ports.freeTcpAndUdp();
    Path config = Files.writeString(dir.resolve("signpost.yaml"), """
        domain: mesos
        sources:
          static: {file: hosts.json}
        servers:
          dns: {listener: 127.0.0.1, port: %d}
        """.formatted(dnsPort));
    Path log = dir.resolve("signpost.log");
    Process server = new ProcessBuilder(Distribution.HOME.resolve("bin/signpost").toString(),
        "run", "--plugins", plugins.toString(), "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort));
      resolver.setTimeout(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> addresses(resolver, "nas.mesos."), ips -> ips.equals(List.of("192.168.7.20")));

      Files.writeString(hosts, "{\"hosts\": {\"nas\": [\"192.168.7.21\"]}}");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> addresses(resolver, "nas.mesos."), ips -> ips.equals(List.of("192.168.7.21")));
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    String output = Files.readString(log);
    assertThat(output).contains("static: 1 record(s) from").doesNotContain("Exception");
  }
}
