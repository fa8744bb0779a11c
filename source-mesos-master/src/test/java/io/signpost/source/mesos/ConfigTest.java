package io.signpost.source.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Binding and validation of the {@code sources.mesos-master} section, and plugin discovery. */
class ConfigTest {

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private MesosMasterConfig bind(String text) throws Exception {
    return yaml.readValue(text, MesosMasterConfig.class);
  }

  @Test
  void bindsEveryKeyWithDefaults() throws Exception {
    MesosMasterConfig config =
        bind(
            "masters: ['10.0.0.1:5050', '[2001:db8::1]:5050']\n"
                + "zk: zk://10.0.0.1:2181,10.0.0.2:2181/mesos\n"
                + "mesosCredentials: {principal: dns, secret: s3cret}\n");
    assertThat(config.masters()).containsExactly("10.0.0.1:5050", "[2001:db8::1]:5050");
    assertThat(config.masterAddresses())
        .containsExactly(new HostPort("10.0.0.1", 5050), new HostPort("2001:db8::1", 5050));
    assertThat(config.refreshSeconds()).isEqualTo(60);
    assertThat(config.stateTimeoutSeconds()).isEqualTo(300);
    assertThat(config.zkDetectionTimeout()).isEqualTo(30);
    assertThat(config.https()).isFalse();
    assertThat(config.mesosCredentials().principal()).isEqualTo("dns");
    assertThat(config.mesosCredentials().toString()).doesNotContain("s3cret");
    assertThat(ZkUrl.parse(config.zk()))
        .isEqualTo(new ZkUrl("10.0.0.1:2181,10.0.0.2:2181", "/mesos"));
  }

  @Test
  void ignoresCredentialsInTheZooKeeperUrl() {
    assertThat(ZkUrl.parse("zk://user:pass@10.0.0.1:2181,10.0.0.2:2181/mesos/"))
        .isEqualTo(new ZkUrl("10.0.0.1:2181,10.0.0.2:2181", "/mesos"));
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> bind("masters: ['10.0.0.1:5050']\nIPSources: [host]\n"))
        .hasMessageContaining("IPSources");
  }

  @Test
  void needsAWayToReachAMaster() {
    assertThatThrownBy(() -> bind("refreshSeconds: 5\n"))
        .rootCause()
        .hasMessageContaining("at least one of 'masters'");
  }

  @Test
  void validatesWithClearMessages() {
    assertMessage("masters: ['10.0.0.1']", "has no port");
    assertMessage("masters: ['10.0.0.1:0']", "port 0");
    assertMessage("masters: ['10.0.0.1:70000']", "out of range");
    assertMessage("masters: ['10.0.0.1:http']", "invalid port");
    assertMessage("masters: ['2001:db8::1:5050']", "IPv6");
    assertMessage("masters: ['10.0.0.1:5050', '10.0.0.1:5050']", "duplicate");
    assertMessage(
        "masters: ['[2001:db8:0::1]:5050', '[2001:db8::1]:5050']", "duplicate");
    assertMessage("zk: 'http://zk:2181/mesos'", "must start with zk://");
    assertMessage("zk: 'zk://zk:2181'", "no znode path");
    assertMessage("masters: ['a:1']\nrefreshSeconds: 0", "refreshSeconds must be > 0");
    assertMessage("masters: ['a:1']\nstateTimeoutSeconds: 0", "stateTimeoutSeconds");
    assertMessage("masters: ['a:1']\nzkDetectionTimeout: -1", "zkDetectionTimeout");
    assertMessage("masters: ['a:1']\nmesosCredentials: {}", "principal and a secret");
    assertMessage(
        "masters: ['a:1']\nmesosCredentials: {principal: p}\nbearerTokenFile: /t",
        "not both");
    assertMessage("masters: ['a:1']\ncaCertFile: /ca.pem", "https is false");
    assertMessage("stateFile: /s.json\nzk: zk://z:2181/mesos", "not both");
    assertMessage("zk: 'zk://z/mesos'", "has no port");
  }

  private void assertMessage(String text, String expected) {
    assertThatThrownBy(() -> bind(text)).rootCause().hasMessageContaining(expected);
  }

  @Test
  void isFoundByServiceLoaderAndBuildsTheSourceWithGuice() {
    SourceProvider<?> provider =
        ServiceLoader.load(SourceProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("mesos-master"))
            .findFirst()
            .orElseThrow();
    assertThat(provider.configClass()).isEqualTo(MesosMasterConfig.class);
    MesosMasterConfig config = TestSupport.masters(List.of("127.0.0.1:5050"));
    var injector =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(MesosMasterConfig.class).toInstance(config);
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
                bind(java.nio.file.Path.class)
                    .annotatedWith(com.google.inject.name.Names.named("configDir"))
                    .toInstance(java.nio.file.Path.of("."));
              }
            },
            ((MesosMasterProvider) provider).module(config));
    try (Source source = injector.getInstance(Source.class)) {
      assertThat(source).isInstanceOf(MesosMasterSource.class);
      assertThat(((MesosMasterSource) source).refreshInterval().toSeconds()).isEqualTo(60);
    }
  }
}
