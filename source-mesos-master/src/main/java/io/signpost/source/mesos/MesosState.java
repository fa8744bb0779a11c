package io.signpost.source.mesos;

import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Task;
import java.util.List;

/**
 * What DNS needs from one {@code /master/state} document.
 *
 * @param leader the raw {@code leader} field ({@code master@ip:port}), or an empty string
 * @param pid the raw {@code pid} field of the master that answered, or an empty string
 * @param frameworks the frameworks, in document order
 * @param agents the agents
 * @param tasks the tasks of {@code frameworks[].tasks}
 * @param complete false when parsing stopped early because the master is not the leader
 */
record MesosState(
    String leader,
    String pid,
    List<Framework> frameworks,
    List<Agent> agents,
    List<Task> tasks,
    boolean complete) {}
