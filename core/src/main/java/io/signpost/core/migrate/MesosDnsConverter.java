package io.signpost.core.migrate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.signpost.core.config.ConfigException;
import io.signpost.core.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a Mesos-DNS {@code config.json} into a Signpost configuration tree that behaves the same
 * way. Keys match case-insensitively, as Go's JSON decoder matches them. Every Mesos-DNS
 * parameter is either mapped or named in a note: ignored, not supported, or mapped with a
 * difference the user should know about.
 */
public final class MesosDnsConverter {

  /** The Mesos-DNS keys, lower-cased, with their canonical spelling. */
  private static final Map<String, String> KEYS = canonicalKeys(
      "zk", "masters", "refreshSeconds", "stateTimeoutSeconds", "zkDetectionTimeout", "ttl",
      "srvRecordDefaultWeight", "domain", "port", "listener", "HTTPListener", "httpport", "dnson",
      "httpon", "externalon", "resolvers", "zoneResolvers", "timeout", "SOAMname", "SOARname",
      "SOASerial", "SOARefresh", "SOARetry", "SOAExpire", "SOAMinttl", "recurseon", "IPSources",
      "EnforceRFC952", "SetTruncateBit", "EnumerationOn", "MesosHTTPSOn", "CACertFile", "CertFile",
      "KeyFile", "MesosAuthentication", "MesosCredentials", "IAMConfigFile");

  private final Path resolvConf;
  private final Supplier<Set<InetAddress>> localAddresses;
  private final ObjectMapper json = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * The result.
   *
   * @param config the Signpost configuration tree, ready to be bound or written as YAML
   * @param notes one line per parameter that is ignored, not supported or behaves differently
   */
  public record Conversion(ObjectNode config, List<String> notes) {
    public Conversion {
      notes = List.copyOf(notes);
    }

    /** The configuration as YAML text, headed by a comment naming its origin. */
    public String yaml(String origin) {
      ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build());
      try {
        return "# Converted from the Mesos-DNS configuration " + origin
            + " by signpost convert-config.\n" + yaml.writeValueAsString(config);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a JSON tree always serialises", e);
      }
    }
  }

  /** A converter reading {@code /etc/resolv.conf} when Mesos-DNS would ({@code resolvers: []}). */
  public MesosDnsConverter() {
    this(Path.of("/etc/resolv.conf"), MesosDnsConverter::interfaceAddresses);
  }

  /**
   * A converter with its own resolv.conf and set of local addresses (for tests).
   *
   * @param resolvConf read for {@code resolvers: []}
   * @param localAddresses addresses of this host, left out of the resolv.conf name servers
   */
  public MesosDnsConverter(Path resolvConf, Supplier<Set<InetAddress>> localAddresses) {
    this.resolvConf = resolvConf;
    this.localAddresses = localAddresses;
  }

  /** Whether {@code file} looks like a Mesos-DNS config: a {@code .json} name or a JSON object. */
  public static boolean looksLikeMesosDns(Path file) {
    if (file.getFileName() != null
        && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    try {
      String text = Files.readString(file).stripLeading();
      // YAML configs never start with '{' in practice; a flow mapping at the top is still YAML
      // if it is not valid JSON, so only a document that parses as JSON with Mesos-DNS keys counts.
      if (!text.startsWith("{")) {
        return false;
      }
      JsonNode tree = new ObjectMapper().readTree(text);
      if (tree == null || !tree.isObject()) {
        return false;
      }
      for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
        String key = it.next().toLowerCase(Locale.ROOT);
        if (KEYS.containsKey(key) && !key.equals("domain") && !key.equals("ttl")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads and converts {@code file}. */
  public Conversion convert(Path file) throws ConfigException {
    return convert(file.toString(), ConfigLoader.readText(file));
  }

  /**
   * Converts the text of a Mesos-DNS config.
   *
   * @param origin names the text in messages
   */
  public Conversion convert(String origin, String text) throws ConfigException {
    JsonNode tree;
    try {
      tree = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + ": invalid JSON"
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr())
          + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(origin + ": a Mesos-DNS config must be one JSON object");
    }
    Map<String, JsonNode> in = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    // Keys lower-cased; a later spelling of the same key wins, as in Go.
    tree.properties().forEach(e -> {
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      in.remove(lower);
      in.put(lower, e.getValue());
      spelling.put(lower, e.getKey());
    });
    return new Run(origin, in, spelling).convert();
  }

  /** One conversion: the input, the output and the notes. */
  private final class Run {
    private final String origin;
    private final Map<String, JsonNode> in;
    private final Map<String, String> spelling;
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final ObjectNode out = JsonNodeFactory.instance.objectNode();
    private final ObjectNode master = JsonNodeFactory.instance.objectNode();
    private final ObjectNode dns = JsonNodeFactory.instance.objectNode();
    private final ObjectNode http = JsonNodeFactory.instance.objectNode();

    Run(String origin, Map<String, JsonNode> in, Map<String, String> spelling) {
      this.origin = origin;
      this.in = in;
      this.spelling = spelling;
    }

    /** The value of a key, or null when absent or JSON null (a scalar null keeps the default). */
    private JsonNode get(String key) {
      JsonNode v = in.get(key.toLowerCase(Locale.ROOT));
      return v == null || v.isNull() ? null : v;
    }

    private boolean present(String key) {
      return in.containsKey(key.toLowerCase(Locale.ROOT));
    }

    /** A key written with JSON null: Go clears a list or object field. */
    private boolean explicitNull(String key) {
      JsonNode v = in.get(key.toLowerCase(Locale.ROOT));
      return v != null && v.isNull();
    }

    private boolean flag(String key, boolean dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isBoolean()) {
        errors.add(origin + ": " + KEYS.get(key.toLowerCase(Locale.ROOT))
            + ": expected true or false, got " + v);
        return dflt;
      }
      return v.booleanValue();
    }

    private String text(String key) {
      JsonNode v = get(key);
      return v == null ? "" : v.isTextual() ? v.textValue() : v.toString();
    }

    /** Copies a key's value as it is; the Signpost config validates it when bound. */
    private void copy(String key, ObjectNode to, String as) {
      JsonNode v = get(key);
      if (v != null) {
        to.set(as, v.deepCopy());
      }
    }

    private void note(String line) {
      notes.add(line);
    }

    Conversion convert() throws ConfigException {
      boolean dnsOn = flag("dnson", true);
      boolean httpOn = flag("httpon", true);
      if (!dnsOn && !httpOn) {
        errors.add(origin + ": dnson and httpon are both false: nothing would serve"
            + " (Mesos-DNS refuses this config too)");
      }
      top();
      mesosMaster();
      if (dnsOn) {
        dnsServer();
      } else {
        note("dnson: false: no servers.dns section (no DNS server)");
        for (String k : List.of("port", "listener", "resolvers", "zoneResolvers", "timeout",
            "externalon", "recurseon", "SetTruncateBit")) {
          if (present(k)) {
            note(KEYS.get(k.toLowerCase(Locale.ROOT)) + ": ignored (dnson is false)");
          }
        }
      }
      if (httpOn) {
        httpServer();
      } else {
        note("httpon: false: no servers.http section (no HTTP API)");
        for (String k : List.of("HTTPListener", "httpport", "EnumerationOn")) {
          if (present(k)) {
            note(KEYS.get(k.toLowerCase(Locale.ROOT)) + ": ignored (httpon is false)");
          }
        }
      }
      for (String key : in.keySet()) {
        if (!KEYS.containsKey(key)) {
          note(original(key) + ": ignored (not a Mesos-DNS parameter; Mesos-DNS ignores it too)");
        }
      }
      if (!errors.isEmpty()) {
        throw new ConfigException(errors);
      }
      ObjectNode sources = out.putObject("sources");
      sources.set("mesos-master", master);
      ObjectNode servers = out.putObject("servers");
      if (dnsOn) {
        servers.set("dns", dns);
      }
      if (httpOn) {
        servers.set("http", http);
      }
      return new Conversion(out, notes);
    }

    private String original(String lowerKey) {
      return spelling.getOrDefault(lowerKey, lowerKey);
    }

    private void top() {
      copy("domain", out, "domain");
      copy("ttl", out, "ttl");
      copy("EnforceRFC952", out, "enforceRFC952");
      if (explicitNull("IPSources")) {
        out.putArray("ipSources"); // Go clears the list; Signpost then rejects it, as Mesos-DNS does
      } else {
        copy("IPSources", out, "ipSources");
      }
      copy("srvRecordDefaultWeight", out, "srvRecordDefaultWeight");
      copy("SOAMname", out, "SOAMname");
      copy("SOARname", out, "SOARname");
      copy("SOARefresh", out, "SOARefresh");
      copy("SOARetry", out, "SOARetry");
      copy("SOAExpire", out, "SOAExpire");
      if (present("SOASerial")) {
        note("SOASerial: ignored (Signpost sets the serial itself, increasing it when the records"
            + " change)");
      }
      // Mesos-DNS writes ttl as the SOA MINIMUM whatever SOAMinttl says; Signpost honours
      // SOAMinttl, so the converted file sets it to ttl to keep the negative-caching time.
      JsonNode ttl = get("ttl");
      long ttlValue = ttl != null && ttl.canConvertToLong() ? ttl.longValue() : 60;
      JsonNode minttl = get("SOAMinttl");
      if (minttl != null && !(minttl.canConvertToLong() && minttl.longValue() == ttlValue)) {
        note("SOAMinttl: Mesos-DNS ignores it and answers with ttl (" + ttlValue + ") as the SOA"
            + " minimum; converted to SOAMinttl: " + ttlValue + " to keep that");
        out.put("SOAMinttl", ttlValue);
      } else if (minttl == null && ttlValue != 60) {
        note("SOAMinttl: set to ttl (" + ttlValue + ") because Mesos-DNS uses ttl as the SOA"
            + " minimum (Signpost's default is 60)");
        out.put("SOAMinttl", ttlValue);
      } else if (minttl != null) {
        out.set("SOAMinttl", minttl.deepCopy());
      }
    }

    private void mesosMaster() {
      if (explicitNull("masters")) {
        master.putArray("masters");
      } else {
        copy("masters", master, "masters");
      }
      String zk = text("zk");
      if (!zk.isEmpty()) {
        master.put("zk", zk);
      }
      JsonNode masters = get("masters");
      if (zk.isEmpty() && (masters == null || (masters.isArray() && masters.isEmpty()))) {
        errors.add(origin + ": set masters or zk: Mesos-DNS needs one of them to find the"
            + " leading master");
      }
      copy("refreshSeconds", master, "refreshSeconds");
      copy("stateTimeoutSeconds", master, "stateTimeoutSeconds");
      copy("zkDetectionTimeout", master, "zkDetectionTimeout");
      if (get("zkDetectionTimeout") != null || !zk.isEmpty()) {
        note("zkDetectionTimeout: when ZooKeeper names no leader in time, Signpost falls back to"
            + " masters and keeps serving; Mesos-DNS exits");
      }
      boolean https = flag("MesosHTTPSOn", false);
      String caCert = text("CACertFile");
      if (https) {
        master.put("https", true);
        if (caCert.isEmpty()) {
          note("MesosHTTPSOn without CACertFile: Mesos-DNS does not verify the master's"
              + " certificate; Signpost verifies it against the JVM's trust store (set"
              + " caCertFile to trust your CA)");
        } else {
          master.put("caCertFile", caCert);
        }
      } else if (!caCert.isEmpty()) {
        note("CACertFile: ignored (MesosHTTPSOn is false, so Mesos-DNS never uses it)");
      }
      boolean certFile = !text("CertFile").isEmpty();
      boolean keyFile = !text("KeyFile").isEmpty();
      if (certFile && !keyFile) {
        errors.add(origin + ": CertFile is set without KeyFile (Mesos-DNS: \"Missing private"
            + " key\")");
      } else if (keyFile && !certFile) {
        errors.add(origin + ": KeyFile is set without CertFile (Mesos-DNS: \"Missing"
            + " certificate\")");
      } else if (certFile) {
        note("CertFile, KeyFile: not supported (Signpost presents no client certificate to the"
            + " master; use mesosCredentials or bearerTokenFile)");
      }
      authentication();
      note("healthyOnly: false (Mesos-DNS ignores health checks; set true to leave failing"
          + " instances out of the answers)");
      master.put("healthyOnly", false);
    }

    private void authentication() {
      String mechanism = text("MesosAuthentication");
      JsonNode credentials = get("MesosCredentials");
      boolean hasCredentials = credentials != null && credentials.isObject()
          && (!credentialText(credentials, "principal").isEmpty()
              || !credentialText(credentials, "secret").isEmpty());
      switch (mechanism) {
        case "" -> {
          if (hasCredentials) {
            note("MesosCredentials: ignored (MesosAuthentication is not \"basic\", so Mesos-DNS"
                + " does not send them either)");
          }
        }
        case "basic" -> {
          if (!hasCredentials) {
            errors.add(origin + ": MesosAuthentication is \"basic\" but MesosCredentials has no"
                + " principal or secret (Mesos-DNS: invalid HTTP Basic configuration)");
          } else {
            ObjectNode c = master.putObject("mesosCredentials");
            c.put("principal", credentialText(credentials, "principal"));
            c.put("secret", credentialText(credentials, "secret"));
          }
        }
        case "iam" -> note("MesosAuthentication: \"iam\" not supported (Signpost cannot log in"
            + " with a service account; write a token to a file and set bearerTokenFile)");
        default -> errors.add(origin + ": MesosAuthentication: '" + mechanism + "' is not one of"
            + " \"\", \"basic\", \"iam\"");
      }
      if (!text("IAMConfigFile").isEmpty()) {
        note("IAMConfigFile: not supported (see MesosAuthentication; use bearerTokenFile)");
      }
    }

    private String credentialText(JsonNode credentials, String field) {
      for (Map.Entry<String, JsonNode> e : credentials.properties()) {
        if (e.getKey().equalsIgnoreCase(field) && e.getValue().isTextual()) {
          return e.getValue().textValue();
        }
      }
      return "";
    }

    private void dnsServer() {
      copy("listener", dns, "listener");
      copy("port", dns, "port");
      copy("recurseon", dns, "recurseOn");
      copy("SetTruncateBit", dns, "setTruncateBit");
      boolean external = flag("externalon", true);
      if (!external) {
        dns.put("externalOn", false);
        for (String k : List.of("resolvers", "zoneResolvers", "timeout")) {
          if (get(k) != null) {
            note(KEYS.get(k.toLowerCase(Locale.ROOT)) + ": ignored (externalon is false, so"
                + " nothing is forwarded)");
          }
        }
        return;
      }
      copy("timeout", dns, "timeout");
      JsonNode resolvers = get("resolvers");
      if (resolvers == null && !explicitNull("resolvers")) {
        // Not set: both default to 8.8.8.8, so nothing to write.
      } else if (resolvers == null || (resolvers.isArray() && resolvers.isEmpty())) {
        resolvConfResolvers();
      } else {
        dns.set("resolvers", resolvers.deepCopy());
      }
      copy("zoneResolvers", dns, "zoneResolvers");
      note("externalon: Mesos-DNS forwards for any client; Signpost forwards only for loopback"
          + " and private networks (widen servers.dns.allowRecursionFrom if needed)");
    }

    /** Mesos-DNS fills an empty resolvers list from resolv.conf, minus this host's addresses. */
    private void resolvConfResolvers() {
      List<String> lines;
      try {
        lines = Files.readAllLines(resolvConf);
      } catch (IOException e) {
        errors.add(origin + ": resolvers is empty, so Mesos-DNS would read " + resolvConf
            + ", which cannot be read: " + e.getMessage());
        return;
      }
      Set<InetAddress> local = localAddresses.get();
      ArrayNode list = dns.putArray("resolvers");
      List<String> found = new ArrayList<>();
      for (String line : lines) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 2 && words[0].equals("nameserver")) {
          String address = words[1];
          if (isLocal(address, local)) {
            continue;
          }
          String entry = address.indexOf(':') >= 0 ? "[" + address + "]:53" : address;
          if (!found.contains(entry)) {
            found.add(entry);
            list.add(entry);
          }
        }
      }
      note("resolvers: [] means the name servers of " + resolvConf + " in Mesos-DNS; converted to"
          + " the ones it lists now: " + (found.isEmpty() ? "none" : String.join(", ", found))
          + " (convert again if it changes)");
    }

    private void httpServer() {
      copy("HTTPListener", http, "listener");
      copy("httpport", http, "port");
      copy("EnumerationOn", http, "enumerationOn");
    }
  }

  private static boolean isLocal(String address, Set<InetAddress> local) {
    String literal = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
    if (!literal.matches("[0-9a-fA-F.:]+")) {
      return false; // not an IP literal: never resolve names here
    }
    try {
      return local.contains(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Set<InetAddress> interfaceAddresses() {
    Set<InetAddress> all = new HashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          all.add(stripScope(a));
        }
      }
    } catch (SocketException e) {
      // No interface list: keep every name server.
    }
    return all;
  }

  private static InetAddress stripScope(InetAddress a) {
    try {
      return InetAddress.getByAddress(a.getAddress());
    } catch (UnknownHostException e) {
      return a;
    }
  }

  private static Map<String, String> canonicalKeys(String... keys) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String k : keys) {
      map.put(k.toLowerCase(Locale.ROOT), k);
    }
    return Collections.unmodifiableMap(map);
  }
}
