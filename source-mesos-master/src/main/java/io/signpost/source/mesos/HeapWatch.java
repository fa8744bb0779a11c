package io.signpost.source.mesos;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the collections after which the heap was still nearly full ({@link #FULL} of the old
 * generation, or of the whole heap for one-pool collectors such as ZGC), through the JVM's
 * collection-usage thresholds. A parse that sees the count rise stops with a clear error: a state
 * too big for the heap would otherwise run the server out of memory (and, with
 * {@code -XX:+ExitOnOutOfMemoryError}, stop DNS too) while the last good state could still be
 * served.
 */
final class HeapWatch {

  /** The share of a pool still in use after a collection that counts as full. */
  static final double FULL = 0.9;

  private final List<MemoryPoolMXBean> pools = new ArrayList<>();

  HeapWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      String name = pool.getName();
      long max = pool.getUsage().getMax();
      // Young pools are nearly empty (eden) or often full (survivors) after a collection: they
      // say nothing about the live data.
      if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
          && max > 0 && !name.contains("Eden") && !name.contains("Survivor")) {
        pool.setCollectionUsageThreshold((long) (max * FULL));
        pools.add(pool);
      }
    }
  }

  /** How many times so far a collection left a watched pool over its threshold. */
  long count() {
    long count = 0;
    for (MemoryPoolMXBean pool : pools) {
      count += pool.getCollectionUsageThresholdCount();
    }
    return count;
  }
}
