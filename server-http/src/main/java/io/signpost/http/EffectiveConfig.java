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

  private JsonNode config;

  @com.google.inject.Inject(optional = true)
  void set(@Named(BINDING_NAME) JsonNode config) {
    this.config = config;
  }

  /** The bound configuration, or {@code null} when the runtime binds none. */
  JsonNode get() {
    return config;
  }
}
