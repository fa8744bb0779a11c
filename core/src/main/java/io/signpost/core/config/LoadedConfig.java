package io.signpost.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A configuration file bound to the installed plugins.
 *
 * @param top the top-level settings
 * @param sources the configured sources, in file order
 * @param servers the configured frontends, in file order
 * @param tree the file as parsed, for display
 * @param directory the directory relative paths in plugin sections are resolved against: the
 *     config file's own directory
 */
public record LoadedConfig(
    SignpostConfig top,
    List<Section<io.signpost.spi.SourceProvider<?>>> sources,
    List<Section<io.signpost.spi.FrontendProvider<?>>> servers,
    JsonNode tree,
    java.nio.file.Path directory) {

  public LoadedConfig {
    sources = List.copyOf(sources);
    servers = List.copyOf(servers);
    directory = directory.toAbsolutePath().normalize();
  }

  /**
   * One plugin section.
   *
   * @param name the section key
   * @param provider the plugin
   * @param config the bound config object
   */
  public record Section<P>(String name, P provider, Object config) {}
}
