package io.signpost.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.signpost.core.plugin.PluginRegistry;
import io.signpost.spi.FrontendProvider;
import io.signpost.spi.SourceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the YAML configuration file and binds every section to its plugin's config class. All
 * problems are collected and reported together, one line each, naming the key path.
 */
public final class ConfigLoader {

  private final ObjectMapper yaml;
  private final ObjectMapper binder;

  public ConfigLoader() {
    YAMLFactory factory = YAMLFactory.builder().build();
    this.yaml = new ObjectMapper(factory).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.binder = JsonMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }

  /** Reads and binds {@code file}. */
  public LoadedConfig load(Path file, PluginRegistry plugins) throws ConfigException {
    JsonNode tree = read(file);
    Path dir = file.toAbsolutePath().getParent();
    return bind(file.toString(), tree, plugins, dir);
  }

  /**
   * The text of the config file {@code file} (a Signpost or a Mesos-DNS one).
   *
   * @throws ConfigException naming the file when it is missing or unreadable
   */
  public static String readText(Path file) throws ConfigException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
    }
  }

  /** Parses the YAML of {@code file} into a tree. */
  public JsonNode read(Path file) throws ConfigException {
    String text = readText(file);
    try {
      JsonNode tree = yaml.readTree(text);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new ConfigException(file + ": config file is empty");
      }
      if (!tree.isObject()) {
        throw new ConfigException(file + ": the top level must be a mapping of keys to values");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": invalid YAML" + at(e.getLocation()) + ": "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * Binds a parsed tree.
   *
   * @param origin names the tree in messages (usually the file name)
   * @param directory what relative paths in the tree are relative to
   */
  public LoadedConfig bind(String origin, JsonNode tree, PluginRegistry plugins, Path directory)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    SignpostConfig top;
    try {
      top = binder.treeToValue(tree, SignpostConfig.class);
    } catch (JsonProcessingException e) {
      problems.add(origin + ": " + describe(e, "", tree));
      throw new ConfigException(problems);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin + ": " + e.getMessage());
    }
    List<LoadedConfig.Section<SourceProvider<?>>> sources = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : top.sources().entrySet()) {
      SourceProvider<?> provider = plugins.source(e.getKey());
      String path = "sources." + e.getKey();
      if (provider == null) {
        problems.add(origin + ": " + path + ": no source plugin named '" + e.getKey()
            + "' is installed (installed: " + names(plugins.sourceNames()) + ")");
        continue;
      }
      Object config = bindSection(origin, path, e.getValue(), provider.configClass(), problems);
      if (config != null) {
        sources.add(new LoadedConfig.Section<>(e.getKey(), provider, config));
      }
    }
    List<LoadedConfig.Section<FrontendProvider<?>>> servers = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : top.servers().entrySet()) {
      FrontendProvider<?> provider = plugins.server(e.getKey());
      String path = "servers." + e.getKey();
      if (provider == null) {
        problems.add(origin + ": " + path + ": no server plugin named '" + e.getKey()
            + "' is installed (installed: " + names(plugins.serverNames()) + ")");
        continue;
      }
      Object config = bindSection(origin, path, e.getValue(), provider.configClass(), problems);
      if (config != null) {
        servers.add(new LoadedConfig.Section<>(e.getKey(), provider, config));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LoadedConfig(top, sources, servers, tree, directory);
  }

  private Object bindSection(String origin, String path, JsonNode section, Class<?> type,
      List<String> problems) {
    JsonNode node = section == null || section.isNull() || section.isMissingNode()
        || (section.isTextual() && section.asText().isEmpty())
        ? JsonNodeFactory.instance.objectNode() : section;
    if (!node.isObject()) {
      problems.add(origin + ": " + path + ": expected a mapping of keys to values");
      return null;
    }
    try {
      return binder.treeToValue(removeNulls((ObjectNode) node), type);
    } catch (JsonProcessingException e) {
      problems.add(origin + ": " + withoutRepeatedName(describe(e, path, node), path));
    } catch (IllegalArgumentException e) {
      problems.add(origin + ": " + withoutRepeatedName(path + ": " + e.getMessage(), path));
    }
    return null;
  }

  /**
   * Plugins often start their messages with their own name ({@code mesos-master: ...}); after
   * the key path that names it already, the repetition is noise.
   */
  private static String withoutRepeatedName(String message, String path) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    String repeated = path + ": " + name + ": ";
    return message.startsWith(repeated)
        ? path + ": " + message.substring(repeated.length()) : message;
  }

  /** A key written with no value ({@code refreshSeconds:}) means "use the default". */
  private static ObjectNode removeNulls(ObjectNode node) {
    ObjectNode copy = node.deepCopy();
    List<String> nulls = new ArrayList<>();
    copy.fieldNames().forEachRemaining(k -> {
      if (copy.get(k).isNull()) {
        nulls.add(k);
      }
    });
    copy.remove(nulls);
    return copy;
  }

  /** One line: the key path, then what is wrong with it. */
  static String describe(JsonProcessingException e, String prefix, JsonNode input) {
    String path = prefix;
    if (e instanceof JsonMappingException m) {
      path = join(prefix, path(m.getPath()));
    }
    String where = path.isEmpty() ? "" : path + ": ";
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<Object> known = u.getKnownPropertyIds();
      String parent = join(prefix, path(u.getPath().subList(0, u.getPath().size() - 1)));
      return (parent.isEmpty() ? "" : parent + ": ") + "unknown key '" + u.getPropertyName() + "'"
          + (known == null || known.isEmpty() ? "" : " (known keys: " + known.stream()
              .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")");
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      return where + v.getCause().getMessage();
    }
    if (e instanceof InvalidFormatException f) {
      return where + "expected " + typeName(f.getTargetType()) + ", got '" + f.getValue() + "'";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return where + "expected " + typeName(m.getTargetType()) + got(input, m.getPath());
    }
    return where + e.getOriginalMessage().lines().findFirst().orElse("invalid value");
  }

  /** What the file has at the failing path, e.g. {@code , got 'soon'}. */
  private static String got(JsonNode input, List<JsonMappingException.Reference> refs) {
    JsonNode node = input;
    for (JsonMappingException.Reference r : refs) {
      if (node == null) {
        return "";
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    if (node == null) {
      return "";
    }
    if (node.isArray()) {
      return ", got a list";
    }
    if (node.isObject()) {
      return ", got a mapping";
    }
    return ", got '" + node.asText() + "'";
  }

  private static String typeName(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of keys to values";
    }
    return type.getSimpleName();
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return b.startsWith("[") ? a + b : a + "." + b;
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
