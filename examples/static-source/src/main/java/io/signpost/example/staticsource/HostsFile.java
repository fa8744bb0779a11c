package io.signpost.example.staticsource;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The file's format and its parsing into records:
 *
 * <pre>{@code
 * {
 *   "hosts":    { "db": ["10.0.0.5", "fd00::5"], "ldap.corp.example.": ["192.168.1.10"] },
 *   "services": { "_pg._tcp.db": ["db:5432"] }
 * }
 * }</pre>
 *
 * Names without a trailing dot are relative to the served domain. Host values are IP address
 * literals (never looked up); service values are {@code target:port}. Both keys are optional.
 */
final class HostsFile {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern SERVICE = Pattern.compile("([^:\\s]+):(\\d{1,5})");

  /** The file as written: name to values. */
  record Content(Map<String, List<String>> hosts, Map<String, List<String>> services) {
    Content {
      hosts = hosts == null ? Map.of() : hosts;
      services = services == null ? Map.of() : services;
    }
  }

  private HostsFile() {}

  /**
   * Parses the file's text.
   *
   * @throws IllegalArgumentException naming the first problem (with line and column for JSON
   *     syntax errors, with the name for bad values)
   */
  static List<PlainRecord> parse(String text) {
    if (text.isBlank()) {
      // An editor or a copy caught half way; the next change notification brings the rest.
      throw new IllegalArgumentException("the file is empty");
    }
    Content content;
    try {
      content = JSON.readValue(text, Content.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = e.getOriginalMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException("invalid JSON" + where + ": " + why);
    }
    if (content == null) {
      throw new IllegalArgumentException("the file holds null, not an object");
    }
    List<PlainRecord> records = new ArrayList<>();
    for (Map.Entry<String, List<String>> host : new LinkedHashMap<>(content.hosts()).entrySet()) {
      for (String value : values("hosts", host)) {
        InetAddress address = literal(value);
        if (address == null) {
          throw new IllegalArgumentException("hosts." + host.getKey() + ": '" + value
              + "' is not an IP address");
        }
        RecordType type = address instanceof Inet6Address ? RecordType.AAAA : RecordType.A;
        records.add(new PlainRecord(host.getKey(), type, address.getHostAddress()));
      }
    }
    for (Map.Entry<String, List<String>> service : content.services().entrySet()) {
      for (String value : values("services", service)) {
        var m = SERVICE.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
          throw new IllegalArgumentException("services." + service.getKey() + ": '" + value
              + "' is not target:port");
        }
        records.add(new PlainRecord(service.getKey(), RecordType.SRV, value));
      }
    }
    return records;
  }

  private static List<String> values(String section, Map.Entry<String, List<String>> entry) {
    if (entry.getKey().isBlank()) {
      throw new IllegalArgumentException(section + ": an empty name");
    }
    if (entry.getValue() == null || entry.getValue().isEmpty()) {
      throw new IllegalArgumentException(section + "." + entry.getKey() + ": no values");
    }
    for (String v : entry.getValue()) {
      if (v == null) {
        throw new IllegalArgumentException(section + "." + entry.getKey() + ": a null value");
      }
    }
    return entry.getValue();
  }

  /** The address written as {@code text}, or {@code null} if it is not an IP literal. */
  private static InetAddress literal(String text) {
    try {
      if (IPV4.matcher(text).matches()) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(parts[i]);
          if (octet > 255) {
            return null;
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      // With a colon, getByName parses an IPv6 literal and never does a lookup.
      return text.contains(":") && text.matches("[0-9a-fA-F:.]+") ? InetAddress.getByName(text) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
