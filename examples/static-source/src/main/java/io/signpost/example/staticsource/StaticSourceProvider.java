package io.signpost.example.staticsource;

import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;

/**
 * The {@code static} source: host (A/AAAA) and service (SRV) records read from a JSON file,
 * e.g. for machines outside the cluster. The file is reloaded when it changes; a broken file is
 * reported and the records of the last good one keep being served.
 */
public final class StaticSourceProvider implements SourceProvider<StaticConfig> {

  @Override
  public String name() {
    return "static";
  }

  @Override
  public Class<StaticConfig> configClass() {
    return StaticConfig.class;
  }

  @Override
  public com.google.inject.Module module(StaticConfig config) {
    return binder -> binder.bind(Source.class).to(StaticSource.class);
  }
}
