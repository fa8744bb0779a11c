package io.signpost.core.plugin;

import io.signpost.spi.FrontendProvider;
import io.signpost.spi.SourceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The source and frontend plugins installed, by name. */
public final class PluginRegistry {

  private final Map<String, InstalledPlugin> sources = new TreeMap<>();
  private final Map<String, InstalledPlugin> servers = new TreeMap<>();

  void addSource(SourceProvider<?> provider, String origin) throws PluginException {
    add(sources, "source", provider.name(), origin, provider);
  }

  void addServer(FrontendProvider<?> provider, String origin) throws PluginException {
    add(servers, "server", provider.name(), origin, provider);
  }

  private static void add(Map<String, InstalledPlugin> into, String kind, String name,
      String origin, Object provider) throws PluginException {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new PluginException(origin + ": " + kind + " plugin " + provider.getClass().getName()
          + " has an invalid name '" + name + "' (lower-case letters, digits and dashes)");
    }
    InstalledPlugin existing = into.get(name);
    if (existing != null) {
      throw new PluginException("two " + kind + " plugins are named '" + name + "': one in "
          + existing.origin() + ", one in " + origin);
    }
    Package pkg = provider.getClass().getPackage();
    String version = pkg != null && pkg.getImplementationVersion() != null
        ? pkg.getImplementationVersion() : "dev";
    into.put(name, new InstalledPlugin(name, kind, origin, version, provider));
  }

  /** The source plugin with that name, or {@code null}. */
  public SourceProvider<?> source(String name) {
    InstalledPlugin p = sources.get(name);
    return p == null ? null : (SourceProvider<?>) p.provider();
  }

  /** The frontend plugin with that name, or {@code null}. */
  public FrontendProvider<?> server(String name) {
    InstalledPlugin p = servers.get(name);
    return p == null ? null : (FrontendProvider<?>) p.provider();
  }

  /** The names of the installed source plugins, sorted. */
  public List<String> sourceNames() {
    return List.copyOf(sources.keySet());
  }

  /** The names of the installed frontend plugins, sorted. */
  public List<String> serverNames() {
    return List.copyOf(servers.keySet());
  }

  /** Every installed plugin, sources first. */
  public List<InstalledPlugin> all() {
    List<InstalledPlugin> all = new ArrayList<>(sources.values());
    all.addAll(servers.values());
    return all;
  }
}
