package io.signpost.source.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.signpost.source.marathon.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a private CA given as a PEM file, against WireMock with a freshly made key. */
class TlsTest {

  @TempDir static Path dir;
  private static WireMockServer wm;
  private static Path caPem;

  @BeforeAll
  static void startHttps() throws Exception {
    Path keystore = dir.resolve("server.p12");
    caPem = dir.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "marathon", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=marathon.test", "-ext", "san=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "marathon", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-file", caPem.toString());
    wm = new WireMockServer(options()
        .httpDisabled(true)
        .dynamicHttpsPort()
        .bindAddress("127.0.0.1")
        .keystorePath(keystore.toString())
        .keystorePassword("changeit")
        .keyManagerPassword("changeit")
        .keystoreType("PKCS12"));
    wm.start();
    wm.stubFor(get(urlPathEqualTo("/v2/apps")).willReturn(okJson(fixture("seed-docker-mt42-1.json"))));
  }

  private static void keytool(String... args) throws Exception {
    String exe = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(exe));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @AfterAll
  static void stop() {
    if (wm != null) {
      wm.stop();
    }
  }

  private static MarathonConfig config(String caFile) {
    return new MarathonConfig(List.of("https://127.0.0.1:" + wm.httpsPort()), null, null, null,
        null, null, null, null, caFile, false, 5, 30);
  }

  @Test
  void trustsTheConfiguredCa() throws Exception {
    assertThat(new MarathonClient(config(caPem.toString())).apps()).hasSize(1);
  }

  @Test
  void withoutTheCaTheServerIsNotTrusted() {
    assertThatThrownBy(() -> new MarathonClient(config(null)).apps())
        .isInstanceOf(MarathonClient.MarathonException.class)
        .hasMessageContaining("https://127.0.0.1:" + wm.httpsPort());
  }

  @Test
  void aCaFileThatIsNoCertificateIsAClearConfigError() throws Exception {
    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "not a certificate");
    assertThatThrownBy(() -> new MarathonClient(config(junk.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("caCertFile");
  }
}
