package io.signpost.source.mesos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a CA file: a WireMock master with a self-signed certificate made by keytool. */
class HttpsTest {

  @TempDir static Path dir;
  private static Path caFile;
  private static WireMockServer master;
  private static String address;

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("master.p12");
    caFile = dir.resolve("ca.pem");
    keytool(
        "-genkeypair", "-alias", "master", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    keytool(
        "-exportcert", "-rfc", "-alias", "master", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-file", caFile.toString());
    master =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("changeit")
                .keyManagerPassword("changeit"));
    master.start();
    address = "127.0.0.1:" + master.httpsPort();
    String pid = "master@" + address;
    master.stubFor(
        get("/master/state")
            .withBasicAuth("dns", "secret")
            .willReturn(aResponse().withBody(TestSupport.fakeState(pid, pid))));
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @AfterAll
  static void stop() {
    master.stop();
  }

  private static MesosMasterConfig config(String ca) {
    return new MesosMasterConfig(
        List.of(address), null, null, null, 5, null,
        new MesosMasterConfig.MesosCredentials("dns", "secret"), ca, null, true);
  }

  @Test
  void trustsTheConfiguredCa() throws Exception {
    try (MesosMasterSource source =
        TestSupport.source(config(caFile.toString()), new SimpleMeterRegistry())) {
      FakeStateExpectations.assertFrameworksAgentsTasks(source.fetch());
    }
  }

  @Test
  void refusesACertificateNotSignedByATrustedCa() {
    // Without caCertFile the JVM's trust store is used; verification is never switched off.
    try (MesosMasterSource source = TestSupport.source(config(null), new SimpleMeterRegistry())) {
      assertThatThrownBy(source::fetch)
          .hasMessageStartingWith("master " + address + ": TLS handshake failed");
    }
  }

  @Test
  void aCaFileWithoutCertificatesIsAClearError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
    assertThatThrownBy(() -> TestSupport.source(config(empty.toString()),
            new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("caCertFile " + empty);
  }
}
