package io.signpost.spi;

/**
 * Entry point of a frontend (server) plugin, such as the DNS or HTTP server, found with {@link
 * java.util.ServiceLoader} through {@code META-INF/services/io.signpost.spi.FrontendProvider}.
 *
 * <p>A frontend runs only when the configuration file has a section for it under {@code
 * servers:}. Its module may inject {@link SnapshotFeed} for the records to serve, {@link
 * CoreSettings} for the domain, TTL and SOA values, and everything a {@link
 * SourceProvider#module(Object)} may inject; the config instance is bound already.
 *
 * @param <C> the config class of the plugin's section
 */
public interface FrontendProvider<C> {

  /** The plugin's name, the key of its section under {@code servers:} (e.g. {@code dns}). */
  String name();

  /** The class the plugin's config section is bound to; unknown keys are rejected. */
  Class<C> configClass();

  /**
   * The Guice module that builds the frontend: it must bind {@link Frontend}.
   *
   * @param config the bound, validated config section
   */
  com.google.inject.Module module(C config);
}
