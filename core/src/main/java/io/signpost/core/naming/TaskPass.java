package io.signpost.core.naming;

import io.signpost.spi.model.Task;
import java.net.InetAddress;
import java.util.List;

/**
 * One pass of Mesos-DNS's task naming (§5.8.3) over one task under one label: everything the
 * task's names and values are made of. A task gets one pass, or two when its DiscoveryInfo name
 * also yields Mesos-DNS's legacy dotted label. Built on demand by compact snapshots, never kept.
 *
 * @param task the task
 * @param fragment the framework's domain fragment, e.g. {@code marathon}
 * @param t the task label, e.g. {@code api-docker-mt42-1} (dotted in a legacy pass)
 * @param canonical the canonical label {@code t-hash-tail}
 * @param taskIps the addresses the task's own names answer with
 * @param slaveIps the addresses of the agent running the task
 * @param hasDiscovery whether the task's DiscoveryInfo names it (its ports then make the SRV
 *     records under the framework)
 */
record TaskPass(
    Task task,
    String fragment,
    String t,
    String canonical,
    List<InetAddress> taskIps,
    List<InetAddress> slaveIps,
    boolean hasDiscovery) {}
