package io.signpost.spi;

/**
 * Entry point of a source plugin, found with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/io.signpost.spi.SourceProvider}. It must have a
 * public no-argument constructor.
 *
 * <p>A source runs only when the configuration file has a section for it under {@code sources:}.
 * That section is bound to {@link #configClass()} with Jackson and handed to {@link
 * #module(Object)}, whose bindings build the {@link Source}.
 *
 * <pre>{@code
 * public final class StaticProvider implements SourceProvider<StaticConfig> {
 *   public String name() { return "static"; }
 *   public Class<StaticConfig> configClass() { return StaticConfig.class; }
 *   public Module module(StaticConfig config) {
 *     return binder -> binder.bind(Source.class).to(StaticSource.class);
 *   }
 * }
 * }</pre>
 *
 * @param <C> the config class of the plugin's section
 */
public interface SourceProvider<C> {

  /**
   * The plugin's name: lower-case letters, digits and dashes, unique among installed plugins. It
   * is the key of the plugin's section under {@code sources:}, and it names the source in logs,
   * metrics and the HTTP API.
   */
  String name();

  /**
   * The class the plugin's config section is bound to, usually a record. Unknown keys are
   * rejected. A section written as {@code name: {}} binds an instance with every key absent, so
   * give fields sane defaults in the compact constructor.
   */
  Class<C> configClass();

  /**
   * The Guice module that builds the source. It must bind {@link Source} (in singleton scope or
   * not: it is asked for once). Within it these can be injected, and must not be bound again:
   *
   * <ul>
   *   <li>the config instance (by its class);
   *   <li>{@link CoreSettings};
   *   <li>{@code io.micrometer.core.instrument.MeterRegistry}, to register metrics on;
   *   <li>{@code java.time.Clock};
   *   <li>{@code @Named("configDir") java.nio.file.Path}: the config file's directory, which
   *       relative paths in the section are relative to.
   * </ul>
   *
   * <p>Each source gets its own private module, so bindings never clash with other plugins'.
   *
   * @param config the bound, validated config section
   */
  com.google.inject.Module module(C config);
}
