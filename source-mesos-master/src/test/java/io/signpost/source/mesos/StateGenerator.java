package io.signpost.source.mesos;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.model.IpSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a realistic Mesos 1.x {@code /master/state} of any size, for benchmarks and scale
 * tests: Marathon-like frameworks, one agent per 20 tasks, tasks with the fields real masters
 * send (resources, two statuses with container network info, labels, discovery, container) and
 * some completed tasks, about 1.07 KB per task as in production states (issue #3's 100,000-task
 * state is about 107 MB). Deterministic per seed.
 */
public final class StateGenerator {

  private final int tasks;
  private final long seed;

  /**
   * @param tasks running tasks to write
   * @param seed states of the same size and different seeds differ in 1% of their tasks (new
   *     task IDs), like two refreshes of a busy cluster
   */
  public StateGenerator(int tasks, long seed) {
    this.tasks = tasks;
    this.seed = seed;
  }

  /**
   * The settings the benchmarks name generated states with: domain {@code mesos}, the IP
   * sources its tasks carry.
   */
  public static CoreSettings namingSettings() {
    return new CoreSettings("mesos", 60, false,
        List.of(IpSource.NETINFO, IpSource.MESOS, IpSource.HOST), 1,
        "ns1.mesos.", "root.ns1.mesos.", 60, 600, 86400, 60);
  }

  /** The state as bytes. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(tasks * 1100 + 4096);
    write(out);
    return out.toByteArray();
  }

  /** Writes the state to {@code out}; the leader and pid are {@code master@10.0.0.1:5050}. */
  public void write(OutputStream out) {
    int agents = Math.max(1, tasks / 20);
    int frameworks = Math.max(1, Math.min(20, tasks / 500));
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("version", "1.9.0");
      g.writeStringField("git_sha", "5e79a584e6ec3e9e2f96e8bf418411df9dafac2e");
      g.writeStringField("id", "b0a5a1c0-4b5f-4c8e-9d1f-2e0c1f7d1a01");
      g.writeStringField("pid", "master@10.0.0.1:5050");
      g.writeStringField("hostname", "10.0.0.1");
      g.writeNumberField("activated_slaves", agents);
      g.writeStringField("leader", "master@10.0.0.1:5050");
      g.writeObjectFieldStart("leader_info");
      g.writeStringField("id", "b0a5a1c0-4b5f-4c8e-9d1f-2e0c1f7d1a01");
      g.writeStringField("pid", "master@10.0.0.1:5050");
      g.writeNumberField("port", 5050);
      g.writeStringField("hostname", "10.0.0.1");
      g.writeEndObject();
      g.writeObjectFieldStart("flags");
      g.writeStringField("authenticate_http_readonly", "false");
      g.writeStringField("max_completed_tasks_per_framework", "1000");
      g.writeEndObject();

      g.writeArrayFieldStart("slaves");
      for (int a = 0; a < agents; a++) {
        String ip = agentIp(a);
        g.writeStartObject();
        g.writeStringField("id", agentId(a));
        g.writeStringField("pid", "slave(1)@" + ip + ":5051");
        g.writeStringField("hostname", ip);
        g.writeNumberField("registered_time", 1.5e9 + a);
        g.writeObjectFieldStart("resources");
        g.writeNumberField("cpus", 32);
        g.writeNumberField("mem", 256000);
        g.writeNumberField("disk", 900000);
        g.writeStringField("ports", "[1025-2180, 2182-3887, 3889-5049, 5052-8079, 8082-32000]");
        g.writeEndObject();
        g.writeObjectFieldStart("attributes");
        g.writeStringField("rack", "r" + (a % 16));
        g.writeEndObject();
        g.writeBooleanField("active", true);
        g.writeStringField("version", "1.9.0");
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayFieldStart("frameworks");
      int written = 0;
      for (int f = 0; f < frameworks; f++) {
        int share = f == frameworks - 1 ? tasks - written : tasks / frameworks;
        g.writeStartObject();
        String frameworkId = "b0a5a1c0-4b5f-4c8e-9d1f-2e0c1f7d1a01-000" + f;
        g.writeStringField("id", frameworkId);
        g.writeStringField("name", f == 0 ? "marathon" : "marathon-" + f);
        g.writeStringField("pid", "scheduler-" + f + "@10.0.0." + (2 + f) + ":15101");
        g.writeStringField("hostname", "10.0.0." + (2 + f));
        g.writeStringField("webui_url", "http://10.0.0." + (2 + f) + ":8080");
        g.writeBooleanField("active", true);
        g.writeStringField("role", "*");
        g.writeArrayFieldStart("tasks");
        for (int t = 0; t < share; t++) {
          task(g, frameworkId, written + t, agents, "TASK_RUNNING");
        }
        g.writeEndArray();
        g.writeArrayFieldStart("completed_tasks");
        for (int t = 0; t < Math.min(share / 50, 1000); t++) {
          task(g, frameworkId, tasks + written + t, agents, "TASK_KILLED");
        }
        g.writeEndArray();
        g.writeArrayFieldStart("executors");
        g.writeEndArray();
        g.writeEndObject();
        written += share;
      }
      g.writeEndArray();
      g.writeArrayFieldStart("completed_frameworks");
      g.writeEndArray();
      g.writeArrayFieldStart("orphan_tasks");
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void task(
      JsonGenerator g, String frameworkId, int n, int agents, String state)
      throws IOException {
    int agent = n % agents;
    String app = "app-" + (n / 5) + ".group-" + (n % 37);
    String id =
        app.replace('.', '_') + "." + new java.util.UUID(n, n % 100 == 0 ? seed : 0).toString();
    int port = 10000 + (int) ((n * 7919L) % 20000);
    String containerIp = "9." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("name", app);
    g.writeStringField("framework_id", frameworkId);
    g.writeStringField("slave_id", agentId(agent));
    g.writeStringField("state", state);
    g.writeObjectFieldStart("resources");
    g.writeNumberField("cpus", 0.5);
    g.writeNumberField("mem", 512.0);
    g.writeNumberField("disk", 0.0);
    g.writeStringField("ports", "[" + port + "-" + (port + 1) + "]");
    g.writeEndObject();
    g.writeArrayFieldStart("statuses");
    double started = 1.5e9 + n;
    status(g, "TASK_STARTING", started, null, agentIp(agent));
    status(g, state, started + 3.25, containerIp, agentIp(agent));
    g.writeEndArray();
    if (n % 4 == 0) {
      g.writeArrayFieldStart("labels");
      label(g, "HAPROXY_GROUP", "external");
      g.writeEndArray();
    }
    g.writeObjectFieldStart("discovery");
    g.writeStringField("visibility", "FRAMEWORK");
    g.writeStringField("name", app);
    g.writeObjectFieldStart("ports");
    g.writeArrayFieldStart("ports");
    discoveryPort(g, port, "http");
    discoveryPort(g, port + 1, "admin");
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("container");
    g.writeStringField("type", "DOCKER");
    g.writeObjectFieldStart("docker");
    g.writeStringField("image", "registry.example.com/" + app + ":1.0." + (n % 9));
    g.writeStringField("network", "USER");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void status(
      JsonGenerator g, String state, double timestamp, String ip, String agentIp)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("state", state);
    g.writeNumberField("timestamp", timestamp);
    g.writeStringField("source", "SOURCE_EXECUTOR");
    if (ip != null) {
      g.writeBooleanField("healthy", true);
      g.writeObjectFieldStart("container_status");
      g.writeObjectFieldStart("container_id");
      g.writeStringField("value", "c" + Double.hashCode(timestamp));
      g.writeEndObject();
      g.writeArrayFieldStart("network_infos");
      g.writeStartObject();
      g.writeArrayFieldStart("ip_addresses");
      g.writeStartObject();
      g.writeStringField("protocol", "IPv4");
      g.writeStringField("ip_address", ip);
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringField("name", "dcos");
      g.writeEndObject();
      g.writeEndArray();
      g.writeNumberField("executor_pid", 4242);
      g.writeEndObject();
      g.writeArrayFieldStart("labels");
      label(g, "Docker.NetworkSettings.IPAddress", agentIp);
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void label(JsonGenerator g, String key, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("key", key);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  private static void discoveryPort(JsonGenerator g, int number, String name) throws IOException {
    g.writeStartObject();
    g.writeNumberField("number", number);
    g.writeStringField("name", name);
    g.writeStringField("protocol", "tcp");
    g.writeEndObject();
  }

  private static String agentId(int a) {
    return "b0a5a1c0-4b5f-4c8e-9d1f-2e0c1f7d1a01-S" + a;
  }

  private static String agentIp(int a) {
    return "10." + (1 + (a >> 16)) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

}
