package io.signpost.source.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MarathonProviderTest {

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  private MarathonConfig bind(String text) throws Exception {
    return yaml.readValue(text, MarathonConfig.class);
  }

  @Test
  void isFoundByServiceLoaderAsMarathon() {
    assertThat(ServiceLoader.load(SourceProvider.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(p -> {
          assertThat(p).isInstanceOf(MarathonProvider.class);
          assertThat(p.name()).isEqualTo("marathon");
          assertThat(p.configClass()).isEqualTo(MarathonConfig.class);
        });
  }

  @Test
  void defaults() throws Exception {
    MarathonConfig c = bind("urls: [\"http://m1:8080/\", \"https://m2:8443\"]");
    assertThat(c.urls()).containsExactly("http://m1:8080", "https://m2:8443");
    assertThat(c.frameworkName()).isEqualTo("marathon");
    assertThat(c.resyncSeconds()).isEqualTo(300);
    assertThat(c.healthyOnly()).isTrue();
    assertThat(c.events()).isTrue();
    assertThat(c.streamTimeoutSeconds()).isEqualTo(30);
    assertThat(c.basicAuth()).isNull();
  }

  @Test
  void credentialsInEitherForm() throws Exception {
    assertThat(bind("urls: [\"http://m1\"]\nprincipal: u\nsecret: p").basicAuth())
        .isEqualTo(new MarathonConfig.Credentials("u", "p"));
    assertThat(bind("urls: [\"http://m1\"]\ncredentials: {principal: u, secret: p}").basicAuth())
        .isEqualTo(new MarathonConfig.Credentials("u", "p"));
  }

  @Test
  void badConfigsAreRejectedWithTheKeyNamed() {
    assertThatThrownBy(() -> bind("frameworkName: x")).hasMessageContaining("'urls' is required");
    assertThatThrownBy(() -> bind("urls: [\"m1:8080\"]")).hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> bind("urls: [\"http://m1\"]\nresyncSeconds: 0"))
        .hasMessageContaining("resyncSeconds");
    assertThatThrownBy(() -> bind("urls: [\"http://m1\"]\nnosuchKey: 1"))
        .hasMessageContaining("nosuchKey");
    assertThatThrownBy(() ->
            bind("urls: [\"http://m1\"]\nprincipal: u\ncredentials: {principal: u, secret: p}"))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> bind("urls: [\"http://m1\"]\nprincipal: u\nbearerTokenFile: /t"))
        .hasMessageContaining("not both");
  }

  @Test
  void moduleBuildsThePushSource() throws Exception {
    MarathonConfig config = bind("urls: [\"http://127.0.0.1:1\"]\nframeworkName: customers-marathon");
    var injector = Guice.createInjector(
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(MarathonConfig.class).toInstance(config);
            bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
            bind(java.nio.file.Path.class)
                .annotatedWith(com.google.inject.name.Names.named("configDir"))
                .toInstance(java.nio.file.Path.of("."));
          }
        },
        new MarathonProvider().module(config));
    try (Source source = injector.getInstance(Source.class)) {
      assertThat(source).isInstanceOf(MarathonEventSource.class);
    }
  }
}
