package io.signpost.dns;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Scopes;
import io.signpost.spi.Frontend;
import io.signpost.spi.FrontendProvider;

/** The {@code dns} frontend: an authoritative and forwarding DNS server over UDP and TCP. */
public final class DnsFrontendProvider implements FrontendProvider<DnsConfig> {

  @Override
  public String name() {
    return "dns";
  }

  @Override
  public Class<DnsConfig> configClass() {
    return DnsConfig.class;
  }

  @Override
  public Module module(DnsConfig config) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(DnsConfig.class).toInstance(config);
        bind(Frontend.class).to(DnsFrontend.class).in(Scopes.SINGLETON);
      }
    };
  }
}
