package io.signpost.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;

/** The configuration in force, with defaults filled in and secrets masked, for display. */
public final class EffectiveConfig {

  /** Keys whose values are never shown. */
  private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential).*");
  static final String MASK = "******";

  private EffectiveConfig() {}

  /** The effective configuration as a tree: every section with its defaults, secrets masked. */
  public static ObjectNode of(LoadedConfig config) {
    ObjectMapper mapper = JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
    ObjectNode root = mapper.valueToTree(config.top());
    ObjectNode sources = root.putObject("sources");
    config.sources().forEach(s -> sources.set(s.name(), mapper.valueToTree(s.config())));
    ObjectNode servers = root.putObject("servers");
    config.servers().forEach(s -> servers.set(s.name(), mapper.valueToTree(s.config())));
    mask(root);
    return root;
  }

  private static void mask(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (SECRET.matcher(field.getKey()).matches() && !field.getValue().isNull()) {
          field.setValue(object.textNode(MASK));
        } else {
          mask(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(EffectiveConfig::mask);
    }
  }
}
