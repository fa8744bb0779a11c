package io.signpost.http;

/**
 * Which endpoint a request path names. Path parameters are single segments, as in Mesos-DNS
 * ({@code /v1/hosts/a/b} is not a host lookup).
 *
 * @param kind the endpoint
 * @param endpoint the route template, for metrics and messages (never the raw path, whose
 *     variety would explode the metric's cardinality)
 * @param parameter the {@code {host}} or {@code {service}} segment, as sent
 * @param reason why nothing matched, for {@link Kind#NOT_FOUND}
 */
record Route(Kind kind, String endpoint, String parameter, String reason) {

  enum Kind {
    VERSION, CONFIG, HOSTS, HOST_PORTS, SERVICES, ENUMERATE, AXFR, HEALTH, READY, METRICS,
    NOT_FOUND
  }

  static Route match(String path, boolean enumerationOn) {
    if (path == null) {
      return notFound("no path");
    }
    switch (path) {
      case "/v1/version":
        return fixed(Kind.VERSION, path);
      case "/v1/config":
        return fixed(Kind.CONFIG, path);
      case "/v1/enumerate":
        return enumerationOn ? fixed(Kind.ENUMERATE, path)
            : notFound("/v1/enumerate is disabled (servers.http.enumerationOn: false)");
      case "/v1/axfr":
        return enumerationOn ? fixed(Kind.AXFR, path)
            : notFound("/v1/axfr is disabled (servers.http.enumerationOn: false)");
      case "/health":
        return fixed(Kind.HEALTH, path);
      case "/ready":
        return fixed(Kind.READY, path);
      case "/metrics":
        return fixed(Kind.METRICS, path);
      default:
        break;
    }
    String[] segments = path.split("/", -1); // "", "v1", "hosts", "{host}"[, "ports"]
    if (segments.length >= 4 && segments[0].isEmpty() && segments[1].equals("v1")
        && !segments[3].isEmpty()) {
      if (segments[2].equals("hosts") && segments.length == 4) {
        return new Route(Kind.HOSTS, "/v1/hosts/{host}", segments[3], null);
      }
      if (segments[2].equals("hosts") && segments.length == 5 && segments[4].equals("ports")) {
        return new Route(Kind.HOST_PORTS, "/v1/hosts/{host}/ports", segments[3], null);
      }
      if (segments[2].equals("services") && segments.length == 4) {
        return new Route(Kind.SERVICES, "/v1/services/{service}", segments[3], null);
      }
    }
    return notFound("no such endpoint: " + path);
  }

  private static Route fixed(Kind kind, String path) {
    return new Route(kind, path, null, null);
  }

  private static Route notFound(String reason) {
    return new Route(Kind.NOT_FOUND, "unmatched", null, reason);
  }
}
