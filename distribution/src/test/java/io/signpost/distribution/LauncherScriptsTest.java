package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped shell scripts, run for real with stand-ins for what they start: {@code
 * bin/signpost} with a fake {@code java} that prints its arguments, and the Docker entrypoint
 * with a fake {@code bin/signpost}. No Docker engine is needed.
 */
class LauncherScriptsTest {

  private static final Path DIST = Path.of("src/main/dist").toAbsolutePath();

  @TempDir Path home;

  @BeforeEach
  void install() throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("docker"));
    copyExecutable(DIST.resolve("bin/signpost"), home.resolve("bin/signpost"));
    copyExecutable(DIST.resolve("docker/entrypoint.sh"), home.resolve("docker/entrypoint.sh"));
    Files.copy(DIST.resolve("conf/jvm.options"), home.resolve("conf/jvm.options"));
  }

  private static void copyExecutable(Path from, Path to) throws IOException {
    Files.copy(from, to);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Path script(String name, String text) throws IOException {
    Path p = home.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private record Result(int status, List<String> out) {}

  private Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_OPTS");
    pb.environment().remove("SIGNPOST_CONFIG");
    pb.environment().remove("SIGNPOST_JVM_OPTIONS");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
  }

  private Path fakeJava() throws IOException {
    return script("fake-java", "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
  }

  @Test
  void launcherPassesJvmOptionsThenJavaOptsThenTheCommandUnsplit() throws Exception {
    Result r = run(Map.of("JAVA", fakeJava().toString(), "JAVA_OPTS", "-Xmx2g -Dfrom.env=1"),
        home.resolve("bin/signpost").toString(), "run", "--config", "/etc/my config.yaml");
    assertThat(r.status()).isZero();
    List<String> args = r.out();
    int bufsize = args.indexOf("-Djdk.httpclient.bufsize=65536");
    int fileHeap = args.indexOf("-Xmx1g");
    int envHeap = args.indexOf("-Xmx2g");
    int main = args.indexOf("io.signpost.cli.SignpostCli");
    assertThat(bufsize).isNotNegative();
    assertThat(fileHeap).isNotNegative().isLessThan(envHeap); // the later -Xmx wins in java
    assertThat(args.indexOf("-Dfrom.env=1")).isGreaterThan(fileHeap).isLessThan(main);
    assertThat(args).contains("-XX:+UseZGC", "-Dsignpost.home=" + home.toRealPath());
    assertThat(args.subList(main + 1, args.size()))
        .containsExactly("run", "--config", "/etc/my config.yaml");
    assertThat(args).noneSatisfy(a -> assertThat(a).startsWith("#"));
  }

  @Test
  void jvmOptionsFileAllowsCommentsBlanksAndSpacesInsideAnOption() throws Exception {
    Path options = Files.writeString(home.resolve("custom.options"), """
        # a comment
          -Dtrimmed=yes   \t

        -Dwith.space=a b
        -Xss512k""");
    Result r = run(Map.of("JAVA", fakeJava().toString(), "SIGNPOST_JVM_OPTIONS", options.toString()),
        home.resolve("bin/signpost").toString(), "version");
    assertThat(r.out()).startsWith("-Dtrimmed=yes", "-Dwith.space=a b", "-Xss512k");
    assertThat(r.out()).doesNotContain("-Xmx1g").endsWith("io.signpost.cli.SignpostCli", "version");

    Result missing = run(Map.of("JAVA", fakeJava().toString(),
        "SIGNPOST_JVM_OPTIONS", home.resolve("nope").toString()), home.resolve("bin/signpost").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.out()).singleElement().satisfies(l -> assertThat(l)
        .startsWith("signpost: cannot read JVM options file"));
  }

  /** A stand-in for bin/signpost: records its PID and arguments, then waits for signals. */
  private void fakeLauncher() throws IOException {
    Files.delete(home.resolve("bin/signpost"));
    script("bin/signpost", """
        echo $$ > "$SIGNPOST_HOME/pid"
        printf '%s\\n' "$@" > "$SIGNPOST_HOME/args"
        trap 'echo HUP >> "$SIGNPOST_HOME/signals"' HUP
        trap 'echo TERM >> "$SIGNPOST_HOME/signals"; exit 0' TERM
        while :; do sleep 0.1; done
        """);
  }

  private Process entrypoint(Map<String, String> env, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("docker/entrypoint.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(home.resolve("out").toFile());
    pb.environment().remove("SIGNPOST_CONFIG");
    pb.environment().put("SIGNPOST_HOME", home.toString());
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void entrypointExecsTheServerWhichGetsTheSignalsDirectly() throws Exception {
    fakeLauncher();
    Path config = Files.writeString(home.resolve("signpost.yaml"), "servers: {dns: {}}\n");
    Process p = entrypoint(Map.of("SIGNPOST_CONFIG", config.toString()), "--plugins", "/opt/p");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("args"))
          && Files.readAllLines(home.resolve("args")).size() == 5);
      // exec all the way down: the container's main process is the server itself
      assertThat(Long.parseLong(Files.readString(home.resolve("pid")).trim())).isEqualTo(p.pid());
      assertThat(Files.readAllLines(home.resolve("args")))
          .containsExactly("run", "--config", config.toString(), "--plugins", "/opt/p");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("signals"))
          && Files.readAllLines(home.resolve("signals")).contains("HUP"));
      assertThat(p.isAlive()).isTrue();
    } finally {
      p.destroy(); // SIGTERM, as docker stop sends
    }
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllLines(home.resolve("signals"))).containsExactly("HUP", "TERM");
  }

  @Test
  void entrypointRunsOtherCommandsAsGiven() throws Exception {
    Files.delete(home.resolve("bin/signpost"));
    script("bin/signpost", "printf '%s\\n' \"$@\"\n");
    Process p = entrypoint(Map.of(), "convert-config", "/etc/signpost/config.json");
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllLines(home.resolve("out")))
        .containsExactly("convert-config", "/etc/signpost/config.json");
  }

  @Test
  void entrypointWithoutAConfigSaysWhereToPutOne() throws Exception {
    fakeLauncher();
    Process p = entrypoint(Map.of("SIGNPOST_CONFIG", home.resolve("absent.yaml").toString()));
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(home.resolve("out"))).singleElement().satisfies(l -> assertThat(l)
        .startsWith("signpost: no configuration: mount one at /etc/signpost/signpost.yaml")
        .contains("absent.yaml cannot be read"));
    assertThat(home.resolve("args")).doesNotExist();
  }
}
