package io.signpost.core.plugin;

import io.signpost.spi.FrontendProvider;
import io.signpost.spi.SourceProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds plugins: on the application class path (development, tests) and in each folder under
 * the distribution's {@code plugins/} directory, which gets a class loader of its own over the
 * jars it holds.
 */
public final class PluginLoader {

  private PluginLoader() {}

  /**
   * Loads every plugin.
   *
   * @param pluginsDir the {@code plugins/} directory, or {@code null} to use the class path only
   */
  public static PluginRegistry load(Path pluginsDir) throws PluginException {
    PluginRegistry registry = new PluginRegistry();
    ClassLoader app = PluginLoader.class.getClassLoader();
    register(registry, app, "classpath", false);
    if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
      for (Path folder : folders(pluginsDir)) {
        register(registry, loaderFor(folder, app), "plugin folder " + folder, true);
      }
    }
    return registry;
  }

  private static List<Path> folders(Path pluginsDir) throws PluginException {
    try (Stream<Path> list = Files.list(pluginsDir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new PluginException("cannot list plugin directory " + pluginsDir + ": " + e.getMessage());
    }
  }

  private static ClassLoader loaderFor(Path folder, ClassLoader parent) throws PluginException {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path jar : list.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (IOException e) {
      throw new PluginException("plugin folder " + folder + ": cannot read: " + e.getMessage());
    }
    if (jars.isEmpty()) {
      throw new PluginException("plugin folder " + folder + " holds no jar");
    }
    return new URLClassLoader("plugin-" + folder.getFileName(), jars.toArray(URL[]::new), parent);
  }

  private static void register(PluginRegistry registry, ClassLoader loader, String origin,
      boolean mustProvide) throws PluginException {
    int found = 0;
    try {
      for (SourceProvider<?> p : providers(SourceProvider.class, loader, origin)) {
        registry.addSource(p, origin);
        found++;
      }
      for (FrontendProvider<?> p : providers(FrontendProvider.class, loader, origin)) {
        registry.addServer(p, origin);
        found++;
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new PluginException(origin + ": a plugin failed to load: " + e.getMessage());
    }
    if (mustProvide && found == 0) {
      throw new PluginException(origin + " provides no plugin (no META-INF/services entry for "
          + SourceProvider.class.getName() + " or " + FrontendProvider.class.getName() + ")");
    }
  }

  /** The providers defined by {@code loader} itself, not by its parents. */
  private static <T> List<T> providers(Class<T> type, ClassLoader loader, String origin) {
    List<T> result = new ArrayList<>();
    for (ServiceLoader.Provider<T> p : ServiceLoader.load(type, loader).stream().toList()) {
      if (p.type().getClassLoader() == loader) {
        result.add(p.get());
      }
    }
    return result;
  }
}
