package io.signpost.dns;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Address;

/**
 * The {@code servers.dns} section of the configuration file. Every key is optional; an absent
 * (or {@code null}) key takes the default named below, which is Mesos-DNS's where Mesos-DNS has
 * the setting.
 *
 * @param listener the IP address to bind (default {@code 0.0.0.0}: every interface, IPv4 and
 *     IPv6); it also decides the server's own A/AAAA records
 * @param port the UDP and TCP port (default 53; 0 picks a free port)
 * @param ttl the TTL of authoritative records; {@code null} uses the top-level {@code ttl}
 * @param recurseOn the RA flag of authoritative replies (default true)
 * @param externalOn whether names outside the domain are forwarded (default true)
 * @param resolvers default upstreams, {@code "ip"} or {@code "ip:port"} (IPv6: {@code
 *     "[::1]:53"}), tried in order; default {@code 8.8.8.8} as in Mesos-DNS; an explicit empty
 *     list means none, so outside names get REFUSED (Mesos-DNS reads /etc/resolv.conf then)
 * @param zoneResolvers upstreams per zone, e.g. {@code weave: ["172.17.0.1"]}; each zone needs
 *     at least one
 * @param timeout seconds for one upstream exchange (default 5; 0 means 5)
 * @param setTruncateBit whether truncated UDP replies carry TC (default true)
 * @param allowRecursionFrom CIDRs of clients whose outside names are forwarded (default
 *     loopback, RFC 1918 and fc00::/7); others get REFUSED
 * @param reverseZones reverse zones answered with PTR records from the snapshot, e.g. {@code
 *     10.in-addr.arpa} (default none)
 * @param allowTransferFrom CIDRs allowed to AXFR the domain over TCP (default loopback)
 * @param notifyTargets key {@code notify}: secondaries sent a NOTIFY when the records change, {@code "ip"} or {@code
 *     "ip:port"} (default none)
 */
public record DnsConfig(
    String listener,
    Integer port,
    Integer ttl,
    Boolean recurseOn,
    Boolean externalOn,
    List<String> resolvers,
    Map<String, List<String>> zoneResolvers,
    Integer timeout,
    Boolean setTruncateBit,
    List<String> allowRecursionFrom,
    List<String> reverseZones,
    List<String> allowTransferFrom,
    @JsonProperty("notify") List<String> notifyTargets) {

  static final List<String> DEFAULT_RECURSION_FROM =
      List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
          "fc00::/7");
  static final List<String> DEFAULT_TRANSFER_FROM = List.of("127.0.0.0/8", "::1/128");
  /** Mesos-DNS's default upstream. */
  static final List<String> DEFAULT_RESOLVERS = List.of("8.8.8.8");

  public DnsConfig {
    listener = listener == null ? "0.0.0.0" : listener.trim();
    if (Address.toByteArray(listener, Address.IPv4) == null
        && Address.toByteArray(listener, Address.IPv6) == null) {
      throw new IllegalArgumentException(
          "servers.dns.listener: '" + listener + "' is not an IP address");
    }
    port = port == null ? 53 : port;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("servers.dns.port: " + port + " is not in 0..65535");
    }
    if (ttl != null && ttl < 0) {
      throw new IllegalArgumentException("servers.dns.ttl: " + ttl + " is negative");
    }
    recurseOn = recurseOn == null || recurseOn;
    externalOn = externalOn == null || externalOn;
    resolvers = resolvers == null ? DEFAULT_RESOLVERS : List.copyOf(resolvers);
    checkUpstreams("servers.dns.resolvers", resolvers);
    Map<String, List<String>> zones = new LinkedHashMap<>();
    if (zoneResolvers != null) {
      for (Map.Entry<String, List<String>> e : zoneResolvers.entrySet()) {
        String key = "servers.dns.zoneResolvers." + e.getKey();
        String zone = normaliseZone("servers.dns.zoneResolvers", e.getKey());
        List<String> list = e.getValue() == null ? List.of() : List.copyOf(e.getValue());
        if (list.isEmpty()) {
          throw new IllegalArgumentException(key + ": a zone needs at least one upstream");
        }
        checkUpstreams(key, list);
        if (zones.put(zone, list) != null) {
          throw new IllegalArgumentException(
              "servers.dns.zoneResolvers: zone '" + zone + "' is listed twice");
        }
      }
    }
    zoneResolvers = Map.copyOf(zones);
    timeout = timeout == null || timeout == 0 ? 5 : timeout;
    if (timeout < 0) {
      throw new IllegalArgumentException("servers.dns.timeout: " + timeout + " is negative");
    }
    setTruncateBit = setTruncateBit == null || setTruncateBit;
    allowRecursionFrom =
        allowRecursionFrom == null ? DEFAULT_RECURSION_FROM : List.copyOf(allowRecursionFrom);
    for (String c : allowRecursionFrom) {
      Cidr.parse("servers.dns.allowRecursionFrom", c);
    }
    List<String> rz = new ArrayList<>();
    for (String z : reverseZones == null ? List.<String>of() : reverseZones) {
      String zone = normaliseZone("servers.dns.reverseZones", z);
      if (!zone.endsWith("in-addr.arpa.") && !zone.endsWith("ip6.arpa.")) {
        throw new IllegalArgumentException("servers.dns.reverseZones: '" + z
            + "' is not under in-addr.arpa or ip6.arpa");
      }
      rz.add(zone);
    }
    reverseZones = List.copyOf(rz);
    allowTransferFrom =
        allowTransferFrom == null ? DEFAULT_TRANSFER_FROM : List.copyOf(allowTransferFrom);
    for (String c : allowTransferFrom) {
      Cidr.parse("servers.dns.allowTransferFrom", c);
    }
    notifyTargets = notifyTargets == null ? List.of() : List.copyOf(notifyTargets);
    checkUpstreams("servers.dns.notify", notifyTargets);
  }

  /** A config with every key at its default. */
  public static DnsConfig defaults() {
    return new DnsConfig(null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /**
   * Every entry parses, and no upstream is listed twice ({@code 10.0.0.2} is {@code
   * 10.0.0.2:53}).
   */
  private static void checkUpstreams(String key, List<String> upstreams) {
    Map<InetSocketAddress, String> seen = new LinkedHashMap<>();
    for (String u : upstreams) {
      String before = seen.put(parseHostPort(key, u), u);
      if (before != null) {
        throw new IllegalArgumentException(
            key + ": '" + u + "' is the same upstream as '" + before + "'");
      }
    }
  }

  /**
   * Parses {@code "ip"}, {@code "ip:port"}, {@code "[ipv6]:port"} or a bare IPv6 address (port
   * 53) without any name lookup.
   */
  static InetSocketAddress parseHostPort(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + ": empty address");
    }
    String v = value.trim();
    String host = v;
    int port = 53;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException(key + ": '" + value + "' has no closing ']'");
      }
      host = v.substring(1, close);
      String rest = v.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException(key + ": '" + value + "' is not [ip]:port");
        }
        port = parsePort(key, value, rest.substring(1));
      }
    } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
      host = v.substring(0, v.indexOf(':'));
      port = parsePort(key, value, v.substring(v.indexOf(':') + 1));
    }
    byte[] bytes = Address.toByteArray(host, Address.IPv4);
    if (bytes == null) {
      bytes = Address.toByteArray(host, Address.IPv6);
    }
    if (bytes == null) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not an IP address");
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not an IP address", e);
    }
  }

  private static int parsePort(String key, String value, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' has an invalid port");
    }
  }

  /** A zone as an absolute lower-case name: {@code weave} becomes {@code weave.}. */
  static String normaliseZone(String key, String zone) {
    if (zone == null || zone.isBlank() || zone.trim().equals(".")) {
      throw new IllegalArgumentException(key + ": empty zone name");
    }
    String z = zone.trim().toLowerCase(Locale.ROOT);
    while (z.startsWith(".")) {
      z = z.substring(1);
    }
    while (z.endsWith(".")) {
      z = z.substring(0, z.length() - 1);
    }
    try {
      org.xbill.DNS.Name.fromString(z + ".");
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException(key + ": '" + zone + "' is not a domain name");
    }
    return z + ".";
  }
}
