package io.signpost.spi;

import io.signpost.spi.model.IpSource;
import java.util.List;
import java.util.Objects;

/**
 * The top-level settings of the configuration file that plugins may need, with Mesos-DNS's
 * meaning and defaults. Injectable in every plugin module.
 *
 * @param domain the authoritative domain, lower-case, without trailing dot (default {@code mesos})
 * @param ttl the TTL of every published record, in seconds (default 60)
 * @param enforceRFC952 whether labels follow RFC 952 (24 characters, no leading digit) instead of
 *     RFC 1123 (63 characters)
 * @param ipSources the order in which task IP sources are tried
 * @param srvRecordDefaultWeight the weight of every SRV record (default 1)
 * @param soaMname the SOA MNAME and NS target, absolute with trailing dot (default {@code
 *     ns1.<domain>.})
 * @param soaRname the SOA RNAME, absolute with trailing dot (default {@code root.ns1.<domain>.})
 * @param soaRefresh the SOA REFRESH (default 60)
 * @param soaRetry the SOA RETRY (default 600)
 * @param soaExpire the SOA EXPIRE (default 86400)
 * @param soaMinttl the SOA MINIMUM, the negative-caching TTL (default 60)
 */
public record CoreSettings(
    String domain,
    int ttl,
    boolean enforceRFC952,
    List<IpSource> ipSources,
    int srvRecordDefaultWeight,
    String soaMname,
    String soaRname,
    long soaRefresh,
    long soaRetry,
    long soaExpire,
    long soaMinttl) {

  /**
   * Checks that {@code domain} is set and copies {@code ipSources}; the core fills in the
   * defaults before plugins see an instance.
   */
  public CoreSettings {
    Objects.requireNonNull(domain, "domain");
    ipSources = List.copyOf(ipSources);
  }

  /** The domain as an absolute name with a trailing dot, e.g. {@code mesos.}. */
  public String domainFqdn() {
    return domain + ".";
  }
}
