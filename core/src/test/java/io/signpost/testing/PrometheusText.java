package io.signpost.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Prometheus text exposition format into series → value, for assertions. */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  private PrometheusText() {}

  /** Keys look like {@code name{a="1",b="2"}} with labels sorted, or a bare name. */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      samples.put(key(m.group(1), m.group(2)), Double.parseDouble(m.group(3)));
    }
    return samples;
  }

  private static String key(String name, String labels) {
    if (labels == null || labels.isEmpty()) {
      return name;
    }
    Map<String, String> sorted = new TreeMap<>();
    Matcher m = LABEL.matcher(labels);
    while (m.find()) {
      sorted.put(m.group(1), m.group(2));
    }
    StringBuilder key = new StringBuilder(name).append('{');
    sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
    key.setLength(key.length() - 1);
    return key.append('}').toString();
  }
}
