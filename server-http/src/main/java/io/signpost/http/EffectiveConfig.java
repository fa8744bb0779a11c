package io.signpost.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Named;

/**
 * Holds the runtime's effective configuration for {@code /v1/config}, if the runtime binds one
 * as {@code @Named("effectiveConfig") JsonNode}. Guice supports optional injection only on
 * methods and fields, hence this holder instead of a constructor parameter.
 */
final class EffectiveConfig {
  static final String BINDING_NAME = "effectiveConfig";

  private com.google.inject.Provider<JsonNode> config;

  // A provider, so /v1/config shows the configuration in force after a reload.
  @com.google.inject.Inject(optional = true)
  void set(@Named(BINDING_NAME) com.google.inject.Provider<JsonNode> config) {
    this.config = config;
  }

  /** The bound configuration, or {@code null} when the runtime binds none. */
  JsonNode get() {
    return config == null ? null : config.get();
  }
}
