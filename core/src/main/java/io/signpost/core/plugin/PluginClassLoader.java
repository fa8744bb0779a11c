package io.signpost.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class loader of one plugin folder. It looks in the folder's jars first, so two plugins can
 * bundle different versions of one library. Only the SPI and the libraries its types mention
 * ({@link #SHARED_PREFIXES}) come from the application, so that a plugin and the core agree on
 * them; the JDK comes from the platform class loader. Nothing else of the application (Guava,
 * the core's internals, other plugins) is visible: a plugin brings what else it needs.
 */
final class PluginClassLoader extends URLClassLoader {

  static {
    ClassLoader.registerAsParallelCapable();
  }

  /**
   * Packages shared with the application: the SPI, and the APIs a plugin uses to talk to the
   * core (Guice modules, config binding with Jackson, logging, metrics).
   */
  static final List<String> SHARED_PREFIXES = List.of(
      "io.signpost.spi.",
      "com.google.inject.",
      "jakarta.inject.",
      "org.aopalliance.", // in Guice's Binder API
      "com.fasterxml.jackson.annotation.",
      "com.fasterxml.jackson.core.",
      "com.fasterxml.jackson.databind.",
      "org.slf4j.",
      "io.micrometer.core.",
      "io.micrometer.common.",
      "io.micrometer.observation.");

  /** The JDK's packages: always from the platform loader, never from a plugin jar. */
  private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
      .flatMap(m -> m.getPackages().stream())
      .collect(Collectors.toUnmodifiableSet());

  private final ClassLoader shared;

  /**
   * @param name names the loader in stack traces, e.g. {@code plugin-dns}
   * @param jars the folder's jars
   * @param shared the loader of the SPI (the application class loader)
   */
  PluginClassLoader(String name, URL[] jars, ClassLoader shared) {
    super(name, jars, ClassLoader.getPlatformClassLoader());
    this.shared = shared;
  }

  static boolean isShared(String className) {
    for (String prefix : SHARED_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJdk(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 && JDK_PACKAGES.contains(className.substring(0, dot));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isShared(name)) {
      return shared.loadClass(name);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        if (isJdk(name)) {
          c = getParent().loadClass(name);
        } else {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notInFolder) {
            c = getParent().loadClass(name);
          }
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    URL url = findResource(name);
    return url != null ? url : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
    urls.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(urls);
  }
}
