package io.signpost.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets in the effective configuration before {@code /v1/config} shows it. The runtime
 * is expected to redact already; this is a second line of defence, not the only one.
 */
final class Redaction {
  static final String MASK = "******";

  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passwd|secret|token|credential|private[_-]?key).*");
  // user:password@ in URLs such as zk://user:pass@host:2181/mesos
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  private Redaction() {}

  /** A redacted deep copy of {@code config}. */
  static JsonNode redact(JsonNode config) {
    JsonNode copy = config.deepCopy();
    return redactInPlace(copy);
  }

  private static JsonNode redactInPlace(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (SECRET_KEY.matcher(field.getKey()).matches() && isSet(field.getValue())) {
          field.setValue(TextNode.valueOf(MASK));
        } else {
          field.setValue(redactInPlace(field.getValue()));
        }
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redactInPlace(array.get(i)));
      }
      return array;
    }
    if (node.isTextual()) {
      String text = node.textValue();
      String hidden = URL_USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
      return hidden.equals(text) ? node : TextNode.valueOf(hidden);
    }
    return node;
  }

  // An absent or empty secret is shown as is: it tells the reader that none is configured.
  private static boolean isSet(JsonNode value) {
    return !(value.isNull() || value.isMissingNode() || (value.isTextual() && value.textValue().isEmpty()));
  }
}
