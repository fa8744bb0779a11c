package io.signpost.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.signpost.core.config.ConfigLoader;
import io.signpost.core.runtime.SignpostRuntime;
import io.signpost.spi.SourceProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin folders as a user installs them: a jar compiled here, against the SPI only, dropped in
 * {@code plugins/<folder>/}.
 */
class PluginLoaderTest {

  @TempDir Path dir;

  private static final String PROVIDER = """
      package ext;

      import io.signpost.spi.*;
      import io.signpost.spi.model.*;
      import java.time.Duration;
      import java.util.List;

      public final class GreetingProvider implements SourceProvider<GreetingProvider.Config> {
        public record Config(String ip) {}

        public String name() { return "%s"; }

        public Class<Config> configClass() { return Config.class; }

        public com.google.inject.Module module(Config config) {
          return binder -> binder.bind(Source.class).toInstance(new PolledSource() {
            public SourceReport fetch() {
              return SourceReport.ofRecords(List.of(new PlainRecord("hello", RecordType.A, config.ip())));
            }
            public Duration refreshInterval() { return Duration.ofSeconds(60); }
          });
        }
      }
      """;

  /** Compiles the provider into a jar in {@code plugins/<folder>/}, with its services entry. */
  private Path installPlugin(Path plugins, String folder, String pluginName, boolean withServices)
      throws IOException {
    Path folderPath = Files.createDirectories(plugins.resolve(folder));
    compileJar(folderPath.resolve(folder + ".jar"), Map.of("ext/GreetingProvider.java",
        PROVIDER.formatted(pluginName)), null, withServices ? "ext.GreetingProvider" : null);
    return folderPath;
  }

  /**
   * Compiles {@code sources} (path in the jar's source tree to text) against the test class path
   * plus {@code extraClassPath}, into {@code jar}, with a services entry for {@code provider}
   * when not {@code null}.
   */
  private Path compileJar(Path jar, Map<String, String> sources, Path extraClassPath,
      String provider) throws IOException {
    String id = jar.getFileName().toString() + "-" + System.nanoTime();
    Path src = dir.resolve("src-" + id);
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    Path classes = Files.createDirectories(dir.resolve("classes-" + id));
    String classPath = System.getProperty("java.class.path")
        + (extraClassPath == null ? "" : File.pathSeparator + extraClassPath);
    args.addAll(0, List.of("-d", classes.toString(), "-cp", classPath));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(f));
        jarOut.closeEntry();
      }
      if (provider != null) {
        jarOut.putNextEntry(new JarEntry("META-INF/services/io.signpost.spi.SourceProvider"));
        jarOut.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  /** Version {@code version} of a fake third-party library, {@code lib.Greeting}. */
  private Path greetingLibrary(String version, String address) throws IOException {
    Path jar = Files.createDirectories(dir.resolve("lib-" + version)).resolve("greeting-" + version + ".jar");
    // Version 2 gained a method that version 1 lacks, as libraries do.
    String extra = version.equals("2") ? "public static String version() { return \"2\"; }" : "";
    return compileJar(jar, Map.of("lib/Greeting.java", """
        package lib;
        public final class Greeting {
          public static String address() { return "%s"; }
          %s
        }
        """.formatted(address, extra)), null, null);
  }

  /** A source plugin {@code name} serving {@code <name>.mesos.} at {@code expression}. */
  private void installLibraryUser(Path plugins, String name, Path library, String expression)
      throws IOException {
    Path folder = Files.createDirectories(plugins.resolve(name));
    Files.copy(library, folder.resolve(library.getFileName()));
    String pkg = "user" + name.replace("-", "");
    compileJar(folder.resolve(name + ".jar"), Map.of(pkg + "/Provider.java", """
        package %1$s;

        import io.signpost.spi.*;
        import io.signpost.spi.model.*;
        import java.time.Duration;
        import java.util.List;

        public final class Provider implements SourceProvider<Provider.Config> {
          public record Config() {}
          public String name() { return "%2$s"; }
          public Class<Config> configClass() { return Config.class; }
          public com.google.inject.Module module(Config config) {
            return binder -> binder.bind(Source.class).toInstance(new PolledSource() {
              public SourceReport fetch() {
                return SourceReport.ofRecords(List.of(new PlainRecord("%2$s", RecordType.A, %3$s)));
              }
              public Duration refreshInterval() { return Duration.ofSeconds(60); }
            });
          }
        }
        """.formatted(pkg, name, expression)), library, pkg + ".Provider");
  }

  private static InstalledPlugin plugin(PluginRegistry registry, String name) {
    return registry.all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aPluginFolderIsLoadedWithItsOwnClassLoaderAndServed() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installPlugin(plugins, "greeting", "greeting", true);
    PluginRegistry registry = PluginLoader.load(plugins);
    assertThat(registry.sourceNames()).contains("greeting", "test-file-records");
    InstalledPlugin greeting = plugin(registry, "greeting");
    assertThat(greeting.origin()).contains("plugins/greeting");
    assertThat(greeting.provider().getClass().getClassLoader())
        .isNotSameAs(PluginLoader.class.getClassLoader());

    Path config = Files.writeString(dir.resolve("signpost.yaml"),
        "sources: {greeting: {ip: 10.9.8.7}}\nservers: {test-null: {}}\n");
    try (SignpostRuntime runtime = SignpostRuntime.create(new ConfigLoader().load(config, registry))) {
      runtime.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.feed().current() != null);
      assertThat(runtime.feed().current().lookup("hello.mesos.").a())
          .containsExactly((Inet4Address) InetAddress.getByName("10.9.8.7"));
    }
  }

  @Test
  void aFolderWithoutJarsIsNamed() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.createDirectories(plugins.resolve("empty"));
    assertThatThrownBy(() -> PluginLoader.load(plugins))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("plugins/empty holds no jar");
  }

  @Test
  void aJarWithoutProviderIsNamed() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installPlugin(plugins, "quiet", "quiet", false);
    assertThatThrownBy(() -> PluginLoader.load(plugins))
        .hasMessageContaining("plugins/quiet provides no plugin");
  }

  @Test
  void twoPluginsWithOneNameAreNamedBoth() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installPlugin(plugins, "first", "twin", true);
    installPlugin(plugins, "second", "twin", true);
    assertThatThrownBy(() -> PluginLoader.load(plugins))
        .hasMessageContaining("two source plugins are named 'twin'")
        .hasMessageContaining("plugins/first").hasMessageContaining("plugins/second");
  }

  @Test
  void twoPluginsBundlingDifferentVersionsOfOneLibraryWorkSideBySide() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installLibraryUser(plugins, "alpha", greetingLibrary("1", "10.1.1.1"), "lib.Greeting.address()");
    installLibraryUser(plugins, "beta", greetingLibrary("2", "10.2.2.0"),
        "lib.Greeting.address().replace(\".0\", \".\" + lib.Greeting.version())");
    PluginRegistry registry = PluginLoader.load(plugins);
    ClassLoader alpha = plugin(registry, "alpha").provider().getClass().getClassLoader();
    ClassLoader beta = plugin(registry, "beta").provider().getClass().getClassLoader();
    assertThat(alpha.loadClass("lib.Greeting")).isNotSameAs(beta.loadClass("lib.Greeting"));

    Path config = Files.writeString(dir.resolve("signpost.yaml"),
        "sources: {alpha: {}, beta: {}}\nservers: {test-null: {}}\n");
    try (SignpostRuntime runtime = SignpostRuntime.create(new ConfigLoader().load(config, registry))) {
      runtime.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.feed().current() != null
          && !runtime.feed().current().lookup("beta.mesos.").a().isEmpty());
      assertThat(runtime.feed().current().lookup("alpha.mesos.").a())
          .containsExactly((Inet4Address) InetAddress.getByName("10.1.1.1"));
      assertThat(runtime.feed().current().lookup("beta.mesos.").a())
          .containsExactly((Inet4Address) InetAddress.getByName("10.2.2.2"));
    }
  }

  @Test
  void aPluginSeesTheSpiOfTheApplicationButNothingElseOfIt() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installPlugin(plugins, "greeting", "greeting", true);
    ClassLoader loader = plugin(PluginLoader.load(plugins), "greeting").provider().getClass()
        .getClassLoader();
    assertThat(loader.loadClass("io.signpost.spi.SourceProvider")).isSameAs(SourceProvider.class);
    assertThat(loader.loadClass("com.google.inject.Module")).isSameAs(com.google.inject.Module.class);
    assertThat(loader.loadClass("com.fasterxml.jackson.databind.JsonNode"))
        .isSameAs(com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(loader.loadClass("java.util.List")).isSameAs(List.class);
    // Guava, the core's internals and the class path's plugins are the application's own.
    for (String hidden : List.of("com.google.common.collect.ImmutableList",
        "io.signpost.core.runtime.SignpostRuntime", "io.signpost.testing.NullFrontendProvider")) {
      assertThatThrownBy(() -> loader.loadClass(hidden)).isInstanceOf(ClassNotFoundException.class);
    }
    assertThat(loader.getResource("META-INF/services/io.signpost.spi.FrontendProvider")).isNull();
  }

  @Test
  void aProviderWhoseConstructorThrowsIsNamedWithItsReason() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path folder = Files.createDirectories(plugins.resolve("fragile"));
    compileJar(folder.resolve("fragile.jar"), Map.of("ext/Fragile.java", """
        package ext;
        public final class Fragile implements io.signpost.spi.SourceProvider<Object> {
          public Fragile() { throw new IllegalStateException("licence file missing"); }
          public String name() { return "fragile"; }
          public Class<Object> configClass() { return Object.class; }
          public com.google.inject.Module module(Object config) { return binder -> {}; }
        }
        """), null, "ext.Fragile");
    assertThatThrownBy(() -> PluginLoader.load(plugins))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("plugins/fragile: a plugin failed to load")
        .hasMessageContaining("ext.Fragile could not be instantiated")
        .hasMessageContaining("licence file missing");
  }

  @Test
  void aLibraryMissingFromTheFolderIsNamed() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path library = greetingLibrary("1", "10.1.1.1");
    Path folder = Files.createDirectories(plugins.resolve("incomplete"));
    // Compiled against lib.Greeting, which it uses as it is built, but shipped without it.
    compileJar(folder.resolve("incomplete.jar"), Map.of("ext/Incomplete.java", """
        package ext;
        public final class Incomplete implements io.signpost.spi.SourceProvider<Object> {
          private final String address = lib.Greeting.address();
          public String name() { return "incomplete"; }
          public Class<Object> configClass() { return Object.class; }
          public com.google.inject.Module module(Object config) { return binder -> {}; }
        }
        """), library, "ext.Incomplete");
    assertThatThrownBy(() -> PluginLoader.load(plugins))
        .hasMessageContaining("plugins/incomplete: a plugin failed to load")
        .hasMessageContaining("class not found: lib.Greeting (a library missing from the plugin folder?)");
  }

  @Test
  void loadingFoldersOnlyLeavesTheClassPathOut() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installPlugin(plugins, "greeting", "greeting", true);
    PluginRegistry registry = PluginLoader.loadFolders(plugins);
    assertThat(registry.sourceNames()).containsExactly("greeting");
    assertThat(registry.serverNames()).isEmpty();
  }

  @Test
  void theClassPathAloneWorksWithoutAPluginsDirectory() throws Exception {
    assertThat(PluginLoader.load(null).serverNames()).contains("test-null");
    assertThat(PluginLoader.load(dir.resolve("missing")).sourceNames()).contains("test-file-records");
  }
}
