package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.migrate.ConfigFiles;
import io.signpost.core.migrate.MesosDnsConverter;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.plugin.PluginRegistry;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Mesos-DNS configs converted and bound by the real config loader with every plugin of the
 * distribution on the class path, and the command line around it.
 */
class MesosDnsMigrationTest {

  @TempDir Path dir;

  private static PluginRegistry plugins;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void plugins() throws Exception {
    plugins = PluginLoader.load(null);
  }

  private Path fixture(String name) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/mesos-dns/" + name)) {
      return Files.write(dir.resolve(name), in.readAllBytes());
    }
  }

  private int run(String... args) {
    CommandLine cli = SignpostCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"every-key.json", "minimal.json", "mixed-case.json"})
  void convertedConfigsBindToEveryPlugin(String name) throws Exception {
    Path file = fixture(name);
    MesosDnsConverter.Conversion c = new MesosDnsConverter().convert(file);
    LoadedConfig loaded = new ConfigLoader().bind(name, c.config(), plugins, dir);
    assertThat(loaded.sources()).extracting(LoadedConfig.Section::name).containsExactly("mesos-master");
    assertThat(loaded.servers()).isNotEmpty();
    // and the YAML text says the same once read back by the loader
    Path yaml = Files.writeString(dir.resolve(name + ".yaml"), c.yaml(name));
    LoadedConfig fromYaml = new ConfigLoader().load(yaml, plugins);
    assertThat(fromYaml.top()).isEqualTo(loaded.top());
    assertThat(fromYaml.servers()).extracting(LoadedConfig.Section::config)
        .containsExactlyElementsOf(loaded.servers().stream().map(LoadedConfig.Section::config).toList());
  }

  @Test
  void everyKeyBindsToTheValuesMesosDnsMeant() throws Exception {
    Path file = fixture("every-key.json");
    LoadedConfig loaded = new ConfigFiles().load(file, plugins, n -> { });
    assertThat(loaded.top().domain()).isEqualTo("dc1.mesos");
    assertThat(loaded.top().soaRname()).isEqualTo("hostmaster.dc1.mesos.");
    assertThat(loaded.top().soaMinttl()).isEqualTo(30);
    String dns = loaded.servers().get(0).config().toString();
    assertThat(dns).contains("port=5353").contains("recurseOn=false").contains("setTruncateBit=false")
        .contains("timeout=3").contains("weave.");
    String http = loaded.servers().get(1).config().toString();
    assertThat(http).contains("port=8124").contains("enumerationOn=false");
    String master = loaded.sources().get(0).config().toString();
    assertThat(master).contains("refreshSeconds=30").contains("stateTimeoutSeconds=120")
        .contains("zkDetectionTimeout=45").contains("https=true").contains("healthyOnly=false")
        .contains("principal=dns").doesNotContain("s3cret");
  }

  @Test
  void sampleWithEmptyResolversUsesResolvConf() throws Exception {
    Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver 10.9.9.9\n");
    Path file = fixture("sample.json");
    MesosDnsConverter converter = new MesosDnsConverter(resolv, Set::<InetAddress>of);
    LoadedConfig loaded = new ConfigFiles(converter).load(file, plugins, n -> { });
    assertThat(loaded.servers().get(0).config().toString()).contains("resolvers=[10.9.9.9]");
    assertThat(loaded.top().ipSources()).containsExactly("mesos", "host");
  }

  @Test
  void convertConfigPrintsYamlAndOneLinePerNote() throws Exception {
    Path file = fixture("every-key.json");
    assertThat(run("convert-config", file.toString())).isZero();
    assertThat(out.toString()).startsWith("# Converted from the Mesos-DNS configuration")
        .contains("mesos-master:").contains("domain: dc1.mesos");
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("signpost: "));
    assertThat(lines).contains("signpost: SOASerial: ignored (Signpost sets the serial itself,"
        + " increasing it when the records change)");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("signpost: IAMConfigFile: not supported"));
    // the printed YAML runs as it is
    Path yaml = Files.writeString(dir.resolve("signpost.yaml"), out.toString());
    out.getBuffer().setLength(0);
    assertThat(run("check-config", yaml.toString())).isZero();
  }

  @Test
  void convertConfigErrorsAreOneLineAndStatusTwo() throws Exception {
    Path both = Files.writeString(dir.resolve("off.json"),
        "{\"masters\": [\"127.0.0.1:5050\"], \"dnson\": false, \"httpon\": false}");
    assertThat(run("convert-config", both.toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList()).singleElement()
        .satisfies(l -> assertThat(l).startsWith("signpost: ").contains("dnson and httpon are both false"));
    assertThat(out.toString()).isEmpty();

    err.getBuffer().setLength(0);
    Path badValue = Files.writeString(dir.resolve("bad.json"),
        "{\"masters\": [\"127.0.0.1:5050\"], \"refreshSeconds\": 0}");
    assertThat(run("convert-config", badValue.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("sources.mesos-master: refreshSeconds must be > 0")
        .doesNotContain("Exception");

    err.getBuffer().setLength(0);
    assertThat(run("convert-config", dir.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("config file not found");

    err.getBuffer().setLength(0);
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"masters\": [");
    assertThat(run("convert-config", broken.toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList()).singleElement()
        .satisfies(l -> assertThat(l).contains("invalid JSON at line 1"));
  }

  @Test
  void checkConfigAcceptsAMesosDnsConfigWithANotice() throws Exception {
    Path file = fixture("minimal.json");
    assertThat(run("check-config", file.toString())).isZero();
    List<String> notices = new ArrayList<>(err.toString().lines().toList());
    assertThat(notices).singleElement().satisfies(l -> assertThat(l)
        .startsWith("signpost: " + file + " is a Mesos-DNS config: converted"));
    assertThat(out.toString()).contains("8.8.8.8").contains("healthyOnly: false");
  }

  @Test
  void aMesosDnsConfigWithoutJsonExtensionIsDetectedByContent() throws Exception {
    Path file = Files.writeString(dir.resolve("mesos-dns.conf"),
        Files.readString(fixture("minimal.json")));
    assertThat(run("check-config", file.toString())).isZero();
    assertThat(err.toString()).contains("is a Mesos-DNS config");
  }
}
