package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * A real Knot DNS secondary replicates the domain by AXFR, and follows a change after NOTIFY.
 * CI installs the Debian package {@code knot}; the test is skipped where {@code knotd} is missing,
 * except in CI where that fails ({@link InteropTools}).
 */
class KnotSecondaryTest {

  @TempDir
  Path dir;

  private static Message ask(int port, String name) throws IOException {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    r.setTimeout(Duration.ofSeconds(2));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
  }

  @Test
  void knotReplicatesTheDomainAndFollowsNotify() throws Exception {
    Path knotd = InteropTools.require("knotd", "knot");
    int knotPort = Ports.freeTcpAndUdp();
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(
        Map.of("notify", List.of("127.0.0.1:" + knotPort))))) {
      server.feed.publish(DnsTestServer.sample(100));
      Path conf = dir.resolve("knot.conf");
      Files.writeString(conf, String.join("\n",
          "server:",
          "    rundir: \"" + dir + "\"",
          "    listen: 127.0.0.1@" + knotPort,
          "database:",
          "    storage: \"" + dir.resolve("db") + "\"",
          "log:",
          "  - target: stderr",
          "    any: info",
          "remote:",
          "  - id: signpost",
          "    address: 127.0.0.1@" + server.frontend.port(),
          "acl:",
          "  - id: notify_from_signpost",
          "    address: 127.0.0.1",
          "    action: notify",
          "template:",
          "  - id: default",
          "    storage: \"" + dir.resolve("zones") + "\"",
          "zone:",
          "  - domain: mesos",
          "    master: signpost",
          "    acl: notify_from_signpost",
          ""));
      Process knot = new ProcessBuilder(knotd.toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("knotd.log").toFile())
          .start();
      try {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions().untilAsserted(() -> {
              Message reply = ask(knotPort, "chronos.marathon.mesos.");
              assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
              assertThat(reply.getSection(Section.ANSWER)).hasSize(3);
            });
        assertThat(ask(knotPort, "new-task.marathon.mesos.").getRcode())
            .isEqualTo(Rcode.NXDOMAIN);

        SnapshotBuilder b = new SnapshotBuilder();
        b.addAddress("new-task.marathon.mesos.", DnsTestServer.ip("10.9.9.9"));
        b.addAddress("ns1.mesos.", DnsTestServer.ip("127.0.0.1"));
        server.feed.publish(b.build(101, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions().untilAsserted(() -> {
              Message reply = ask(knotPort, "new-task.marathon.mesos.");
              assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
              assertThat(reply.getSection(Section.ANSWER).get(0).rdataToString())
                  .isEqualTo("10.9.9.9");
            });
      } finally {
        knot.destroy();
        if (!knot.waitFor(10, TimeUnit.SECONDS)) {
          knot.destroyForcibly();
        }
      }
    }
  }
}
