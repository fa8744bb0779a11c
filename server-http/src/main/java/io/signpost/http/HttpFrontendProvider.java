package io.signpost.http;

import com.google.inject.Module;
import com.google.inject.Scopes;
import io.signpost.spi.Frontend;
import io.signpost.spi.FrontendProvider;

/**
 * The {@code http} frontend: Mesos-DNS's HTTP API ({@code /v1/...}) plus health, readiness and
 * Prometheus metrics, configured under {@code servers.http}.
 */
public final class HttpFrontendProvider implements FrontendProvider<HttpConfig> {

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Class<HttpConfig> configClass() {
    return HttpConfig.class;
  }

  @Override
  public Module module(HttpConfig config) {
    return binder -> {
      binder.bind(HttpConfig.class).toInstance(config);
      binder.bind(Frontend.class).to(HttpFrontend.class).in(Scopes.SINGLETON);
    };
  }
}
