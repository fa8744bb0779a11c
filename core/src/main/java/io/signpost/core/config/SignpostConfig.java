package io.signpost.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.model.IpSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration file's top level. Keys and defaults follow Mesos-DNS's {@code config.json}
 * where it has the setting. Plugin sections stay raw here: each is bound to its plugin's own
 * config class once the plugin is known.
 */
public record SignpostConfig(
    String domain,
    Integer ttl,
    Boolean enforceRFC952,
    List<String> ipSources,
    Integer srvRecordDefaultWeight,
    @JsonProperty("SOAMname") String soaMname,
    @JsonProperty("SOARname") String soaRname,
    @JsonProperty("SOARefresh") Long soaRefresh,
    @JsonProperty("SOARetry") Long soaRetry,
    @JsonProperty("SOAExpire") Long soaExpire,
    @JsonProperty("SOAMinttl") Long soaMinttl,
    Integer initialSyncTimeoutSeconds,
    Map<String, JsonNode> sources,
    Map<String, JsonNode> servers) {

  private static final Pattern DOMAIN =
      Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");
  private static final long UINT32_MAX = 0xFFFF_FFFFL;

  public SignpostConfig {
    domain = Objects.requireNonNullElse(domain, "mesos").toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    if (!DOMAIN.matcher(domain).matches() || domain.length() > 253) {
      throw new IllegalArgumentException("not a valid domain name: '" + domain + "'");
    }
    ttl = Objects.requireNonNullElse(ttl, 60);
    requireRange("ttl", ttl, 0, Integer.MAX_VALUE);
    enforceRFC952 = Objects.requireNonNullElse(enforceRFC952, false);
    ipSources = List.copyOf(Objects.requireNonNullElse(ipSources, List.of("netinfo", "mesos", "host")));
    if (ipSources.isEmpty()) {
      throw new IllegalArgumentException("ipSources must list at least one of netinfo, mesos, docker, host");
    }
    Set<String> seen = new HashSet<>();
    for (String s : ipSources) {
      IpSource.fromConfigName(s);
      if (!seen.add(s)) {
        throw new IllegalArgumentException("ipSources lists '" + s + "' twice");
      }
    }
    srvRecordDefaultWeight = Objects.requireNonNullElse(srvRecordDefaultWeight, 1);
    requireRange("srvRecordDefaultWeight", srvRecordDefaultWeight, 0, 65535);
    soaMname = absolute(Objects.requireNonNullElse(soaMname, "ns1." + domain));
    soaRname = absolute(Objects.requireNonNullElse(soaRname, "root.ns1." + domain).replace('@', '.'));
    soaRefresh = Objects.requireNonNullElse(soaRefresh, 60L);
    soaRetry = Objects.requireNonNullElse(soaRetry, 600L);
    soaExpire = Objects.requireNonNullElse(soaExpire, 86400L);
    soaMinttl = Objects.requireNonNullElse(soaMinttl, 60L);
    requireRange("SOARefresh", soaRefresh, 0, UINT32_MAX);
    requireRange("SOARetry", soaRetry, 0, UINT32_MAX);
    requireRange("SOAExpire", soaExpire, 0, UINT32_MAX);
    requireRange("SOAMinttl", soaMinttl, 0, UINT32_MAX);
    initialSyncTimeoutSeconds = Objects.requireNonNullElse(initialSyncTimeoutSeconds, 30);
    requireRange("initialSyncTimeoutSeconds", initialSyncTimeoutSeconds, 0, 3600);
    sources = sections(sources);
    servers = sections(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("servers: configure at least one frontend (e.g. dns)");
    }
  }

  /** The settings plugins see. */
  public CoreSettings coreSettings() {
    List<IpSource> order = new ArrayList<>();
    ipSources.forEach(s -> order.add(IpSource.fromConfigName(s)));
    return new CoreSettings(domain, ttl, enforceRFC952, order, srvRecordDefaultWeight, soaMname,
        soaRname, soaRefresh, soaRetry, soaExpire, soaMinttl);
  }

  private static Map<String, JsonNode> sections(Map<String, JsonNode> raw) {
    // Keep the file's order: it is the order sources are merged and reported in.
    return raw == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(raw));
  }

  private static String absolute(String name) {
    String trimmed = name.strip();
    while (trimmed.endsWith(".")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.toLowerCase(Locale.ROOT) + ".";
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
