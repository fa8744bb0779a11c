package io.signpost.source.mesos;

import com.google.inject.Module;
import com.google.inject.Scopes;
import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;

/**
 * The {@code mesos-master} source plugin: reads {@code /master/state} from the leading Mesos
 * master (found through a static {@code masters} list or ZooKeeper), or from a state file.
 */
public final class MesosMasterProvider implements SourceProvider<MesosMasterConfig> {

  /** The plugin's name and config section key. */
  public static final String NAME = "mesos-master";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<MesosMasterConfig> configClass() {
    return MesosMasterConfig.class;
  }

  @Override
  public Module module(MesosMasterConfig config) {
    return binder -> binder.bind(Source.class).to(MesosMasterSource.class).in(Scopes.SINGLETON);
  }
}
