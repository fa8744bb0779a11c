package io.signpost.source.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.spi.ReportSink;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Shared helpers: fixtures, a recording sink, a resolver that never leaves the process. */
final class TestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private TestSupport() {}

  static String fixture(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/marathon/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] fixtureBytes(String name) {
    return fixture(name).getBytes(StandardCharsets.UTF_8);
  }

  /** The apps of a {@code /v2/groups} tree as a {@code /v2/apps} body. */
  static String appsOfGroups(String groupsJson) throws IOException {
    ArrayNode apps = JSON.createArrayNode();
    collect(JSON.readTree(groupsJson), apps);
    ObjectNode body = JSON.createObjectNode();
    body.set("apps", apps);
    return JSON.writeValueAsString(body);
  }

  private static void collect(JsonNode group, ArrayNode apps) {
    group.path("apps").forEach(apps::add);
    group.path("groups").forEach(g -> collect(g, apps));
  }

  /** Resolves IP literals and a fixed table; everything else is unknown. No DNS traffic. */
  static HostResolver resolver(Map<String, String> table) {
    return host -> {
      String ip = table.get(host);
      if (ip == null && host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
        ip = host;
      }
      if (ip == null) {
        throw new UnknownHostException(host);
      }
      return List.of(InetAddress.getByName(ip));
    };
  }

  static HostResolver resolver() {
    return resolver(Map.of());
  }

  static MarathonConfig config(List<String> urls, String framework, boolean events) {
    return new MarathonConfig(
        urls, framework, null, null, null, null, null, null, null, events, 5, 1);
  }

  static List<String> ips(Task t) {
    return t.containerIps().stream()
        .map(ip -> ip.address().getHostAddress())
        .collect(Collectors.toList());
  }

  /** Records what a source pushes. */
  static final class RecordingSink implements ReportSink {
    final List<SourceReport> reports = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    @Override
    public void publish(SourceReport report) {
      reports.add(report);
    }

    @Override
    public void failed(String reason) {
      failures.add(reason);
    }

    SourceReport latest() {
      return reports.isEmpty() ? null : reports.get(reports.size() - 1);
    }

    List<Task> tasks() {
      SourceReport r = latest();
      // Ended tasks stay in the report until the next full read; they get no records.
      return r == null ? List.of() : r.tasks().stream().filter(Task::running).toList();
    }
  }
}
