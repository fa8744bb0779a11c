package io.signpost.source.marathon;

import com.google.inject.Module;
import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;

/**
 * The {@code marathon} source: Marathon apps and tasks, kept fresh by Marathon's event stream.
 * Its module needs a {@link io.micrometer.core.instrument.MeterRegistry} binding from the
 * runtime.
 */
public final class MarathonProvider implements SourceProvider<MarathonConfig> {

  @Override
  public String name() {
    return "marathon";
  }

  @Override
  public Class<MarathonConfig> configClass() {
    return MarathonConfig.class;
  }

  @Override
  public Module module(MarathonConfig config) {
    // The runtime binds the config instance and the MeterRegistry.
    return binder -> binder.bind(Source.class).to(MarathonEventSource.class);
  }
}
