package io.signpost.source.mesos;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Reads a Mesos master {@code /master/state} document with Jackson's streaming parser, keeping
 * only what DNS needs: everything else (completed tasks, executors, flags, resources other than
 * ports, task labels...) is skipped without being built, so the model stays small on clusters of
 * 100,000 tasks. Problems with one item are reported to the warning
 * batch and the item is kept without the bad part or left out; malformed JSON fails the whole
 * parse.
 */
final class StateParser {

  static final String MESOS_IP_LABEL = "MesosContainerizer.NetworkSettings.IPAddress";
  static final String DOCKER_IP_LABEL = "Docker.NetworkSettings.IPAddress";

  // Status timestamps are doubles: the fast parser reads them without the JDK's garbage.
  private final JsonFactory factory =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private final HostResolver resolver;
  private final boolean reportHealth;
  private final LongSupplier heapFull;

  StateParser(HostResolver resolver) {
    this(resolver, true);
  }

  /**
   * @param reportHealth whether tasks carry the health of their latest status ({@code false}:
   *     always {@link Health#UNKNOWN}, so answers ignore health as Mesos-DNS's do)
   */
  StateParser(HostResolver resolver, boolean reportHealth) {
    this(resolver, reportHealth, () -> 0);
  }

  /**
   * @param heapFull how many times the heap was found nearly full after a collection
   *     ({@link HeapWatch#count}): a parse during which it rises stops with an error
   */
  StateParser(HostResolver resolver, boolean reportHealth, LongSupplier heapFull) {
    this.resolver = resolver;
    this.reportHealth = reportHealth;
    this.heapFull = heapFull;
  }

  /** Items (tasks, agents, frameworks) read between two looks at {@link #heapFull}. */
  static final int HEAP_CHECK_TASKS = 4096;

  /**
   * Parses a state document.
   *
   * @param in the document; not closed
   * @param warnings receives problems with single items
   * @param stopAtNonLeader stop as soon as {@code pid} and {@code leader} are both known and
   *     differ (the answering master is not the leader); the result is then incomplete
   * @throws IOException on I/O errors and on malformed or truncated JSON
   */
  MesosState parse(InputStream in, Warnings.Batch warnings, boolean stopAtNonLeader)
      throws IOException {
    return parse(in, warnings, stopAtNonLeader, UnaryOperator.identity());
  }

  /**
   * {@link #parse(InputStream, Warnings.Batch, boolean)}, passing each task through {@code reuse}
   * as soon as it is read, so an unchanged task can be replaced by the equal instance of the last
   * state and the fresh copy dies young: on a big cluster the heap then holds one model during a
   * refresh, not two.
   */
  MesosState parse(InputStream in, Warnings.Batch warnings, boolean stopAtNonLeader,
      UnaryOperator<Task> reuse) throws IOException {
    try (JsonParser p = factory.createParser(in)) {
      return new Run(p, warnings, stopAtNonLeader, reuse).document();
    }
  }

  /** Slots of the per-parse cache of parsed address literals. */
  private static final int ADDRESS_CACHE = 16384;
  /** Slots of the per-parse front cache of repeated texts. */
  private static final int TEXT_CACHE = 16384;
  /** Slots of the per-parse cache of port mappings. */
  private static final int MAPPING_CACHE = 4096;

  /** State of one parse: a resolution cache and the collected items. */
  private final class Run {
    private final JsonParser p;
    private final Warnings.Batch warnings;
    private final boolean stopAtNonLeader;
    private final Map<String, List<InetAddress>> resolved = new HashMap<>();
    // Values repeated across tasks (states, agent IDs, protocols, port names) share one instance.
    private final Map<String, String> canonical = new HashMap<>();
    // Repeated ports, port mappings and addresses too: on a big cluster they are most of the
    // model's objects (100,000 tasks: about 10 MB saved).
    private final Integer[] portValues = new Integer[65536];
    private final PortMapping[] mappings = new PortMapping[MAPPING_CACHE];
    // A front for `canonical` that finds a repeated text without making a String of it first.
    private final String[] texts = new String[TEXT_CACHE];
    // Task names apart: they may all differ and would push the others out.
    private final String[] names = new String[TEXT_CACHE];
    // Container addresses are mostly unique, the agents' in labels repeat: two caches, so the
    // first do not push the second out.
    private final AddressCache containerAddresses = new AddressCache();
    private final AddressCache labelAddresses = new AddressCache();
    private final List<Framework> frameworks = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    // Scratch lists, copied into the model once complete: a status's addresses, a task's
    // discovery ports.
    private final List<TaskIp> statusIps = new ArrayList<>();
    private final List<PortMapping> discoveryPorts = new ArrayList<>();
    private String leader = "";
    private String pid = "";

    private final UnaryOperator<Task> reuse;
    private final long heapFullAtStart = heapFull.getAsLong();
    private int itemsRead;

    Run(JsonParser p, Warnings.Batch warnings, boolean stopAtNonLeader,
        UnaryOperator<Task> reuse) {
      this.p = p;
      this.warnings = warnings;
      this.stopAtNonLeader = stopAtNonLeader;
      this.reuse = reuse;
    }

    MesosState document() throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("state is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "leader":
            leader = text();
            break;
          case "pid":
            pid = text();
            break;
          case "slaves":
            forEachObject(this::agent);
            break;
          case "frameworks":
            forEachObject(this::framework);
            break;
          default:
            p.skipChildren();
        }
        if (stopAtNonLeader && !leader.isEmpty() && !pid.isEmpty() && !leader.equals(pid)) {
          return new MesosState(leader, pid, List.of(), List.of(), List.of(), false);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("state: unexpected " + p.currentToken());
      }
      if (p.nextToken() != null) {
        throw new IOException("state: unexpected content after the document");
      }
      return new MesosState(leader, pid, frameworks, agents, tasks, true);
    }

    // ---- agents

    private void agent() throws IOException {
      checkHeap();
      String id = null;
      String hostname = "";
      String agentPid = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id":
            id = sharedText();
            break;
          case "hostname":
            hostname = text();
            break;
          case "pid":
            agentPid = text();
            break;
          default:
            p.skipChildren();
        }
      }
      if (id == null || id.isEmpty()) {
        warnings.add("skipping an agent without id (hostname '" + hostname + "')");
        return;
      }
      List<InetAddress> addresses = List.of();
      int port = 0;
      if (agentPid != null) {
        Pid parsed = pid("agent " + id, agentPid);
        if (parsed != null) {
          addresses = parsed.addresses;
          port = parsed.port;
        }
      }
      agents.add(new Agent(id, hostname, addresses, port));
    }

    // ---- frameworks and tasks

    private void framework() throws IOException {
      checkHeap();
      String id = "";
      String name = null;
      String hostname = "";
      String frameworkPid = null;
      List<TaskDraft> drafts = new ArrayList<>();
      // Masters write the name before the tasks: each task is then built as it is read and its
      // draft dies young. Drafts are kept only when the name comes later.
      int firstTask = tasks.size();
      boolean builtEarly = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id":
            id = text();
            break;
          case "name":
            name = text();
            break;
          case "hostname":
            hostname = text();
            break;
          case "pid":
            frameworkPid = text();
            break;
          case "tasks":
            if (name != null && drafts.isEmpty()) {
              builtEarly = true;
              String known = name;
              forEachObject(() -> addTask(task(), known));
            } else {
              forEachObject(() -> drafts.add(task()));
            }
            break;
          default:
            p.skipChildren();
        }
      }
      if (builtEarly) {
        // A second "name" field after tasks were built: the last one counts, as for every field.
        List<Task> early = tasks.subList(firstTask, tasks.size());
        for (int i = 0; i < early.size(); i++) {
          Task t = early.get(i);
          if (!t.framework().equals(name)) {
            early.set(i, reuse.apply(new Task(t.id(), t.name(), name, t.state(), t.agentId(),
                t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(),
                t.health(), t.labels())));
          }
        }
      }
      if (name == null) {
        warnings.add("skipping framework '" + id + "': it has no name");
        return;
      }
      List<InetAddress> addresses = List.of();
      int port = 0;
      String what = "framework '" + name + "'";
      if (frameworkPid != null && !frameworkPid.isEmpty()) {
        Pid parsed = pid(what, frameworkPid);
        if (parsed != null) {
          addresses = parsed.addresses;
          port = parsed.port;
        }
      } else if (!hostname.isEmpty()) {
        addresses = resolve(what, hostname);
      }
      frameworks.add(new Framework(id, name, hostname, addresses, port));
      for (TaskDraft draft : drafts) {
        addTask(draft, name);
      }
    }

    private void addTask(TaskDraft draft, String framework) {
      if (draft != null) {
        tasks.add(reuse.apply(draft.build(framework)));
      }
    }

    /**
     * Every {@link #HEAP_CHECK_TASKS} items (tasks, agents, frameworks): stops the parse when the
     * heap was found nearly full after a collection since it began.
     */
    private void checkHeap() throws StateTooBigException {
      if (++itemsRead % HEAP_CHECK_TASKS == 0 && heapFull.getAsLong() != heapFullAtStart) {
        // No task count in the message: it varies from one try to the next, and the source
        // logs a failure again only when its message changes.
        throw new StateTooBigException(String.format(Locale.ROOT, "the state does not fit the"
            + " heap: the heap (at most %,d MB) was still over %d%% full after a garbage"
            + " collection while the state was read, so reading stopped and the last good state"
            + " is kept; give the server a larger heap (-Xmx)",
            Runtime.getRuntime().maxMemory() >> 20, Math.round(HeapWatch.FULL * 100)));
      }
    }

    private TaskDraft task() throws IOException {
      checkHeap();
      TaskDraft t = new TaskDraft();
      String portsText = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id":
            t.id = text();
            break;
          case "name":
            t.name = repeatedText(); // instances of one app share it
            break;
          case "state":
            t.state = sharedText();
            break;
          case "slave_id":
            t.agentId = sharedText();
            break;
          case "resources":
            portsText = portsResource();
            break;
          case "statuses":
            forEachObject(() -> status(t));
            break;
          case "discovery":
            t.discovery = discovery(t);
            break;
          default:
            p.skipChildren();
        }
      }
      if (t.id == null || t.id.isEmpty()) {
        warnings.add("skipping a task without id (name '" + t.name + "')");
        return null;
      }
      t.ports = PortRanges.parse(portsText, t.id, warnings, portValues);
      if (t.badDiscoveryPorts > 0) {
        warnings.add("task " + t.id + ": ignoring discovery ports without a valid number");
      }
      return t;
    }

    private String portsResource() throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return null;
      }
      String ports = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("ports") && p.currentToken() == JsonToken.VALUE_STRING) {
          ports = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return ports;
    }

    /** Reads one status and keeps it if it is the latest running one or the latest overall. */
    private void status(TaskDraft t) throws IOException {
      String state = "";
      double timestamp = Double.NEGATIVE_INFINITY;
      Boolean healthy = null;
      List<TaskIp> ips = statusIps;
      ips.clear();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "state":
            state = sharedText();
            break;
          case "timestamp":
            if (p.currentToken().isNumeric()) {
              timestamp = p.getDoubleValue();
            }
            break;
          case "healthy":
            if (p.currentToken().isBoolean()) {
              healthy = p.getBooleanValue();
            }
            break;
          case "labels":
            statusLabels(ips);
            break;
          case "container_status":
            containerStatus(ips);
            break;
          default:
            p.skipChildren();
        }
      }
      // Ties go to the earlier status, as in Mesos-DNS.
      if (Task.RUNNING.equals(state) && (!t.hasRunning || timestamp > t.runningTimestamp)) {
        t.hasRunning = true;
        t.runningTimestamp = timestamp;
        t.ips = List.copyOf(ips);
      }
      if (!t.hasStatus || timestamp > t.latestTimestamp) {
        t.hasStatus = true;
        t.latestTimestamp = timestamp;
        t.health =
            healthy == null || !reportHealth
                ? Health.UNKNOWN : healthy ? Health.HEALTHY : Health.UNHEALTHY;
      }
    }

    private void statusLabels(List<TaskIp> ips) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String key = null;
        String value = null;
        InetAddress address = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("key")) {
            key = sharedText();
          } else if (field.equals("value")) {
            // Masters write the key first: an address label's value is then read as one.
            if (MESOS_IP_LABEL.equals(key) || DOCKER_IP_LABEL.equals(key)) {
              address = addressValue(labelAddresses);
              value = null;
            } else {
              value = text();
              address = null;
            }
          } else {
            p.skipChildren();
          }
        }
        boolean mesos = MESOS_IP_LABEL.equals(key);
        if (mesos || DOCKER_IP_LABEL.equals(key)) {
          addIp(ips, value != null ? labelAddresses.get(value) : address,
              mesos ? IpSource.MESOS : IpSource.DOCKER);
        }
      }
    }

    private void containerStatus(List<TaskIp> ips) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("network_infos") && p.currentToken() == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            networkInfo(ips);
          }
        } else {
          p.skipChildren();
        }
      }
    }

    private void networkInfo(List<TaskIp> ips) throws IOException {
      String legacy = null;
      boolean any = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("ip_addresses") && p.currentToken() == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String inner = p.currentName();
              p.nextToken();
              if (inner.equals("ip_address")) {
                any = true;
                addIp(ips, addressValue(containerAddresses), IpSource.NETINFO);
              } else {
                p.skipChildren();
              }
            }
          }
        } else if (field.equals("ip_address")) {
          legacy = text();
        } else {
          p.skipChildren();
        }
      }
      // The 0.25-style single address counts only when the list gave nothing.
      if (!any && legacy != null && !legacy.isEmpty()) {
        addIp(ips, containerAddresses.get(legacy), IpSource.NETINFO);
      }
    }

    private void addIp(List<TaskIp> ips, InetAddress address, IpSource source) {
      if (address != null) {
        // Statuses repeat one address under several sources: share one object (100,000 tasks:
        // about 5 MB).
        for (TaskIp ip : ips) {
          if (ip.address().equals(address)) {
            address = ip.address();
            break;
          }
        }
        ips.add(new TaskIp(address, source));
      }
    }

    private Discovery discovery(TaskDraft t) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return null;
      }
      String name = "";
      List<PortMapping> ports = discoveryPorts;
      ports.clear();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("name")) {
          name = repeatedText(); // usually the task's name
        } else if (field.equals("ports") && p.currentToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            p.nextToken();
            if (inner.equals("ports") && p.currentToken() == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                PortMapping port = discoveryPort();
                if (port != null) {
                  ports.add(port);
                } else {
                  t.badDiscoveryPorts++;
                }
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      return new Discovery(name, List.copyOf(ports));
    }

    private PortMapping discoveryPort() throws IOException {
      long number = -1;
      String protocol = "";
      String name = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "number":
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
              number = p.getLongValue();
            }
            break;
          case "protocol":
            protocol = sharedText();
            break;
          case "name":
            name = sharedText();
            break;
          default:
            p.skipChildren();
        }
      }
      if (number < 0 || number > 65535) {
        return null;
      }
      int slot = (int) ((number * 31 + protocol.hashCode()) * 31 + name.hashCode())
          & (MAPPING_CACHE - 1);
      PortMapping known = mappings[slot];
      if (known != null && known.number() == number && known.protocol().equals(protocol)
          && known.name().equals(name)) {
        return known;
      }
      return mappings[slot] = new PortMapping((int) number, protocol, name);
    }

    // ---- helpers

    private String canonical(String value) {
      String known = canonical.putIfAbsent(value, value);
      return known != null ? known : value;
    }

    /**
     * {@link #text()}, as the instance shared with the value's earlier occurrences: for values
     * that repeat across tasks. A repeat is found from the parser's characters, so it costs no
     * String.
     */
    private String sharedText() throws IOException {
      return tableText(texts, true);
    }

    /**
     * {@link #text()}, shared with an earlier occurrence when the front table still holds it: for
     * values that repeat but may as well be all different (task names), so no map grows.
     */
    private String repeatedText() throws IOException {
      return tableText(names, false);
    }

    /**
     * The current value, found in {@code table} (two-entry buckets, the latest first) from the
     * parser's characters; {@code exact}: a miss goes on to {@link #canonical}.
     */
    private String tableText(String[] table, boolean exact) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return exact ? canonical(text()) : text();
      }
      char[] chars = p.getTextCharacters();
      int offset = p.getTextOffset();
      int length = p.getTextLength();
      int bucket = slot(chars, offset, length) & (TEXT_CACHE - 2);
      for (int i = bucket; i < bucket + 2; i++) {
        if (sameChars(table[i], chars, offset, length)) {
          return table[i];
        }
      }
      String value = new String(chars, offset, length);
      table[bucket + 1] = table[bucket];
      return table[bucket] = exact ? canonical(value) : value;
    }

    /** The current value as an address literal (null when it is none), parsed once per text. */
    private InetAddress addressValue(AddressCache cache) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return cache.get(text());
      }
      return cache.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** Calls {@code item} with the parser on each object of the current array. */
    private void forEachObject(IoAction item) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        p.skipChildren();
        return;
      }
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw new IOException("truncated JSON");
        }
        if (token == JsonToken.START_OBJECT) {
          item.run();
        } else {
          p.skipChildren();
        }
      }
    }

    /** The current string value; numbers and booleans as text, anything else empty. */
    private String text() throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_STRING || (token != null && token.isScalarValue())) {
        return token == JsonToken.VALUE_NULL ? "" : p.getText();
      }
      p.skipChildren();
      return "";
    }

    /** Parses a libprocess PID {@code name@host:port}; null (with a warning) when it is bad. */
    private Pid pid(String what, String raw) {
      String text = raw.strip();
      if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
        text = text.substring(1, text.length() - 1).strip();
      }
      int at = text.indexOf('@');
      if (at < 0 || text.indexOf('@', at + 1) >= 0) {
        warnings.add(what + ": ignoring malformed PID '" + raw + "' (expected name@host:port)");
        return null;
      }
      HostPort hostPort;
      try {
        hostPort = HostPort.parse(text.substring(at + 1));
      } catch (IllegalArgumentException e) {
        warnings.add(what + ": ignoring malformed PID '" + raw + "': " + e.getMessage());
        return null;
      }
      List<InetAddress> addresses = resolve(what, hostPort.host());
      if (addresses.isEmpty()) {
        return null;
      }
      return new Pid(addresses, hostPort.port());
    }

    private List<InetAddress> resolve(String what, String host) {
      List<InetAddress> cached = resolved.get(host);
      if (cached != null) {
        return cached;
      }
      List<InetAddress> addresses;
      try {
        addresses = List.copyOf(resolver.resolve(host));
      } catch (UnknownHostException e) {
        warnings.add(what + ": host '" + host + "' does not resolve");
        addresses = List.of();
      }
      resolved.put(host, addresses);
      return addresses;
    }
  }

  /**
   * Address literals parsed once per run while they repeat: a lossy table of two-entry buckets
   * (the latest first), not a map, as the literals of a big cluster may all differ.
   */
  private static final class AddressCache {
    // IPv4 literals by their 32 bits (the high half marks a used entry): no String needed.
    private final long[] v4Keys = new long[ADDRESS_CACHE];
    private final InetAddress[] v4Addresses = new InetAddress[ADDRESS_CACHE];
    private final String[] texts = new String[ADDRESS_CACHE];
    private final InetAddress[] addresses = new InetAddress[ADDRESS_CACHE];

    InetAddress get(char[] chars, int offset, int length) {
      long bits = IpLiterals.v4Bits(chars, offset, length);
      if (bits >= 0) {
        return v4((int) bits);
      }
      int bucket = slot(chars, offset, length) & (ADDRESS_CACHE - 2);
      for (int i = bucket; i < bucket + 2; i++) {
        if (sameChars(texts[i], chars, offset, length)) {
          return addresses[i];
        }
      }
      return put(bucket, new String(chars, offset, length));
    }

    InetAddress get(String text) {
      return get(text.toCharArray(), 0, text.length());
    }

    private InetAddress v4(int bits) {
      long key = 1L << 32 | (bits & 0xffffffffL);
      int h = bits * 0x9e3779b9;
      int bucket = (h ^ (h >>> 16)) & (ADDRESS_CACHE - 2);
      for (int i = bucket; i < bucket + 2; i++) {
        if (v4Keys[i] == key) {
          return v4Addresses[i];
        }
      }
      InetAddress address = IpLiterals.v4(bits);
      v4Keys[bucket + 1] = v4Keys[bucket];
      v4Addresses[bucket + 1] = v4Addresses[bucket];
      v4Keys[bucket] = key;
      v4Addresses[bucket] = address;
      return address;
    }

    private InetAddress put(int bucket, String text) {
      InetAddress address = IpLiterals.parse(text);
      if (address != null) {
        texts[bucket + 1] = texts[bucket];
        addresses[bucket + 1] = addresses[bucket];
        texts[bucket] = text;
        addresses[bucket] = address;
      }
      return address;
    }
  }

  private static int slot(char[] chars, int offset, int length) {
    int h = 0;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + chars[i];
    }
    return h ^ (h >>> 15);
  }

  private static boolean sameChars(String known, char[] chars, int offset, int length) {
    if (known == null || known.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (known.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private record Pid(List<InetAddress> addresses, int port) {}

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** A task while its fields are being read; its framework is known only at the end. */
  private static final class TaskDraft {
    String id;
    String name = "";
    String state = "";
    String agentId = "";
    List<Integer> ports = List.of();
    Discovery discovery;
    int badDiscoveryPorts;
    boolean hasRunning;
    double runningTimestamp;
    boolean hasStatus;
    double latestTimestamp;
    List<TaskIp> ips = List.of();
    Health health = Health.UNKNOWN;

    Task build(String framework) {
      if (discovery != null && discovery.name() != name && discovery.name().equals(name)) {
        discovery = new Discovery(name, discovery.ports());
      }
      return new Task(
          id, name, framework, state, agentId, List.of(), ips, ports, discovery, health, Map.of());
    }
  }
}
