package io.signpost.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.signpost.core.config.ConfigLoader;
import io.signpost.core.runtime.SignpostRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    Path src = Files.createDirectories(dir.resolve("src-" + folder + "/ext"));
    Files.writeString(src.resolve("GreetingProvider.java"), PROVIDER.formatted(pluginName));
    Path classes = Files.createDirectories(dir.resolve("classes-" + folder));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), src.resolve("GreetingProvider.java").toString());
    assertThat(status).isZero();
    Path folderPath = Files.createDirectories(plugins.resolve(folder));
    try (OutputStream out = Files.newOutputStream(folderPath.resolve(folder + ".jar"));
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        jar.write(Files.readAllBytes(f));
        jar.closeEntry();
      }
      if (withServices) {
        jar.putNextEntry(new JarEntry("META-INF/services/io.signpost.spi.SourceProvider"));
        jar.write("ext.GreetingProvider\n".getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return folderPath;
  }

  @Test
  void aPluginFolderIsLoadedWithItsOwnClassLoaderAndServed() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    installPlugin(plugins, "greeting", "greeting", true);
    PluginRegistry registry = PluginLoader.load(plugins);
    assertThat(registry.sourceNames()).contains("greeting", "test-file-records");
    InstalledPlugin greeting = registry.all().stream()
        .filter(p -> p.name().equals("greeting")).findFirst().orElseThrow();
    assertThat(greeting.origin()).contains("plugins/greeting");
    assertThat(greeting.provider().getClass().getClassLoader())
        .isNotSameAs(PluginLoader.class.getClassLoader());

    Path config = Files.writeString(dir.resolve("signpost.yaml"),
        "sources: {greeting: {ip: 10.9.8.7}}\nservers: {test-null: {}}\n");
    try (SignpostRuntime runtime = SignpostRuntime.create(new ConfigLoader().load(config, registry))) {
      runtime.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.feed().current() != null);
      assertThat(runtime.feed().current().lookup("hello.mesos.").a())
          .containsExactly((java.net.Inet4Address) InetAddress.getByName("10.9.8.7"));
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
  void theClassPathAloneWorksWithoutAPluginsDirectory() throws Exception {
    assertThat(PluginLoader.load(null).serverNames()).contains("test-null");
    assertThat(PluginLoader.load(dir.resolve("missing")).sourceNames()).contains("test-file-records");
  }
}
