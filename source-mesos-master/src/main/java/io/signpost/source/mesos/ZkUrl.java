package io.signpost.source.mesos;

/**
 * A parsed {@code zk://host1:port1,host2:port2/path} URL. Credentials before an {@code @} are
 * ignored, as Mesos-DNS does.
 *
 * @param connectString the Curator connect string {@code host1:port1,host2:port2}
 * @param path the znode path of the Mesos group, e.g. {@code /mesos}
 */
record ZkUrl(String connectString, String path) {

  static ZkUrl parse(String url) {
    String prefix = "zk://";
    if (!url.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "mesos-master: zk: '" + url + "' must start with zk:// (zk://host:2181/mesos)");
    }
    String rest = url.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "mesos-master: zk: '" + url + "' has no znode path (zk://host:2181/mesos)");
    }
    String hosts = rest.substring(0, slash);
    int at = hosts.lastIndexOf('@');
    if (at >= 0) {
      hosts = hosts.substring(at + 1);
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("mesos-master: zk: '" + url + "' has no hosts");
    }
    for (String host : hosts.split(",", -1)) {
      try {
        HostPort.parse(host);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("mesos-master: zk: " + e.getMessage(), e);
      }
    }
    String path = rest.substring(slash);
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ZkUrl(hosts, path);
  }
}
