package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.plugin.InstalledPlugin;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every plugin folder the build makes is self-sufficient: each class its plugin jar refers to
 * (found by jdeps) loads through the folder's own class loader, which sees the folder's jars,
 * the shared SPI and the JDK only. A library missing from a folder would otherwise show up as a
 * NoClassDefFoundError at the first request that needs it.
 */
class PluginFoldersIT {

  @Test
  void everyClassAPluginJarUsesIsInItsFolderOrShared() throws Exception {
    PluginRegistry registry = PluginLoader.loadFolders(Distribution.ALL_PLUGIN_FOLDERS);
    assertThat(registry.all()).extracting(InstalledPlugin::name)
        .containsExactlyInAnyOrder("mesos-master", "marathon", "dns", "http", "static");
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    List<String> missing = new ArrayList<>();
    for (InstalledPlugin plugin : registry.all()) {
      // What `signpost plugins` shows: the jar manifest's Implementation-Version.
      assertThat(plugin.version()).as(plugin.name()).matches("\\d+\\.\\d+\\.\\d+.*");
      ClassLoader loader = plugin.provider().getClass().getClassLoader();
      Path jar = Path.of(plugin.provider().getClass().getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      StringWriter out = new StringWriter();
      int status = jdeps.run(new PrintWriter(out), new PrintWriter(out),
          "-verbose:class", "-filter:archive", jar.toString());
      assertThat(status).as(out.toString()).isZero();
      Set<String> used = new TreeSet<>();
      // Class lines ("   a.B   -> c.D   where") are indented; archive summaries are not.
      for (String line : out.toString().lines().filter(l -> l.startsWith(" ")).toList()) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 3 && parts[1].equals("->")) {
          used.add(parts[2]);
        }
      }
      assertThat(used).as(plugin.name() + " uses the SPI")
          .anyMatch(t -> t.startsWith("io.signpost.spi."));
      for (String type : used) {
        try {
          loader.loadClass(type);
        } catch (ClassNotFoundException | LinkageError e) {
          missing.add(plugin.name() + ": " + type);
        }
      }
    }
    assertThat(missing).as("classes a plugin jar uses that its folder cannot load").isEmpty();
  }
}
