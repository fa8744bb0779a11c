package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with the standard tools: BIND's {@code dig} and Knot's {@code kdig} (CI
 * installs dnsutils and knot-dnsutils; skipped where they are missing, except in CI where that
 * fails: see {@link InteropTools}).
 */
class DigInteropTest {

  private DnsTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DnsTestServer(DnsTestServer.config(Map.of()));
    server.feed.publish(DnsTestServer.sample(77));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String run(String tool, String... args) throws IOException, InterruptedException {
    Path path = InteropTools.require(tool, tool.equals("dig") ? "dnsutils" : "knot-dnsutils");
    List<String> command = new ArrayList<>();
    command.add(path.toString());
    command.add("@127.0.0.1");
    command.add("-p");
    command.add(String.valueOf(server.frontend.port()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void digReadsAnswersAndEdns() throws Exception {
    String out = run("dig", "+tries=1", "+time=5", "chronos.marathon.mesos", "A");
    assertThat(out).contains("status: NOERROR").contains("flags: qr aa rd ra")
        .contains("EDNS: version: 0").contains("udp: 1232");
    assertThat(out).contains("10.0.0.1").contains("10.0.0.2").contains("10.0.0.3");
  }

  @Test
  void digSeesNxdomainWithSoa() throws Exception {
    String out = run("dig", "+tries=1", "+time=5", "missing.mesos", "A");
    assertThat(out).contains("status: NXDOMAIN").containsPattern(
        "mesos\\.\\s+60\\s+IN\\s+SOA\\s+ns1\\.mesos\\. root\\.ns1\\.mesos\\. 77 60 600 86400 60");
  }

  @Test
  void digTransfersTheZone() throws Exception {
    String out = run("dig", "+tries=1", "+time=5", "mesos", "AXFR");
    assertThat(out).contains("web-b.marathon.mesos.\t60\tIN\tAAAA\tfd00::2")
        .containsPattern("XFR size: 14 records");
  }

  @Test
  void kdigOverTcpGetsSrvWithAdditional() throws Exception {
    String out = run("kdig", "+tcp", "+retry=0", "+timeout=5", "_web._tcp.marathon.mesos",
        "SRV");
    assertThat(out).contains("status: NOERROR")
        .contains("0 1 80 web-a.marathon.mesos.").contains("0 1 443 web-b.marathon.mesos.")
        .containsPattern("ADDITIONAL SECTION:[\\s\\S]*web-a\\.marathon\\.mesos\\.\\s+60\\s+IN\\s+A"
            + "\\s+10\\.3\\.0\\.1");
  }

  @Test
  void kdigNoEdnsGetsPlainReply() throws Exception {
    String out = run("kdig", "+noedns", "+retry=0", "+timeout=5", "mesos", "SOA");
    assertThat(out).contains("status: NOERROR").doesNotContain("EDNS PSEUDOSECTION")
        .contains("Flags: qr aa rd ra").contains("ADDITIONAL: 0");
  }
}
