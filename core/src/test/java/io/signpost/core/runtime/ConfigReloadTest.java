package io.signpost.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.plugin.PluginRegistry;
import io.signpost.spi.Frontend;
import io.signpost.spi.RecordSnapshot;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the configuration of a running server, from a real file. */
class ConfigReloadTest {

  @TempDir Path dir;

  private Path configFile;
  private PluginRegistry plugins;
  private SignpostRuntime runtime;
  private ConfigReloader reloader;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("one"), "db A 10.0.0.1\n");
    Files.writeString(dir.resolve("two"), "db A 10.0.0.2\n");
    Files.writeString(dir.resolve("three"), "cache A 10.0.0.3\n");
    configFile = dir.resolve("signpost.yaml");
    write("one", "");
    plugins = PluginLoader.load(null);
    runtime = SignpostRuntime.create(load());
    runtime.start();
    reloader = new ConfigReloader(runtime, this::load);
    await().atMost(Duration.ofSeconds(10)).until(() -> served("db.mesos.", "10.0.0.1"));
  }

  @AfterEach
  void stop() {
    reloader.close();
    runtime.close();
  }

  private LoadedConfig load() throws io.signpost.core.config.ConfigException {
    return new ConfigLoader().load(configFile, plugins);
  }

  private void write(String recordsFile, String topLevel) throws Exception {
    Files.writeString(configFile, topLevel + """
        sources:
          test-file-records: { file: %s, refreshMillis: 20 }
        servers:
          test-null: {}
        """.formatted(dir.resolve(recordsFile)));
  }

  private boolean served(String name, String ip) throws Exception {
    RecordSnapshot s = runtime.feed().current();
    return s != null && s.lookup(name) != null
        && s.lookup(name).a().contains(InetAddress.getByName(ip));
  }

  private Frontend frontend() {
    return runtime.frontends().get(0).frontend();
  }

  @Test
  void aChangedSourceIsRestartedAndAnUnchangedFrontendKeptAsItIs() throws Exception {
    Frontend before = frontend();
    write("two", "");
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.restarted()).containsExactly("sources.test-file-records");
    assertThat(r.unchanged()).containsExactly("servers.test-null");
    assertThat(r.failed()).isEmpty();
    assertThat(frontend()).isSameAs(before);
    await().atMost(Duration.ofSeconds(10)).until(() -> served("db.mesos.", "10.0.0.2"));
    assertThat(served("db.mesos.", "10.0.0.1")).isFalse();
    // the replaced runner's meters went with it: one set for the source, fed by the new runner
    java.util.Collection<Meter> tasks = runtime.meterRegistry().find("signpost.source.consecutive.failures").meters();
    assertThat(tasks).hasSize(1);
  }

  @Test
  void anUnchangedFileRestartsNothing() throws Exception {
    Frontend before = frontend();
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.restarted()).isEmpty();
    assertThat(r.unchanged()).containsExactly("servers.test-null", "sources.test-file-records");
    assertThat(r.settingsChanged()).isFalse();
    assertThat(frontend()).isSameAs(before);
  }

  @Test
  void aBadFileIsOneErrorAndTheOldConfigurationKeepsRunning() throws Exception {
    Frontend before = frontend();
    Files.writeString(configFile, "servers: {test-null: {}}\nrefreshSecs: 5\n");
    assertThat(reloader.reload()).isNull();
    Files.writeString(configFile, "servers: [oops\n");
    assertThat(reloader.reload()).isNull();
    assertThat(frontend()).isSameAs(before);
    assertThat(runtime.config().sources()).hasSize(1);
    Files.writeString(dir.resolve("one"), "db A 10.0.0.1\ndb A 10.0.0.11\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> served("db.mesos.", "10.0.0.11"));
  }

  @Test
  void aRestartedSourceServesItsPreviousDataUntilItReports() throws Exception {
    Files.writeString(dir.resolve("broken"), "not a record\n");
    write("broken", "");
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.restarted()).containsExactly("sources.test-file-records");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> runtime.feed().sources().get(0).consecutiveFailures() >= 2);
    assertThat(served("db.mesos.", "10.0.0.1")).isTrue();
  }

  @Test
  void servingSettingsRestartEverythingAndRenameTheRecords() throws Exception {
    Frontend before = frontend();
    write("one", "domain: dc1.example\n");
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.settingsChanged()).isTrue();
    assertThat(r.restarted()).containsExactly("servers.test-null", "sources.test-file-records");
    assertThat(frontend()).isNotSameAs(before);
    await().atMost(Duration.ofSeconds(10)).until(() -> served("db.dc1.example.", "10.0.0.1"));
  }

  @Test
  void namingSettingsOnlyRebuildTheSnapshot() throws Exception {
    Frontend before = frontend();
    write("one", "ipSources: [host]\nenforceRFC952: true\n");
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.settingsChanged()).isTrue();
    assertThat(r.restarted()).isEmpty();
    assertThat(frontend()).isSameAs(before);
    assertThat(runtime.config().top().enforceRFC952()).isTrue();
  }

  @Test
  void sourcesCanBeAddedAndRemoved() throws Exception {
    Files.writeString(configFile, """
        servers:
          test-null: {}
        sources:
          test-file-records: { refreshMillis: 20, file: %s }
        """.formatted(dir.resolve("one")));
    // same section, different spelling of nothing: unchanged
    assertThat(reloader.reload().unchanged()).contains("sources.test-file-records");
    Files.writeString(configFile, "servers:\n  test-null: {}\n");
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.removed()).containsExactly("sources.test-file-records");
    await().atMost(Duration.ofSeconds(10)).until(() -> !served("db.mesos.", "10.0.0.1"));
    write("three", "");
    r = reloader.reload();
    assertThat(r.added()).containsExactly("sources.test-file-records");
    await().atMost(Duration.ofSeconds(10)).until(() -> served("cache.mesos.", "10.0.0.3"));
  }

  @Test
  void aRealHangupSignalReloads() throws Exception {
    assertThat(reloader.reloadOnHangup()).isTrue();
    write("two", "");
    sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
    await().atMost(Duration.ofSeconds(10)).until(() -> served("db.mesos.", "10.0.0.2"));
  }
}
