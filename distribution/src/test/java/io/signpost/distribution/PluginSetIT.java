package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution ships the plugins named by the {@code signpost.plugins} build property
 * ({@code mvn verify -Dsignpost.plugins=mesos-master,dns} checks that set), and the build step
 * that chooses them behaves on other sets too.
 */
class PluginSetIT {

  private static final Path SCRIPT = Path.of("src/build/ChoosePlugins.java").toAbsolutePath();

  @TempDir Path dir;

  private static Set<String> chosen() throws IOException {
    String property = System.getProperty("signpost.plugins", "");
    assertThat(property).as("failsafe passes signpost.plugins").isNotBlank();
    Set<String> names = Arrays.stream(property.trim().split("[,\\s]+"))
        .collect(Collectors.toCollection(TreeSet::new));
    if (names.remove("all")) {
      names.addAll(Distribution.folders(Distribution.ALL_PLUGIN_FOLDERS));
    }
    return names;
  }

  @Test
  void theDistributionAndItsTarballHoldExactlyTheChosenPlugins() throws Exception {
    Set<String> chosen = chosen();
    assertThat(Distribution.folders(Distribution.HOME.resolve("plugins"))).isEqualTo(chosen);

    Path tarball;
    try (var files = Files.list(Path.of("target"))) {
      tarball = files.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).findFirst()
          .orElseThrow();
    }
    Process tar = new ProcessBuilder("tar", "tzf", tarball.toString()).redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Set<String> packed = listing.lines().map(l -> l.split("/"))
        .filter(parts -> parts.length > 2 && parts[1].equals("plugins") && !parts[2].contains("."))
        .map(parts -> parts[2]).collect(Collectors.toCollection(TreeSet::new));
    assertThat(packed).isEqualTo(chosen);
  }

  @Test
  void everyPluginFolderHasItsJar() throws Exception {
    for (String name : Distribution.folders(Distribution.ALL_PLUGIN_FOLDERS)) {
      try (var files = Files.list(Distribution.ALL_PLUGIN_FOLDERS.resolve(name))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as(name).anyMatch(f -> f.startsWith("signpost-") && f.endsWith(".jar"));
      }
    }
  }

  private record Run(int status, String output) {}

  /** The build step, compiled once (Maven runs the same source with the JDK's source launcher). */
  @BeforeAll
  static void compileTheBuildStep(@TempDir Path classes) {
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-d", classes.toString(), SCRIPT.toString());
    assertThat(status).isZero();
    scriptClasses = classes;
  }

  private static Path scriptClasses;

  private Run choose(Path available, Path plugins, String list) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", scriptClasses.toString(), "ChoosePlugins",
        available.toString(), plugins.toString(), list).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void theBuildStepCopiesTheNamedFoldersAndRemovesTheOthers() throws Exception {
    Path available = dir.resolve("available");
    for (String name : new String[] {"dns", "http", "marathon", "static"}) {
      Files.writeString(Files.createDirectories(available.resolve(name)).resolve(name + ".jar"), name);
    }
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.writeString(plugins.resolve("README.txt"), "kept");

    Run first = choose(available, plugins, "dns, static");
    assertThat(first.status()).as(first.output()).isZero();
    assertThat(Distribution.folders(plugins)).containsExactly("dns", "static");
    assertThat(plugins.resolve("static/static.jar")).hasContent("static");
    assertThat(plugins.resolve("README.txt")).hasContent("kept");

    // A second build into the same target/ with another set leaves no stale folder behind.
    Run second = choose(available, plugins, "http");
    assertThat(second.status()).as(second.output()).isZero();
    assertThat(Distribution.folders(plugins)).containsExactly("http");

    Run all = choose(available, plugins, "all");
    assertThat(all.status()).as(all.output()).isZero();
    assertThat(Distribution.folders(plugins)).containsExactly("dns", "http", "marathon", "static");
  }

  @Test
  void anUnknownOrEmptyListStopsTheBuildNamingTheChoices() throws Exception {
    Path available = Files.createDirectories(dir.resolve("available/dns"));
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Run typo = choose(available.getParent(), plugins, "dns,mesos-mastr");
    assertThat(typo.status()).isEqualTo(1);
    assertThat(typo.output()).contains("no plugin named mesos-mastr (available: dns, or all)");
    Run empty = choose(available.getParent(), plugins, " ");
    assertThat(empty.status()).isEqualTo(1);
    assertThat(empty.output()).contains("signpost.plugins is empty");
    assertThat(Distribution.folders(plugins)).isEmpty();
  }
}
