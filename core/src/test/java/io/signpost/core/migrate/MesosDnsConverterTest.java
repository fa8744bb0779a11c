package io.signpost.core.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.signpost.core.config.ConfigException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MesosDnsConverterTest {

  @TempDir Path dir;

  private final MesosDnsConverter converter =
      new MesosDnsConverter(Path.of("/nonexistent/resolv.conf"), Set::of);

  private static String fixture(String name) throws Exception {
    return new String(MesosDnsConverterTest.class.getResourceAsStream("/mesos-dns/" + name)
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private MesosDnsConverter.Conversion convert(String json) throws ConfigException {
    return converter.convert("config.json", json);
  }

  @Test
  void everyParameterIsMappedOrNamedInANote() throws Exception {
    String text = fixture("every-key.json");
    MesosDnsConverter.Conversion c = convert(text);
    JsonNode out = c.config();
    JsonNode master = out.at("/sources/mesos-master");
    JsonNode dns = out.at("/servers/dns");
    JsonNode http = out.at("/servers/http");

    assertThat(out.get("domain").asText()).isEqualTo("dc1.mesos");
    assertThat(out.get("ttl").asInt()).isEqualTo(30);
    assertThat(out.get("enforceRFC952").asBoolean()).isTrue();
    assertThat(out.get("ipSources").toString()).isEqualTo("[\"netinfo\",\"docker\",\"mesos\",\"host\"]");
    assertThat(out.get("srvRecordDefaultWeight").asInt()).isEqualTo(2);
    assertThat(out.get("SOAMname").asText()).isEqualTo("ns1.dc1.mesos");
    assertThat(out.get("SOARname").asText()).isEqualTo("hostmaster@dc1.mesos");
    assertThat(out.get("SOARefresh").asInt()).isEqualTo(120);
    assertThat(out.get("SOARetry").asInt()).isEqualTo(300);
    assertThat(out.get("SOAExpire").asInt()).isEqualTo(43200);
    assertThat(out.get("SOAMinttl").asInt()).as("Mesos-DNS answers with ttl").isEqualTo(30);
    assertThat(out.has("SOASerial")).isFalse();

    assertThat(master.get("zk").asText()).isEqualTo("zk://127.0.0.1:2181/mesos");
    assertThat(master.get("masters").toString()).isEqualTo("[\"127.0.0.1:5050\",\"127.0.0.2:5050\"]");
    assertThat(master.get("refreshSeconds").asInt()).isEqualTo(30);
    assertThat(master.get("stateTimeoutSeconds").asInt()).isEqualTo(120);
    assertThat(master.get("zkDetectionTimeout").asInt()).isEqualTo(45);
    assertThat(master.get("https").asBoolean()).isTrue();
    assertThat(master.get("caCertFile").asText()).isEqualTo("ca.pem");
    assertThat(master.at("/mesosCredentials/principal").asText()).isEqualTo("dns");
    assertThat(master.at("/mesosCredentials/secret").asText()).isEqualTo("s3cret");
    assertThat(master.get("healthyOnly").asBoolean()).isFalse();

    assertThat(dns.get("port").asInt()).isEqualTo(5353);
    assertThat(dns.get("listener").asText()).isEqualTo("127.0.0.1");
    assertThat(dns.get("resolvers").toString()).isEqualTo("[\"127.0.0.53\",\"[::1]:5353\"]");
    assertThat(dns.at("/zoneResolvers/weave").toString()).isEqualTo("[\"127.0.0.54\"]");
    assertThat(dns.get("timeout").asInt()).isEqualTo(3);
    assertThat(dns.get("recurseOn").asBoolean()).isFalse();
    assertThat(dns.get("setTruncateBit").asBoolean()).isFalse();
    assertThat(dns.has("externalOn")).as("true is the default").isFalse();

    assertThat(http.get("listener").asText()).isEqualTo("127.0.0.1");
    assertThat(http.get("port").asInt()).isEqualTo(8124);
    assertThat(http.get("enumerationOn").asBoolean()).isFalse();

    assertThat(c.notes()).anySatisfy(n -> assertThat(n).startsWith("SOASerial: ignored"))
        .anySatisfy(n -> assertThat(n).startsWith("IAMConfigFile: not supported"))
        .anySatisfy(n -> assertThat(n).startsWith("CertFile, KeyFile: not supported"))
        .anySatisfy(n -> assertThat(n).startsWith("SOAMinttl:"))
        .anySatisfy(n -> assertThat(n).startsWith("zkDetectionTimeout:"));

    // Each key of the file is either in the output (under its Signpost name) or in a note.
    String yaml = c.yaml("config.json").toLowerCase(Locale.ROOT);
    String notes = String.join("\n", c.notes()).toLowerCase(Locale.ROOT);
    JsonNode input = new ObjectMapper().readTree(text);
    for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
      String key = it.next().toLowerCase(Locale.ROOT);
      String signpostKey = switch (key) {
        case "httplistener" -> "listener";
        case "httpport" -> "port";
        case "mesoshttpson" -> "https";
        case "mesosauthentication" -> "mesoscredentials";
        case "dnson" -> "dns:";
        case "httpon" -> "http:";
        case "externalon" -> "resolvers";
        default -> key;
      };
      assertThat(yaml.contains(signpostKey) || notes.contains(key))
          .as("key %s is mapped or named", key).isTrue();
    }
    assertThat(c.notes()).allSatisfy(n -> assertThat(n).doesNotContain("\n"));
  }

  @Test
  void yamlOutputReadsBackAsTheSameTree() throws Exception {
    MesosDnsConverter.Conversion c = convert(fixture("every-key.json"));
    String yaml = c.yaml("config.json");
    assertThat(yaml).startsWith("# Converted from the Mesos-DNS configuration config.json");
    JsonNode back = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    assertThat(back.toString()).isEqualTo(c.config().toString());
  }

  @Test
  void keysMatchInAnyCaseAndUnknownKeysAreNamed() throws Exception {
    MesosDnsConverter.Conversion c = convert(fixture("mixed-case.json"));
    JsonNode out = c.config();
    assertThat(out.at("/sources/mesos-master/masters/0").asText()).isEqualTo("127.0.0.1:5050");
    assertThat(out.at("/sources/mesos-master/refreshSeconds").asInt()).isEqualTo(5);
    assertThat(out.at("/servers/dns/port").asInt()).isEqualTo(8053);
    assertThat(out.at("/servers/dns/externalOn").asBoolean(true)).isFalse();
    assertThat(out.at("/servers/dns").has("resolvers")).isFalse();
    assertThat(out.at("/servers").has("http")).isFalse();
    assertThat(out.get("ipSources").toString()).isEqualTo("[\"mesos\",\"host\"]");
    assertThat(out.get("enforceRFC952").asBoolean()).isTrue();
    assertThat(c.notes())
        .contains("email: ignored (not a Mesos-DNS parameter; Mesos-DNS ignores it too)")
        .contains("ns: ignored (not a Mesos-DNS parameter; Mesos-DNS ignores it too)")
        .anySatisfy(n -> assertThat(n).startsWith("resolvers: ignored (externalon is false"))
        .anySatisfy(n -> assertThat(n).startsWith("httpon: false"));
  }

  @Test
  void aLaterSpellingOfTheSameKeyWinsAsInGo() throws Exception {
    JsonNode out = convert("{\"masters\": [\"127.0.0.1:5050\"], \"port\": 1, \"PORT\": 2}").config();
    assertThat(out.at("/servers/dns/port").asInt()).isEqualTo(2);
  }

  @Test
  void mesosDnsDefaultsThatDifferAreWrittenOut() throws Exception {
    MesosDnsConverter.Conversion c = convert(fixture("minimal.json"));
    JsonNode out = c.config();
    // Both default to 8.8.8.8 as the upstream: nothing to write for resolvers.
    assertThat(out.at("/servers/dns").has("resolvers")).isFalse();
    assertThat(out.at("/sources/mesos-master/healthyOnly").asBoolean(true)).isFalse();
    assertThat(out.at("/servers").has("http")).isTrue();
    assertThat(out.has("SOAMinttl")).as("ttl 60 = SOAMinttl 60").isFalse();
    assertThat(c.notes()).anySatisfy(n -> assertThat(n).startsWith("externalon: Mesos-DNS forwards for any client"));
  }

  @Test
  void ttlAloneSetsTheSoaMinimumLikeMesosDns() throws Exception {
    JsonNode out = convert("{\"masters\": [\"127.0.0.1:5050\"], \"ttl\": 20}").config();
    assertThat(out.get("SOAMinttl").asInt()).isEqualTo(20);
  }

  @Test
  void emptyResolversComeFromResolvConfLessLocalAddresses() throws Exception {
    Path resolv = Files.writeString(dir.resolve("resolv.conf"), """
        # generated
        search example.org
        nameserver 10.1.1.1
        nameserver 192.0.2.7
        nameserver fe80::1
        nameserver 10.1.1.1
        options ndots:2
        """);
    InetAddress own = addr("192.0.2.7");
    MesosDnsConverter local = new MesosDnsConverter(resolv, () -> Set.of(own));
    MesosDnsConverter.Conversion c = local.convert("config.json", fixture("sample.json"));
    assertThat(c.config().at("/servers/dns/resolvers").toString())
        .isEqualTo("[\"10.1.1.1\",\"[fe80::1]:53\"]");
    assertThat(c.notes()).anySatisfy(n -> assertThat(n)
        .contains("resolvers: [] means the name servers of " + resolv)
        .contains("10.1.1.1, [fe80::1]:53"));
    // null clears the list in Go: the same as []
    JsonNode nul = local.convert("c", "{\"masters\": [\"127.0.0.1:5050\"], \"resolvers\": null}")
        .config();
    assertThat(nul.at("/servers/dns/resolvers").size()).isEqualTo(2);
  }

  @Test
  void unreadableResolvConfIsAnErrorAsInMesosDns() {
    assertThatThrownBy(() -> convert("{\"masters\": [\"127.0.0.1:5050\"], \"resolvers\": []}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("resolvers is empty, so Mesos-DNS would read /nonexistent/resolv.conf");
  }

  @Test
  void authenticationVariants() throws Exception {
    MesosDnsConverter.Conversion none = convert("{\"masters\": [\"127.0.0.1:5050\"],"
        + " \"MesosCredentials\": {\"principal\": \"p\", \"secret\": \"s\"}}");
    assertThat(none.config().at("/sources/mesos-master").has("mesosCredentials")).isFalse();
    assertThat(none.notes()).anySatisfy(n -> assertThat(n).startsWith("MesosCredentials: ignored"));

    MesosDnsConverter.Conversion iam = convert("{\"masters\": [\"127.0.0.1:5050\"],"
        + " \"MesosAuthentication\": \"iam\", \"IAMConfigFile\": \"/etc/iam.json\"}");
    assertThat(iam.notes()).anySatisfy(n -> assertThat(n).startsWith("MesosAuthentication: \"iam\" not supported"))
        .anySatisfy(n -> assertThat(n).startsWith("IAMConfigFile: not supported"));

    assertThatThrownBy(() -> convert("{\"masters\": [\"127.0.0.1:5050\"],"
        + " \"MesosAuthentication\": \"kerberos\"}"))
        .hasMessageContaining("MesosAuthentication: 'kerberos' is not one of");
    assertThatThrownBy(() -> convert("{\"masters\": [\"127.0.0.1:5050\"],"
        + " \"MesosAuthentication\": \"basic\"}"))
        .hasMessageContaining("MesosCredentials has no principal or secret");
  }

  @Test
  void httpsWithoutCaAndCaWithoutHttps() throws Exception {
    MesosDnsConverter.Conversion https = convert("{\"masters\": [\"127.0.0.1:5050\"], \"MesosHTTPSOn\": true}");
    assertThat(https.config().at("/sources/mesos-master/https").asBoolean()).isTrue();
    assertThat(https.notes()).anySatisfy(n -> assertThat(n).startsWith("MesosHTTPSOn without CACertFile"));
    MesosDnsConverter.Conversion ca = convert("{\"masters\": [\"127.0.0.1:5050\"], \"CACertFile\": \"ca.pem\"}");
    assertThat(ca.config().at("/sources/mesos-master").has("caCertFile")).isFalse();
    assertThat(ca.notes()).anySatisfy(n -> assertThat(n).startsWith("CACertFile: ignored"));
    assertThatThrownBy(() -> convert("{\"masters\": [\"127.0.0.1:5050\"], \"CertFile\": \"c.pem\"}"))
        .hasMessageContaining("CertFile is set without KeyFile");
  }

  @Test
  void whatMesosDnsRefusesIsAnError() {
    assertThatThrownBy(() -> convert("{\"masters\": [\"127.0.0.1:5050\"], \"dnson\": false, \"httpon\": false}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("dnson and httpon are both false");
    assertThatThrownBy(() -> convert("{\"domain\": \"mesos\"}"))
        .hasMessageContaining("set masters or zk");
    assertThatThrownBy(() -> convert("{\"masters\": [\"127.0.0.1:5050\"], \"dnson\": \"yes\"}"))
        .hasMessageContaining("dnson: expected true or false");
    assertThatThrownBy(() -> convert("{\"masters\": "))
        .hasMessageStartingWith("config.json: invalid JSON at line 1");
    assertThatThrownBy(() -> convert("[1, 2]"))
        .hasMessageContaining("must be one JSON object");
  }

  @Test
  void dnsOffLeavesTheDnsSectionOutAndNamesItsKeys() throws Exception {
    MesosDnsConverter.Conversion c = convert("{\"masters\": [\"127.0.0.1:5050\"], \"dnson\": false,"
        + " \"port\": 53, \"recurseon\": true}");
    assertThat(c.config().at("/servers").has("dns")).isFalse();
    assertThat(c.notes()).contains("port: ignored (dnson is false)", "recurseon: ignored (dnson is false)");
  }

  @Test
  void detection() throws Exception {
    Path json = Files.writeString(dir.resolve("anything.json"), "{}");
    Path yaml = Files.writeString(dir.resolve("signpost.yaml"), "servers: {dns: {}}\n");
    Path noExtension = Files.writeString(dir.resolve("config"), fixture("minimal.json"));
    Path flowYaml = Files.writeString(dir.resolve("flow"), "{servers: {dns: {}}}");
    assertThat(MesosDnsConverter.looksLikeMesosDns(json)).isTrue();
    assertThat(MesosDnsConverter.looksLikeMesosDns(yaml)).isFalse();
    assertThat(MesosDnsConverter.looksLikeMesosDns(noExtension)).isTrue();
    assertThat(MesosDnsConverter.looksLikeMesosDns(flowYaml)).isFalse();
    assertThat(MesosDnsConverter.looksLikeMesosDns(dir.resolve("missing"))).isFalse();
  }

  private static InetAddress addr(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }
}
