package io.signpost.source.mesos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/** Fixture loading and a resolver that never asks DNS. */
final class TestSupport {

  private TestSupport() {}

  /** Resolves IP literals and {@code localhost} only; any other name is unknown. */
  static final HostResolver RESOLVER =
      host -> {
        InetAddress literal = IpLiterals.parse(host);
        if (literal != null) {
          return List.of(literal);
        }
        if (host.equals("localhost")) {
          return List.of(InetAddress.getByName("127.0.0.1"));
        }
        throw new UnknownHostException(host);
      };

  static String resource(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Mesos-DNS fixture with its {@code leader} and {@code pid} rewritten to {@code master},
   * so a test that follows them reaches loopback only.
   */
  static String fakeState(String leader, String pid) {
    String state = resource("mesos-dns/fake-state.json");
    String original = "\"master@1.2.3.4:5050\"";
    if (!state.contains("\"leader\": " + original) || !state.contains("\"pid\": " + original)) {
      throw new IllegalStateException("fixture changed: leader/pid not found");
    }
    return state
        .replace("\"leader\": " + original, "\"leader\": \"" + leader + "\"")
        .replace("\"pid\": " + original, "\"pid\": \"" + pid + "\"");
  }

  static MesosMasterSource source(MesosMasterConfig config, SimpleMeterRegistry registry) {
    return new MesosMasterSource(config, registry, RESOLVER, Clock.systemUTC());
  }

  static MesosMasterConfig masters(List<String> masters) {
    return new MesosMasterConfig(masters, null, null, null, 5, null, null, null, null, null);
  }

  static InetAddress ip(String literal) {
    InetAddress address = IpLiterals.parse(literal);
    if (address == null) {
      throw new IllegalArgumentException(literal);
    }
    return address;
  }
}
