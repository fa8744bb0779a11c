package io.signpost.example.staticsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.signpost.spi.SourceStatus;
import io.signpost.testkit.SignpostTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin in a real server (the plugin testkit): a real file, real DNS and HTTP queries. */
class StaticSourceTest {

  @TempDir Path dir;

  private static final String CONFIG = """
      domain: mesos
      sources:
        static: {file: hosts.json}
      """;

  private Path hosts(String json) throws Exception {
    return Files.writeString(dir.resolve("hosts.json"), json);
  }

  private static SourceStatus status(SignpostTestServer server) {
    return server.feed().sources().stream().filter(s -> s.name().equals("static")).findFirst()
        .orElseThrow();
  }

  @Test
  void servesHostsAndServicesFromTheFile() throws Exception {
    hosts("""
        {
          "hosts": {"db": ["10.0.0.5", "fd00::5"], "ldap.corp.": ["192.168.1.10"]},
          "services": {"_pg._tcp.db": ["db:5432"]}
        }
        """);
    try (SignpostTestServer server = SignpostTestServer.start(dir, CONFIG)) {
      assertThat(server.dns().addresses("db.mesos.")).containsExactly("10.0.0.5", "fd00:0:0:0:0:0:0:5");
      assertThat(server.dns().srv("_pg._tcp.db.mesos.")).containsExactly("db.mesos:5432");
      assertThat(server.dns().rcode("other.mesos.")).isEqualTo("NXDOMAIN");
      assertThat(server.http().json("/v1/hosts/db.mesos").findValuesAsText("ip")).contains("10.0.0.5");
    }
  }

  @Test
  void aChangedFileIsServedWithoutRestart() throws Exception {
    Path file = hosts("{\"hosts\": {\"db\": [\"10.0.0.5\"]}}");
    try (SignpostTestServer server = SignpostTestServer.start(dir, CONFIG)) {
      assertThat(server.dns().addresses("db.mesos.")).containsExactly("10.0.0.5");

      Files.writeString(file, "{\"hosts\": {\"db\": [\"10.0.0.6\"], \"cache\": [\"10.0.0.7\"]}}");
      await().atMost(Duration.ofSeconds(20))
          .until(() -> server.dns().addresses("db.mesos."), a -> a.equals(java.util.List.of("10.0.0.6")));
      assertThat(server.dns().addresses("cache.mesos.")).containsExactly("10.0.0.7");

      // Replaced the way editors and config management do: a new file moved over the old one.
      Path next = Files.writeString(dir.resolve("hosts.json.tmp"), "{\"hosts\": {\"db\": [\"10.0.0.8\"]}}");
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> server.dns().addresses("db.mesos."), a -> a.equals(java.util.List.of("10.0.0.8")));
      assertThat(server.dns().rcode("cache.mesos.")).isEqualTo("NXDOMAIN");
    }
  }

  @Test
  void aBrokenFileIsReportedAndTheLastGoodRecordsStay() throws Exception {
    Path file = hosts("{\"hosts\": {\"db\": [\"10.0.0.5\"]}}");
    try (SignpostTestServer server = SignpostTestServer.start(dir, CONFIG)) {
      Files.writeString(file, "{\"hosts\": {\"db\": [\"10.0.0.6\"],}}");
      await().atMost(Duration.ofSeconds(20)).until(() -> status(server).lastError() != null);
      assertThat(status(server).lastError()).contains("hosts.json").contains("invalid JSON at line 1");
      assertThat(server.dns().addresses("db.mesos.")).containsExactly("10.0.0.5");

      Files.writeString(file, "{\"hosts\": {\"db\": [\"db.example.com\"]}}");
      await().atMost(Duration.ofSeconds(20)).until(() -> status(server).lastError(),
          e -> e.contains("hosts.db: 'db.example.com' is not an IP address"));
      assertThat(server.dns().addresses("db.mesos.")).containsExactly("10.0.0.5");

      Files.delete(file);
      await().atMost(Duration.ofSeconds(20)).until(() -> status(server).lastError(),
          e -> e.endsWith("hosts.json: file not found"));
      assertThat(server.dns().addresses("db.mesos.")).containsExactly("10.0.0.5");

      hosts("{\"hosts\": {\"db\": [\"10.0.0.9\"]}}");
      await().atMost(Duration.ofSeconds(20))
          .until(() -> server.dns().addresses("db.mesos."), a -> a.equals(java.util.List.of("10.0.0.9")));
      assertThat(status(server).lastError()).isNull();
    }
  }

  @Test
  void theConfigSectionIsChecked() {
    assertThatThrownBy(() -> SignpostTestServer.start(dir, "sources: {static: {}}"))
        .hasMessageContaining("sources.static: file is required");
    assertThatThrownBy(() -> SignpostTestServer.start(dir,
        "sources: {static: {file: hosts.json, refreshSeconds: 0}}"))
        .hasMessageContaining("sources.static: refreshSeconds must be at least 1");
    assertThatThrownBy(() -> SignpostTestServer.start(dir,
        "sources: {static: {file: hosts.json, refresh: 5}}"))
        .hasMessageContaining("sources.static: unknown key 'refresh'");
  }
}
