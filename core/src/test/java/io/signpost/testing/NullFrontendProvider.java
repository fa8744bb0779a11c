package io.signpost.testing;

import io.signpost.spi.Frontend;
import io.signpost.spi.FrontendProvider;

/** A test-only frontend plugin, {@code test-null}, that serves nothing. */
public final class NullFrontendProvider implements FrontendProvider<NullFrontendProvider.Config> {

  /** No settings. */
  public record Config() {}

  @Override
  public String name() {
    return "test-null";
  }

  @Override
  public Class<Config> configClass() {
    return Config.class;
  }

  @Override
  public com.google.inject.Module module(Config config) {
    return binder -> binder.bind(Frontend.class).toInstance(new Frontend() {
      @Override
      public void start() {}

      @Override
      public String describe() {
        return "nothing";
      }

      @Override
      public void close() {}
    });
  }
}
