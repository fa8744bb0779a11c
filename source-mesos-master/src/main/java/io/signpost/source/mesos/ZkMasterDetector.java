package io.signpost.source.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Mesos masters in ZooKeeper: each master holds an ephemeral sequential node {@code
 * json.info_<seq>} under the group path with its MasterInfo as JSON; the lowest sequence number
 * leads. Other children ({@code log_replicas}, legacy protobuf {@code info_*}) are ignored. The
 * group is watched with a Curator cache, so a leader change is seen at the next refresh.
 *
 * <p>Until ZooKeeper names a leader, {@link #candidates()} waits up to {@code
 * zkDetectionTimeout} (counted from start, or from when the leader went away); after that it
 * falls back to the configured masters, or fails if there are none. Mesos-DNS exits instead.
 */
final class ZkMasterDetector implements MasterDetector {

  private static final Logger LOG = LoggerFactory.getLogger(ZkMasterDetector.class);
  private static final String PREFIX = "json.info_";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What ZooKeeper says: the leader (or null) and every member, leader first. */
  private record View(HostPort leader, List<HostPort> members) {}

  private final ZkUrl url;
  private final List<HostPort> fallback;
  private final Duration detectionTimeout;
  private final Object lock = new Object();
  private CuratorFramework client;
  private CuratorCache cache;
  private View view = new View(null, List.of());
  private long noLeaderSince;
  private boolean closed;
  private boolean initialized;

  ZkMasterDetector(ZkUrl url, List<HostPort> fallback, Duration detectionTimeout) {
    this.url = Objects.requireNonNull(url);
    this.fallback = List.copyOf(fallback);
    this.detectionTimeout = detectionTimeout;
  }

  private void startIfNeeded() {
    synchronized (lock) {
      if (client != null || closed) {
        return;
      }
      noLeaderSince = System.nanoTime();
      client =
          CuratorFrameworkFactory.builder()
              .connectString(url.connectString())
              .sessionTimeoutMs(60_000)
              .connectionTimeoutMs(15_000)
              .retryPolicy(new ExponentialBackoffRetry(1000, 29, 30_000))
              .build();
      client.start();
      cache = CuratorCache.build(client, url.path());
      cache
          .listenable()
          .addListener(
              CuratorCacheListener.builder()
                  .forAll((type, before, after) -> update(false))
                  .forInitialized(() -> update(true))
                  .build());
      cache.start();
    }
  }

  @Override
  public List<HostPort> candidates() throws IOException {
    startIfNeeded();
    View current;
    synchronized (lock) {
      long waitUntil = noLeaderSince + detectionTimeout.toNanos();
      while (view.leader() == null && !closed && !detectionTimeout.isZero()) {
        long left = waitUntil - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for ZooKeeper", e);
        }
      }
      current = view;
    }
    if (current.leader() != null) {
      return current.members();
    }
    if (!fallback.isEmpty()) {
      return fallback;
    }
    throw new IOException(
        "ZooKeeper "
            + url.connectString()
            + url.path()
            + ": no leading Mesos master "
            + (detectionTimeout.isZero()
                ? "yet"
                : "within zkDetectionTimeout (" + detectionTimeout.toSeconds() + " s)"));
  }

  @Override
  public boolean knowsLeader() {
    synchronized (lock) {
      return view.leader() != null;
    }
  }

  @Override
  public List<HostPort> members() {
    synchronized (lock) {
      return view.members().isEmpty() ? fallback : view.members();
    }
  }

  /**
   * Recomputes the view from the cache after any change. Events of the initial load are
   * ignored: a partly loaded group could name a later master as the leader.
   */
  private void update(boolean initialLoadDone) {
    CuratorCache source;
    synchronized (lock) {
      if (initialLoadDone) {
        initialized = true;
      }
      source = initialized ? cache : null;
    }
    if (source == null) {
      return;
    }
    List<ChildData> nodes = new ArrayList<>();
    String parent = url.path();
    source.stream()
        .filter(d -> isDirectChild(parent, d.getPath()))
        .filter(d -> name(d.getPath()).startsWith(PREFIX))
        .forEach(nodes::add);
    nodes.sort(Comparator.comparingLong(d -> sequence(name(d.getPath()))));
    Map<String, HostPort> members = new LinkedHashMap<>();
    for (ChildData node : nodes) {
      MasterEntry entry = masterInfo(node);
      if (entry != null) {
        members.putIfAbsent(entry.id(), entry.address());
      }
    }
    List<HostPort> list = List.copyOf(new LinkedHashMap<>(members).values());
    View next = new View(list.isEmpty() ? null : list.get(0), list);
    synchronized (lock) {
      if (!Objects.equals(next.leader(), view.leader())) {
        if (next.leader() == null) {
          noLeaderSince = System.nanoTime();
          LOG.warn("ZooKeeper {}{}: no leading Mesos master", url.connectString(), url.path());
        } else {
          LOG.info("ZooKeeper names {} as the leading Mesos master", next.leader());
        }
      }
      view = next;
      lock.notifyAll();
    }
  }

  private record MasterEntry(String id, HostPort address) {}

  private MasterEntry masterInfo(ChildData node) {
    byte[] data = node.getData();
    if (data == null || data.length == 0) {
      return null;
    }
    try {
      JsonNode info = JSON.readTree(data);
      JsonNode address = info.path("address");
      String ip = address.path("ip").asText("");
      if (ip.isEmpty()) {
        ip = address.path("hostname").asText("");
      }
      int port = address.path("port").asInt(0);
      if (ip.isEmpty() || port <= 0 || port > 65535) {
        // Mesos before 0.24 has no address: fall back to its PID, not the packed integer.
        HostPort pid = MesosMasterSource.pidAddress(info.path("pid").asText(""));
        if (pid == null) {
          LOG.debug("ignoring znode {}: MasterInfo without address", node.getPath());
          return null;
        }
        return new MasterEntry(info.path("id").asText(node.getPath()), pid);
      }
      return new MasterEntry(info.path("id").asText(node.getPath()), new HostPort(ip, port));
    } catch (IOException e) {
      LOG.debug("ignoring znode {}: not MasterInfo JSON: {}", node.getPath(), e.getMessage());
      return null;
    }
  }

  private static boolean isDirectChild(String parent, String path) {
    return path.length() > parent.length() + 1
        && path.startsWith(parent)
        && path.charAt(parent.length()) == '/'
        && path.indexOf('/', parent.length() + 1) < 0;
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static long sequence(String name) {
    try {
      return Long.parseLong(name.substring(PREFIX.length()));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void close() {
    CuratorCache c;
    CuratorFramework f;
    synchronized (lock) {
      closed = true;
      c = cache;
      f = client;
      lock.notifyAll();
    }
    if (c != null) {
      c.close();
    }
    if (f != null) {
      f.close();
    }
  }
}
