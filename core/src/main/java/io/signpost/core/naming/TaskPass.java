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
 * @param hash the five-character hash of the task ID in the canonical label
 * @param tail the agent ID's tail in the canonical label
 * @param taskIps the addresses the task's own names answer with
 * @param slaveIps the addresses of the agent running the task
 * @param hasDiscovery whether the task's DiscoveryInfo names it (its ports then make the SRV
 *     records under the framework)
 */
record TaskPass(
    Task task,
    String fragment,
    String t,
    String hash,
    String tail,
    List<InetAddress> taskIps,
    List<InetAddress> slaveIps,
    boolean hasDiscovery) {

  /**
   * The canonical label {@code t-hash-tail}, built on each call: indexing a compact snapshot
   * needs only its hashes ({@link #canonicalHash}), so a build makes no string for it.
   */
  String canonical() {
    return RecordGenerator.canonicalLabel(t, hash, tail);
  }

  /**
   * Whether {@link #canonical()} is {@code t} followed by {@code -hash-tail}, as it is unless
   * {@code t}'s last label had to be shortened to fit, so that its dots are {@code t}'s.
   */
  boolean plainCanonical() {
    int last = t.length() - t.lastIndexOf('.') - 1;
    return last + 2 + hash.length() + tail.length() <= DnsNames.MAX_LABEL
        && tail.indexOf('.') < 0 && hash.indexOf('.') < 0;
  }

  /**
   * {@code HashChains.hash(framework, canonical(), from, canonical().length())}, without building
   * the label when it is {@linkplain #plainCanonical() plain}.
   */
  int canonicalHash(int framework, int from) {
    if (!plainCanonical()) {
      String canonical = canonical();
      return HashChains.hash(framework, canonical, from, canonical.length());
    }
    int h = HashChains.hash(framework, t, from, t.length());
    h = HashChains.extend(HashChains.extend(31 * h + '-', hash) * 31 + '-', tail);
    return h;
  }
}
