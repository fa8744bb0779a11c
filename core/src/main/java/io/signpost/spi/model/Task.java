package io.signpost.spi.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Mesos task. Two sources that report the same task (same {@link #id()}) are merged by the
 * core into one, so a task seen by both the Mesos master and Marathon gets one set of records.
 *
 * @param id the Mesos task ID (its hash appears in canonical names)
 * @param name the raw Mesos task name, e.g. {@code api.docker-mt42-1} for Marathon app
 *     {@code /docker-mt42-1/api}
 * @param framework the raw name of the framework that runs the task (see {@link Framework#name()})
 * @param state the Mesos task state, e.g. {@code TASK_RUNNING}; only running tasks get records
 * @param agentId the ID of the agent running the task (see {@link Agent#id()})
 * @param hostAddresses the IPs of the host running the task when the source knows them directly
 *     (used when the agent is not reported by any source); may be empty
 * @param containerIps the task's own IPs, each tagged with where it was read from; which
 *     {@link IpSource} wins is decided by the {@code ipSources} setting
 * @param resourcePorts the host ports the task was given (its {@code ports} resource)
 * @param discovery the task's DiscoveryInfo, or {@code null} when it has none
 * @param health the task's health as its health checks last said
 * @param labels the task's labels (informational)
 */
public record Task(
    String id,
    String name,
    String framework,
    String state,
    String agentId,
    List<InetAddress> hostAddresses,
    List<TaskIp> containerIps,
    List<Integer> resourcePorts,
    Discovery discovery,
    Health health,
    Map<String, String> labels) {

  /** The Mesos state of a running task. */
  public static final String RUNNING = "TASK_RUNNING";

  /**
   * Copies the collections; a null {@code state} or {@code agentId} becomes empty and a null
   * {@code health} becomes {@link Health#UNKNOWN}.
   *
   * @throws NullPointerException when {@code id}, {@code name}, {@code framework} or a collection
   *     is (or holds) null
   */
  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(framework, "framework");
    state = Objects.requireNonNullElse(state, "");
    agentId = Objects.requireNonNullElse(agentId, "");
    hostAddresses = List.copyOf(Objects.requireNonNull(hostAddresses, "hostAddresses"));
    containerIps = List.copyOf(Objects.requireNonNull(containerIps, "containerIps"));
    resourcePorts = List.copyOf(Objects.requireNonNull(resourcePorts, "resourcePorts"));
    health = Objects.requireNonNullElse(health, Health.UNKNOWN);
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
  }

  /** Whether the task is in state {@code TASK_RUNNING}. */
  public boolean running() {
    return RUNNING.equals(state);
  }

  // equals and hashCode written out: a refresh compares every task with its last instance, and
  // the generated record methods run through method handles, slow until the JIT has them all.
  // Same meaning: every component compared, the same instance equal at once.

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof Task t
        && id.equals(t.id)
        && name.equals(t.name)
        && framework.equals(t.framework)
        && state.equals(t.state)
        && agentId.equals(t.agentId)
        && health == t.health
        && hostAddresses.equals(t.hostAddresses)
        && containerIps.equals(t.containerIps)
        && resourcePorts.equals(t.resourcePorts)
        && Objects.equals(discovery, t.discovery)
        && labels.equals(t.labels);
  }

  @Override
  public int hashCode() {
    int h = id.hashCode();
    h = 31 * h + name.hashCode();
    h = 31 * h + framework.hashCode();
    h = 31 * h + state.hashCode();
    h = 31 * h + agentId.hashCode();
    h = 31 * h + hostAddresses.hashCode();
    h = 31 * h + containerIps.hashCode();
    h = 31 * h + resourcePorts.hashCode();
    h = 31 * h + Objects.hashCode(discovery);
    h = 31 * h + health.hashCode();
    return 31 * h + labels.hashCode();
  }
}
