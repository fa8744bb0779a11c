package io.signpost.http;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.name.Names;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.Frontend;
import io.signpost.spi.FrontendProvider;
import io.signpost.spi.SnapshotFeed;
import java.net.http.HttpResponse;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/config}, with the frontend built the way the runtime builds it: the provider found
 * with ServiceLoader, its module installed in a child injector of the runtime's.
 */
class ConfigEndpointTest {

  private static final String EFFECTIVE_CONFIG = """
      {"domain": "mesos",
       "sources": {"mesos": {"masters": ["127.0.0.1:5050"],
                             "zk": "zk://admin:hunter2@127.0.0.1:2181/mesos",
                             "refreshSeconds": 30,
                             "credentials": {"principal": "signpost", "secret": "s3cr3t"},
                             "iamConfigFile": "/etc/signpost/iam.json"},
                   "marathon": {"url": "http://127.0.0.1:8080", "apiToken": "tok-123",
                                "basicPassword": "", "headers": [{"clientSecret": "cs-456"}]}},
       "servers": {"http": {"listener": "127.0.0.1", "port": 0}}}
      """;

  private static final String REDACTED = """
      {"domain": "mesos",
       "sources": {"mesos": {"masters": ["127.0.0.1:5050"],
                             "zk": "zk://******@127.0.0.1:2181/mesos",
                             "refreshSeconds": 30,
                             "credentials": "******",
                             "iamConfigFile": "/etc/signpost/iam.json"},
                   "marathon": {"url": "http://127.0.0.1:8080", "apiToken": "******",
                                "basicPassword": "", "headers": [{"clientSecret": "******"}]}},
       "servers": {"http": {"listener": "127.0.0.1", "port": 0}}}
      """;

  @Test
  void showsTheEffectiveConfigWithSecretsRedacted() throws Exception {
    JsonNode effective = Http.MAPPER.readTree(EFFECTIVE_CONFIG);
    HttpFrontend frontend = build(binder -> binder.bind(JsonNode.class)
        .annotatedWith(Names.named("effectiveConfig")).toInstance(effective));
    try {
      HttpResponse<String> response = new Http(frontend.port()).get("/v1/config");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Http.json(response)).isEqualTo(Http.MAPPER.readTree(REDACTED));
      assertThat(response.body()).doesNotContain("s3cr3t", "hunter2", "tok-123", "cs-456");
      // The bound document itself is left alone: redaction works on a copy.
      assertThat(effective.at("/sources/mesos/credentials/secret").asText()).isEqualTo("s3cr3t");
    } finally {
      frontend.close();
    }
  }

  @Test
  void axfrTakesRefreshSecondsFromTheEffectiveConfig() throws Exception {
    JsonNode effective = Http.MAPPER.readTree(EFFECTIVE_CONFIG);
    HttpFrontend frontend = build(binder -> binder.bind(JsonNode.class)
        .annotatedWith(Names.named("effectiveConfig")).toInstance(effective));
    try {
      JsonNode axfr = Http.json(new Http(frontend.port()).get("/v1/axfr"));

      assertThat(axfr.get("RefreshSeconds").asInt()).isEqualTo(30);
    } finally {
      frontend.close();
    }
  }

  @Test
  void withoutTheRuntimesViewShowsWhatTheFrontendKnows() throws Exception {
    HttpFrontend frontend = build(binder -> {});
    try {
      HttpResponse<String> response = new Http(frontend.port()).get("/v1/config");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode config = Http.json(response);
      assertThat(config.get("domain").asText()).isEqualTo("mesos");
      assertThat(config.get("soaMname").asText()).isEqualTo("ns1.mesos.");
      assertThat(config.at("/servers/http")).isEqualTo(Http.MAPPER.readTree(
          "{\"listener\": \"127.0.0.1\", \"port\": 0, \"enumerationOn\": true}"));
    } finally {
      frontend.close();
    }
  }

  /** Builds and starts the frontend as the runtime would; {@code extra} adds runtime bindings. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static HttpFrontend build(com.google.inject.Module extra) throws Exception {
    FrontendProvider<HttpConfig> provider = ServiceLoader.load(FrontendProvider.class).stream()
        .map(p -> (FrontendProvider<HttpConfig>) p.get())
        .filter(p -> p.name().equals("http"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("http provider not registered"));
    HttpConfig config = Http.MAPPER.readValue(
        "{\"listener\": \"127.0.0.1\", \"port\": 0}", provider.configClass());
    Injector runtime = Guice.createInjector(new AbstractModule() {
      @Override
      protected void configure() {
        bind(SnapshotFeed.class).toInstance(new ManualFeed(FixtureSnapshot.build()));
        bind(CoreSettings.class).toInstance(FixtureSnapshot.settings());
        bind(MeterRegistry.class).toInstance(new CompositeMeterRegistry());
        install(extra);
      }
    });
    Frontend frontend = runtime.createChildInjector(provider.module(config))
        .getInstance(Frontend.class);
    frontend.start();
    return (HttpFrontend) frontend;
  }
}
