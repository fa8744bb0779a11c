package io.signpost.core.plugin;

import io.signpost.spi.FrontendProvider;
import io.signpost.spi.SourceProvider;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds plugins: on the application class path (development, tests) and in each folder under
 * the distribution's {@code plugins/} directory. Each folder gets a {@link PluginClassLoader} of
 * its own over the jars it holds, which sees only the SPI of the application, so plugins cannot
 * clash over library versions.
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
    register(registry, PluginLoader.class.getClassLoader(), "classpath", false);
    addFolders(registry, pluginsDir);
    return registry;
  }

  /**
   * Loads the plugin folders only, ignoring plugins on the class path (e.g. to inspect an
   * installed distribution from a test that has the plugins on its class path too).
   */
  public static PluginRegistry loadFolders(Path pluginsDir) throws PluginException {
    PluginRegistry registry = new PluginRegistry();
    addFolders(registry, pluginsDir);
    return registry;
  }

  private static void addFolders(PluginRegistry registry, Path pluginsDir) throws PluginException {
    if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
      for (Path folder : folders(pluginsDir)) {
        register(registry, loaderFor(folder, PluginLoader.class.getClassLoader()),
            "plugin folder " + folder, true);
      }
    }
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
    return new PluginClassLoader("plugin-" + folder.getFileName(), jars.toArray(URL[]::new), parent);
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
    } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
      throw new PluginException(origin + ": a plugin failed to load: " + describe(e));
    }
    if (mustProvide && found == 0) {
      throw new PluginException(origin + " provides no plugin (no META-INF/services entry for "
          + SourceProvider.class.getName() + " or " + FrontendProvider.class.getName() + ")");
    }
  }

  /**
   * The error and its causes on one line: a provider whose constructor throws surfaces as a
   * ServiceConfigurationError whose own message does not say why; a missing library as a
   * NoClassDefFoundError naming the class.
   */
  static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    String previous = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String raw = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      raw = raw.lines().findFirst().orElse(raw);
      if (raw.replace('/', '.').equals(previous)) {
        continue; // NoClassDefFoundError caused by ClassNotFoundException, same class
      }
      previous = raw.replace('/', '.');
      parts.add(t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException
          ? "class not found: " + previous + " (a library missing from the plugin folder?)"
          : raw);
    }
    return String.join(": ", parts);
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
