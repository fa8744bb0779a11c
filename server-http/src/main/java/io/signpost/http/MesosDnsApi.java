package io.signpost.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.EnumeratedFramework.EnumeratedRecord;
import io.signpost.spi.EnumeratedFramework.EnumeratedTask;
import io.signpost.spi.EnumerationVisitor;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

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

  /**
   * {@code GET /v1/enumerate}: tasks and the records each added first, per framework. Written
   * a task at a time as the snapshot renders them: a big cluster's enumeration (millions of
   * records) is never in memory at once.
   */
  void enumerate(RecordSnapshot snapshot, JsonGenerator out) throws IOException {
    out.writeStartObject();
    boolean[] open = new boolean[2]; // a framework, then its task list, is open
    snapshot.enumerate(new EnumerationVisitor() {
      @Override
      public void framework(String name) {
        try {
          if (!open[0]) {
            out.writeArrayFieldStart("frameworks");
            open[0] = true;
          } else {
            out.writeEndArray();
            out.writeEndObject();
          }
          out.writeStartObject();
          out.writeStringField("name", name);
          out.writeArrayFieldStart("tasks");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void task(EnumeratedTask task) {
        try {
          out.writeStartObject();
          out.writeStringField("name", task.name());
          out.writeStringField("id", task.id());
          out.writeArrayFieldStart("records");
          for (EnumeratedRecord record : task.records()) {
            out.writeStartObject();
            out.writeStringField("name", record.name());
            out.writeStringField("host", record.host());
            out.writeStringField("rtype", record.rtype());
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });
    if (open[0]) {
      out.writeEndArray(); // the last framework's tasks
      out.writeEndObject();
      out.writeEndArray();
    } else {
      out.writeNullField("frameworks"); // Mesos-DNS marshals its nil slice as null
    }
    out.writeEndObject();
  }

  /**
   * {@code GET /v1/axfr}: the whole store, names sorted as Go sorts map keys. Written as it goes;
   * only the names are held (sorted per record type), each name's records are looked up again
   * as it is written: about {@link #AXFR_BYTES_PER_NAME} bytes of heap a name.
   */
  void axfr(RecordSnapshot snapshot, JsonGenerator out) throws IOException {
    List<String> as = new ArrayList<>();
    List<String> aaaas = new ArrayList<>();
    List<String> srvs = new ArrayList<>();
    snapshot.forEach((name, set) -> {
      if (!set.a().isEmpty()) {
        as.add(name);
      }
      if (!set.aaaa().isEmpty()) {
        aaaas.add(name);
      }
      if (!set.srv().isEmpty()) {
        srvs.add(name);
      }
    });
    out.writeStartObject();
    out.writeNumberField("TTL", settings.ttl());
    out.writeNumberField("Serial", snapshot.serial());
    out.writeNumberField("RefreshSeconds", refreshSeconds);
    out.writeStringField("Mname", settings.soaMname());
    out.writeStringField("Rname", settings.soaRname());
    out.writeStringField("Domain", settings.domain());
    out.writeObjectFieldStart("Records");
    writeSorted(out, "As", as, snapshot, set -> set.a().stream().map(IpText::of));
    writeSorted(out, "AAAAs", aaaas, snapshot, set -> set.aaaa().stream().map(IpText::of));
    writeSorted(out, "SRVs", srvs, snapshot, set -> set.srv().stream().map(SrvTarget::toString));
    out.writeEndObject();
    out.writeEndObject();
  }

  /** Heap that {@link #axfr} takes per name: the name's string and its place in a list. */
  static final long AXFR_BYTES_PER_NAME = 120;

  private static void writeSorted(JsonGenerator out, String field, List<String> names,
      RecordSnapshot snapshot, Function<RecordSet, Stream<String>> values) throws IOException {
    names.sort(null); // String order is Go's byte order for these ASCII names
    out.writeObjectFieldStart(field);
    for (int n = 0; n < names.size(); n++) {
      String name = names.get(n);
      names.set(n, null); // written: let it go
      RecordSet set = snapshot.lookup(name);
      if (set == null) {
        continue;
      }
      out.writeArrayFieldStart(name);
      for (String value : (Iterable<String>) values.apply(set)::iterator) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }
}
