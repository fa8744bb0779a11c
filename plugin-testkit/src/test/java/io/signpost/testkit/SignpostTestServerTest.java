package io.signpost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The kit against the core's test source {@code test-file-records} (one {@code name TYPE value}
 * per line of a file), as a plugin author would use it against their own source.
 */
class SignpostTestServerTest {

  @TempDir Path dir;

  private String config() {
    // This test source reads its file relative to the working directory, so: absolute.
    return """
        domain: example
        sources:
          test-file-records: {file: '%s', refreshMillis: 20}
        """.formatted(dir.resolve("records.txt"));
  }

  @Test
  void servesASourcesRecordsOverDnsAndHttp() throws Exception {
    Files.writeString(dir.resolve("records.txt"), """
        db A 10.0.0.5
        db AAAA fd00::5
        _pg._tcp.db SRV db:5432
        """);
    try (SignpostTestServer server = SignpostTestServer.start(dir, config())) {
      assertThat(server.dnsAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(server.dnsAddress().getPort()).isPositive();
      DnsClient dns = server.dns();
      assertThat(dns.addresses("db.example.")).containsExactly("10.0.0.5", "fd00:0:0:0:0:0:0:5");
      assertThat(dns.addresses("db.example")).containsExactly("10.0.0.5", "fd00:0:0:0:0:0:0:5");
      assertThat(dns.srv("_pg._tcp.db.example.")).containsExactly("db.example:5432");
      assertThat(dns.rcode("nope.example.")).isEqualTo("NXDOMAIN");
      assertThat(dns.queryTcp("db.example.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);

      JsonNode hosts = server.http().json("/v1/hosts/db.example");
      assertThat(hosts.findValuesAsText("ip")).contains("10.0.0.5");
      assertThat(server.http().get("/v1/version").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void awaitSnapshotFollowsChangesOfTheSource() throws Exception {
    Path records = Files.writeString(dir.resolve("records.txt"), "db A 10.0.0.5\n");
    try (SignpostTestServer server = SignpostTestServer.start(dir, config())) {
      assertThat(server.dns().addresses("db.example.")).containsExactly("10.0.0.5");
      Files.writeString(records, "db A 10.0.0.6\n");
      server.awaitSnapshot(s -> !s.lookup("db.example.").a().isEmpty()
          && s.lookup("db.example.").a().get(0).getHostAddress().equals("10.0.0.6"),
          Duration.ofSeconds(10));
      assertThat(server.dns().addresses("db.example.")).containsExactly("10.0.0.6");
    }
  }

  @Test
  void givenServerSectionsMoveToEphemeralLoopbackPorts() throws Exception {
    Files.writeString(dir.resolve("records.txt"), "db A 10.0.0.5\n");
    try (SignpostTestServer server = SignpostTestServer.start(dir, config()
        + "servers:\n  dns: {listener: 0.0.0.0, port: 53}\n")) {
      assertThat(server.dnsAddress().getPort()).isNotEqualTo(53);
      assertThat(server.dns().addresses("db.example.")).containsExactly("10.0.0.5");
      assertThatThrownBy(server::http).hasMessageContaining("no HTTP server configured");
    }
  }

  @Test
  void anInvalidConfigListsItsProblems() {
    assertThatThrownBy(() -> SignpostTestServer.start(dir, """
        sources:
          test-file-records: {file: records.txt, refreshSecs: 5}
          nope: {}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sources.test-file-records: unknown key 'refreshSecs'")
        .hasMessageContaining("sources.nope: no source plugin named 'nope'");
  }

  @Test
  void aTimeoutNamesTheSourcesState() throws Exception {
    try (SignpostTestServer server = SignpostTestServer.builder().configDir(dir)
        .awaitFirstSnapshot(false).start(config())) {
      assertThatThrownBy(() -> server.awaitSnapshot(s -> true, Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no first snapshot")
          .hasMessageContaining("test-file-records: no report yet, last error:")
          .hasMessageContaining("records.txt");
    }
  }
}
