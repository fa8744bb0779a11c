package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SignpostCliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SignpostCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("signpost.yaml"), yaml);
  }

  private void assertOneLineError(int status, String expected) {
    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines().toList()).singleElement().satisfies(line -> {
      assertThat(line).startsWith("signpost: ").contains(expected);
    });
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownKey() throws Exception {
    Path f = config("servers: {test-null: {}}\nrefreshSecs: 5\n");
    assertOneLineError(run("check-config", f.toString()), "unknown key 'refreshSecs'");
  }

  @Test
  void badType() throws Exception {
    Path f = config("servers: {test-null: {}}\nenforceRFC952: maybe\n");
    assertOneLineError(run("check-config", f.toString()), "enforceRFC952: expected true or false, got 'maybe'");
  }

  @Test
  void unknownPlugin() throws Exception {
    Path f = config("servers: {test-null: {}}\nsources: {zookeeper-magic: {}}\n");
    assertOneLineError(run("check-config", f.toString()),
        "sources.zookeeper-magic: no source plugin named 'zookeeper-magic' is installed (installed: test-file-records)");
  }

  @Test
  void missingFile() {
    assertOneLineError(run("check-config", dir.resolve("nope.yaml").toString()), "config file not found");
  }

  @Test
  void badYaml() throws Exception {
    Path f = config("servers: [test-null: {}\n");
    assertOneLineError(run("check-config", f.toString()), "invalid YAML at line");
  }

  @Test
  void runWithBadConfigExitsTwoToo() throws Exception {
    Path f = config("servers: {test-null: {}}\nttl: soon\n");
    assertOneLineError(run("run", "--config", f.toString()), "ttl: expected a whole number, got 'soon'");
  }

  @Test
  void checkConfigPrintsTheEffectiveConfig() throws Exception {
    Path f = config("domain: example\nservers: {test-null: {}}\nsources: {test-file-records: {file: /x}}\n");
    assertThat(run("check-config", f.toString())).isZero();
    assertThat(out.toString())
        .contains("domain: \"example\"").contains("ttl: 60").contains("refreshMillis: 50")
        .contains("SOAMname: \"ns1.example.\"");
  }

  @Test
  void versionAndPlugins() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).startsWith("signpost ");
    assertThat(run("plugins")).isZero();
    assertThat(out.toString()).contains("sources.test-file-records").contains("servers.test-null");
  }

  @Test
  void badCommandLineIsOneLineToo() {
    assertThat(run("run")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option");
  }
}
