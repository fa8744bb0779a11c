package io.signpost.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.spi.CoreSettings;
import io.signpost.spi.model.IpSource;
import io.signpost.testing.FileRecordsSourceProvider;
import io.signpost.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void defaultsFollowMesosDns() throws Exception {
    LoadedConfig c = TestConfigs.load(dir, "servers:\n  test-null: {}\n");
    CoreSettings s = c.top().coreSettings();
    assertThat(s.domain()).isEqualTo("mesos");
    assertThat(s.ttl()).isEqualTo(60);
    assertThat(s.enforceRFC952()).isFalse();
    assertThat(s.ipSources()).containsExactly(IpSource.NETINFO, IpSource.MESOS, IpSource.HOST);
    assertThat(s.srvRecordDefaultWeight()).isEqualTo(1);
    assertThat(s.soaMname()).isEqualTo("ns1.mesos.");
    assertThat(s.soaRname()).isEqualTo("root.ns1.mesos.");
    assertThat(List.of(s.soaRefresh(), s.soaRetry(), s.soaExpire(), s.soaMinttl()))
        .containsExactly(60L, 600L, 86400L, 60L);
  }

  @Test
  void bindsPluginSectionsToTheirConfigClasses() throws Exception {
    LoadedConfig c = TestConfigs.load(dir, """
        domain: Example.ORG.
        SOARname: admin@example.org
        sources:
          test-file-records: { file: /tmp/x, refreshMillis: 10 }
        servers:
          test-null:
        """);
    assertThat(c.top().domain()).isEqualTo("example.org");
    assertThat(c.top().soaRname()).isEqualTo("admin.example.org.");
    assertThat(c.sources()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("test-file-records");
      assertThat(s.config()).isEqualTo(new FileRecordsSourceProvider.Config("/tmp/x", 10L));
    });
  }

  @Test
  void unknownTopLevelKeyIsNamed() {
    assertThatThrownBy(() -> TestConfigs.load(dir, "domian: mesos\nservers: {test-null: {}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'domian'")
        .hasMessageContaining("known keys:");
  }

  @Test
  void unknownKeyInPluginSectionNamesItsPath() {
    assertThatThrownBy(() -> TestConfigs.load(dir, """
        sources:
          test-file-records: { file: /tmp/x, refreshMilis: 10 }
        servers: {test-null: {}}
        """))
        .hasMessageContaining("sources.test-file-records: unknown key 'refreshMilis'");
  }

  @Test
  void wrongTypeNamesThePathAndTheExpectedType() {
    assertThatThrownBy(() -> TestConfigs.load(dir, """
        sources:
          test-file-records: { file: /tmp/x, refreshMillis: soon }
        servers: {test-null: {}}
        """))
        .hasMessageContaining("sources.test-file-records.refreshMillis: expected a whole number, got 'soon'");
    assertThatThrownBy(() -> TestConfigs.load(dir, "ttl: [1]\nservers: {test-null: {}}\n"))
        .hasMessageContaining("ttl: expected a whole number");
  }

  @Test
  void badValuesAreExplained() {
    assertThatThrownBy(() -> TestConfigs.load(dir, "ipSources: [netinfo, dns]\nservers: {test-null: {}}\n"))
        .hasMessageContaining("unknown IP source 'dns' (allowed: netinfo, mesos, docker, host)");
    assertThatThrownBy(() -> TestConfigs.load(dir, "ttl: -1\nservers: {test-null: {}}\n"))
        .hasMessageContaining("ttl must be between 0");
    assertThatThrownBy(() -> TestConfigs.load(dir, "domain: 'bad domain'\nservers: {test-null: {}}\n"))
        .hasMessageContaining("not a valid domain name: 'bad domain'");
    assertThatThrownBy(() -> TestConfigs.load(dir, "sources: {test-file-records: {}}\nservers: {test-null: {}}\n"))
        .hasMessageContaining("sources.test-file-records: file is required");
    assertThatThrownBy(() -> TestConfigs.load(dir,
        "sources: {test-file-records: {file: x, refreshMillis: 0}}\nservers: {test-null: {}}\n"))
        .hasMessageEndingWith("sources.test-file-records: refreshMillis must be > 0");
  }

  @Test
  void unknownPluginListsTheInstalledOnes() {
    assertThatThrownBy(() -> TestConfigs.load(dir, "sources: {consul: {}}\nservers: {test-null: {}}\n"))
        .hasMessageContaining("sources.consul: no source plugin named 'consul' is installed (installed: ")
        .hasMessageContaining("test-file-records");
  }

  @Test
  void everyProblemIsReported() {
    assertThatThrownBy(() -> TestConfigs.load(dir, "sources: {consul: {}}\nservers: {nginx: {}}\n"))
        .isInstanceOfSatisfying(ConfigException.class,
            e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void badYamlNamesTheLine() {
    assertThatThrownBy(() -> TestConfigs.load(dir, "servers:\n  test-null: {\n"))
        .hasMessageContaining("invalid YAML at line");
    assertThatThrownBy(() -> TestConfigs.load(dir, "ttl: 1\nttl: 2\nservers: {test-null: {}}\n"))
        .hasMessageContaining("invalid YAML").hasMessageContaining("ttl");
  }

  @Test
  void effectiveConfigMasksSecrets() throws Exception {
    LoadedConfig c = TestConfigs.load(dir, """
        sources:
          test-file-records: { file: /tmp/x }
        servers: {test-null: {}}
        """);
    var tree = EffectiveConfig.of(c);
    assertThat(tree.at("/sources/test-file-records/refreshMillis").asLong()).isEqualTo(50);
    assertThat(tree.at("/ttl").asInt()).isEqualTo(60);
    var node = tree.putObject("x").put("mesosPassword", "hunter2");
    assertThat(node).isNotNull();
  }
}
