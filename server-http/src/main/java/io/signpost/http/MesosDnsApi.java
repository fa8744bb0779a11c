package io.signpost.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.EnumeratedFramework.EnumeratedRecord;
import io.signpost.spi.EnumeratedFramework.EnumeratedTask;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON documents of Mesos-DNS's {@code /v1} data endpoints, built from one snapshot. The
 * shapes, including the odd ones (a miss is a one-element array of empty strings, ports are
 * strings), are kept exactly because scripts rely on them.
 */
final class MesosDnsApi {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final CoreSettings settings;
  private final long refreshSeconds;

  /**
   * @param refreshSeconds the value of {@code RefreshSeconds} in {@code /v1/axfr}
   */
  MesosDnsApi(CoreSettings settings, long refreshSeconds) {
    this.settings = settings;
    this.refreshSeconds = refreshSeconds;
  }

  /**
   * The lookup key of a name given in a URL, as Mesos-DNS computes it: every {@code .*} removed,
   * lower-cased, with a trailing dot.
   */
  static String lookupName(String raw) {
    String name = raw.replace(".*", "").toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name : name + ".";
  }

  /** {@code GET /v1/hosts/{host}}: the A values, then the AAAA values. */
  JsonNode hosts(RecordSnapshot snapshot, String rawHost) {
    String name = lookupName(rawHost);
    RecordSet set = snapshot.lookup(name);
    ArrayNode out = JSON.arrayNode();
    if (set != null) {
      for (InetAddress a : set.a()) {
        out.add(hostEntry(name, IpText.of(a)));
      }
      for (InetAddress aaaa : set.aaaa()) {
        out.add(hostEntry(name, IpText.of(aaaa)));
      }
    }
    if (out.isEmpty()) {
      out.add(hostEntry("", ""));
    }
    return out;
  }

  private static ObjectNode hostEntry(String host, String ip) {
    ObjectNode entry = JSON.objectNode();
    entry.put("host", host);
    entry.put("ip", ip);
    return entry;
  }

  /**
   * {@code GET /v1/services/{service}}: one entry per SRV target with an A record, and a second
   * one when it also has AAAA; {@code service} echoes the raw path segment.
   */
  JsonNode services(RecordSnapshot snapshot, String rawService) {
    RecordSet set = snapshot.lookup(lookupName(rawService));
    ArrayNode out = JSON.arrayNode();
    if (set != null) {
      for (SrvTarget srv : set.srv()) {
        RecordSet target = snapshot.lookup(srv.target());
        if (target == null) {
          continue;
        }
        String port = Integer.toString(srv.port());
        if (!target.a().isEmpty()) {
          out.add(serviceEntry(rawService, srv.target(), IpText.of(target.a().get(0)), port));
        }
        if (!target.aaaa().isEmpty()) {
          out.add(serviceEntry(rawService, srv.target(), IpText.of(target.aaaa().get(0)), port));
        }
      }
    }
    if (out.isEmpty()) {
      out.add(serviceEntry("", "", "", ""));
    }
    return out;
  }

  private static ObjectNode serviceEntry(String service, String host, String ip, String port) {
    ObjectNode entry = JSON.objectNode();
    entry.put("service", service);
    entry.put("host", host);
    entry.put("ip", ip);
    entry.put("port", port);
    return entry;
  }

  /** {@code GET /v1/enumerate}: tasks and the records each added first, per framework. */
  JsonNode enumerate(RecordSnapshot snapshot) {
    ObjectNode out = JSON.objectNode();
    List<EnumeratedFramework> frameworks = snapshot.enumeration();
    if (frameworks.isEmpty()) {
      out.putNull("frameworks"); // Mesos-DNS marshals its nil slice as null
      return out;
    }
    ArrayNode list = out.putArray("frameworks");
    for (EnumeratedFramework framework : frameworks) {
      ObjectNode f = list.addObject();
      f.put("name", framework.name());
      ArrayNode tasks = f.putArray("tasks");
      for (EnumeratedTask task : framework.tasks()) {
        ObjectNode t = tasks.addObject();
        t.put("name", task.name());
        t.put("id", task.id());
        ArrayNode records = t.putArray("records");
        for (EnumeratedRecord record : task.records()) {
          ObjectNode r = records.addObject();
          r.put("name", record.name());
          r.put("host", record.host());
          r.put("rtype", record.rtype());
        }
      }
    }
    return out;
  }

  /** {@code GET /v1/axfr}: the whole store, names sorted as Go sorts map keys. */
  JsonNode axfr(RecordSnapshot snapshot) {
    ObjectNode out = JSON.objectNode();
    out.put("TTL", settings.ttl());
    out.put("Serial", snapshot.serial());
    out.put("RefreshSeconds", refreshSeconds);
    out.put("Mname", settings.soaMname());
    out.put("Rname", settings.soaRname());
    out.put("Domain", settings.domain());
    ObjectNode records = out.putObject("Records");
    ObjectNode as = records.putObject("As");
    ObjectNode aaaas = records.putObject("AAAAs");
    ObjectNode srvs = records.putObject("SRVs");
    TreeMap<String, RecordSet> sorted = new TreeMap<>();
    snapshot.forEach(sorted::put);
    for (Map.Entry<String, RecordSet> entry : sorted.entrySet()) {
      String name = entry.getKey();
      RecordSet set = entry.getValue();
      if (!set.a().isEmpty()) {
        ArrayNode values = as.putArray(name);
        set.a().forEach(a -> values.add(IpText.of(a)));
      }
      if (!set.aaaa().isEmpty()) {
        ArrayNode values = aaaas.putArray(name);
        set.aaaa().forEach(a -> values.add(IpText.of(a)));
      }
      if (!set.srv().isEmpty()) {
        ArrayNode values = srvs.putArray(name);
        set.srv().forEach(s -> values.add(s.toString()));
      }
    }
    return out;
  }
}
