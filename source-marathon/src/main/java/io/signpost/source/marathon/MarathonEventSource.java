package io.signpost.source.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.signpost.source.marathon.MarathonApi.App;
import io.signpost.source.marathon.MarathonApi.AppTask;
import io.signpost.source.marathon.MarathonApi.HealthCheckResult;
import io.signpost.source.marathon.MarathonApi.TaskIpAddress;
import io.signpost.source.marathon.MarathonClient.MarathonException;
import io.signpost.spi.PushSource;
import io.signpost.spi.ReportSink;
import io.signpost.spi.model.Task;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon as a push source: a full read of {@code /v2/apps?embed=apps.tasks} at start, after
 * every (re)connection of the event stream and every {@code resyncSeconds}, and in between the
 * events of {@code /v2/events} applied to that state, each change pushed as a full report.
 *
 * <p>Two threads: the reader keeps the stream open (reconnecting with back-off, cutting it when
 * it stalls) and only parses; the worker owns the state, applies events and fetches in order,
 * so no lock is needed.
 */
final class MarathonEventSource implements PushSource {

  private static final Logger LOG = LoggerFactory.getLogger(MarathonEventSource.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Set<String> NOT_GONE_CONDITIONS =
      Set.of("created", "reserved", "provisioned", "staging", "starting", "running", "killing",
          "unknown");

  private final MarathonConfig config;
  private final MarathonClient client;
  private final AppMapper mapper;
  private final ScheduledExecutorService worker;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Counter eventCounter;
  private final Counter reconnectCounter;
  private final Counter resyncFailures;
  private final Timer resyncTimer;

  // Worker-thread state.
  private final Map<String, App> apps = new LinkedHashMap<>();
  private final Map<String, JsonNode> pods = new LinkedHashMap<>();
  private final Set<String> unknownAppIds = new HashSet<>();
  private boolean haveState;
  private boolean publishQueued;

  private volatile ReportSink sink;
  private volatile Thread reader;
  private volatile StreamSubscriber current;

  @Inject
  MarathonEventSource(MarathonConfig config, MeterRegistry registry,
      @Named("configDir") java.nio.file.Path configDir) {
    this(config.withPathsRelativeTo(configDir), registry, HostResolver.SYSTEM);
  }

  MarathonEventSource(MarathonConfig config, MeterRegistry registry, HostResolver resolver) {
    this.config = config;
    this.client = new MarathonClient(config);
    this.mapper =
        new AppMapper(
            config.frameworkName(),
            config.healthyOnly(),
            new CachingResolver(resolver, Clock.systemUTC()));
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-marathon-worker");
              t.setDaemon(true);
              return t;
            });
    this.eventCounter =
        Counter.builder("signpost.marathon.events")
            .description("Events read from Marathon's event stream")
            .register(registry);
    this.reconnectCounter =
        Counter.builder("signpost.marathon.stream.connects")
            .description("Connections of Marathon's event stream (first and reconnections)")
            .register(registry);
    this.resyncFailures =
        Counter.builder("signpost.marathon.resync.failures")
            .description("Failed full reads of Marathon's apps and tasks")
            .register(registry);
    // The core times polled sources only; a push source times its own full reads.
    this.resyncTimer =
        Timer.builder("signpost.marathon.resync")
            .description("Time to read Marathon's apps, tasks and pods in full")
            .register(registry);
  }

  @Override
  public void start(ReportSink sink) {
    this.sink = sink;
    long every = config.resyncSeconds();
    worker.scheduleWithFixedDelay(this::resync, 0, every, TimeUnit.SECONDS);
    if (config.events()) {
      Thread t = new Thread(this::readEvents, "signpost-marathon-events");
      t.setDaemon(true);
      reader = t;
      t.start();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    StreamSubscriber s = current;
    if (s != null) {
      s.cancel("closing");
    }
    Thread t = reader;
    if (t != null) {
      t.interrupt();
    }
    worker.shutdownNow();
  }

  // ---------------------------------------------------------------- reader thread

  private void readEvents() {
    Duration backoff = MIN_BACKOFF;
    long stallNanos = TimeUnit.SECONDS.toNanos(config.streamTimeoutSeconds());
    while (closed.getCount() > 0) {
      StreamSubscriber subscriber =
          new StreamSubscriber(new SseParser(e -> worker.execute(() -> onEvent(e))));
      current = subscriber;
      String reason;
      try {
        String base = client.openEvents(subscriber);
        reconnectCounter.increment();
        LOG.info("marathon: event stream open on {}", base);
        // Marathon cannot replay what was missed while disconnected.
        worker.execute(this::resync);
        reason = awaitEnd(subscriber, stallNanos);
      } catch (MarathonException e) {
        reason = "cannot open the event stream: " + e.getMessage();
      }
      if (closed.getCount() == 0) {
        return;
      }
      if (subscriber.receivedBytes()) {
        backoff = MIN_BACKOFF;
      }
      LOG.warn("marathon: {}; reconnecting in {} ms", reason, backoff.toMillis());
      try {
        if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  /** Waits for the stream to end, cutting it when nothing arrived for too long. */
  private static String awaitEnd(StreamSubscriber subscriber, long stallNanos) {
    while (true) {
      try {
        return subscriber.done().get(250, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (subscriber.nanosSinceLastActivity() > stallNanos) {
          subscriber.cancel(
              "event stream silent for more than "
                  + TimeUnit.NANOSECONDS.toSeconds(stallNanos)
                  + " s (stalled)");
        }
      } catch (InterruptedException e) {
        subscriber.cancel("closing");
        Thread.currentThread().interrupt();
        return "closing";
      } catch (ExecutionException e) {
        return "event stream failed: " + e.getCause();
      }
    }
  }

  // ---------------------------------------------------------------- worker thread

  private void resync() {
    Timer.Sample sample = Timer.start();
    try {
      List<App> fresh = client.apps();
      List<JsonNode> freshPods = client.pods();
      apps.clear();
      pods.clear();
      unknownAppIds.clear();
      for (App app : fresh) {
        if (app.id() != null) {
          apps.put(app.id(), app);
        }
      }
      for (JsonNode pod : freshPods) {
        String id = text(pod, "id");
        if (id != null) {
          pods.put(id, pod);
        }
      }
      haveState = true;
      publish();
    } catch (MarathonException | RuntimeException e) {
      resyncFailures.increment();
      LOG.debug("marathon: full read failed", e);
      ReportSink s = sink;
      if (s != null) {
        s.failed("marathon: " + e.getMessage() + " (keeping the last good state)");
      }
    } finally {
      sample.stop(resyncTimer);
    }
  }

  private void onEvent(SseParser.SseEvent event) {
    eventCounter.increment();
    JsonNode node;
    try {
      node = client.json().readTree(event.data());
    } catch (IOException e) {
      LOG.warn("marathon: ignoring an event that is not JSON: {}", abbreviate(event.data()));
      return;
    }
    if (node == null || !node.isObject()) {
      return;
    }
    String type = text(node, "eventType");
    if (type == null) {
      type = event.type();
    }
    if (!haveState) {
      return; // The resync that follows every connection brings everything.
    }
    try {
      apply(type, node);
    } catch (RuntimeException e) {
      LOG.warn("marathon: cannot apply {} event: {}", type, e.toString());
    }
  }

  private void apply(String type, JsonNode e) {
    switch (type) {
      case "status_update_event":
        statusUpdate(e);
        break;
      case "health_status_changed_event":
        {
          String id = text(e, "taskId");
          String instance = text(e, "instanceId");
          setHealth(text(e, "appId"), id != null ? id : instance, bool(e, "alive"));
          break;
        }
      case "instance_health_changed_event":
        setHealth(text(e, "runSpecId"), text(e, "instanceId"), bool(e, "healthy"));
        break;
      case "instance_changed_event":
      case "unknown_instance_terminated_event":
        {
          String condition = text(e, "condition");
          if (condition != null
              && !NOT_GONE_CONDITIONS.contains(condition.toLowerCase(java.util.Locale.ROOT))) {
            removeInstance(text(e, "runSpecId"), text(e, "instanceId"), condition);
          }
          break;
        }
      case "app_terminated_event":
        {
          String id = text(e, "appId");
          if (apps.remove(id) != null | pods.remove(id) != null) {
            queuePublish();
          }
          break;
        }
      case "pod_created_event":
      case "pod_updated_event":
      case "pod_deleted_event":
        refreshPod(podIdOfUri(text(e, "uri")));
        break;
      case "api_post_event":
        {
          JsonNode def = e.get("appDefinition");
          if (def != null) {
            refreshApp(text(def, "id"));
          }
          break;
        }
      case "deployment_info":
      case "deployment_success":
      case "deployment_failed":
      case "deployment_step_success":
      case "deployment_step_failure":
        for (String appId : deploymentApps(e)) {
          refreshApp(appId);
        }
        break;
      default:
        break;
    }
  }

  private void statusUpdate(JsonNode e) {
    String appId = text(e, "appId");
    String taskId = text(e, "taskId");
    String state = text(e, "taskStatus");
    if (appId == null || taskId == null || state == null) {
      return;
    }
    if (pods.containsKey(appId)) {
      // Pod events name the pod; its status has what a container task needs.
      refreshPod(appId);
      return;
    }
    App app = apps.get(appId);
    if (app == null) {
      if (Task.RUNNING.equals(state) && !unknownAppIds.contains(appId)) {
        refreshApp(appId);
        if (!apps.containsKey(appId)) {
          refreshPod(appId);
        }
      }
      return;
    }
    List<AppTask> tasks = new ArrayList<>();
    AppTask previous = null;
    for (AppTask t : app.tasks()) {
      if (taskId.equals(t.id())) {
        previous = t;
      } else {
        tasks.add(t);
      }
    }
    if (Task.RUNNING.equals(state)) {
      List<Integer> ports = new ArrayList<>();
      e.path("ports").forEach(p -> ports.add(p.asInt()));
      List<TaskIpAddress> ips = new ArrayList<>();
      e.path("ipAddresses")
          .forEach(ip -> ips.add(new TaskIpAddress(text(ip, "ipAddress"), text(ip, "protocol"))));
      if (ips.isEmpty() && previous != null) {
        ips.addAll(previous.ipAddresses());
      }
      if (ips.isEmpty() && AppMapper.networkMode(app) == AppMapper.NetworkMode.CONTAINER) {
        // Older Marathons send no addresses: never publish the agent's IP for an IP-per-task app.
        refreshApp(appId);
        return;
      }
      tasks.add(
          new AppTask(
              taskId,
              appId,
              text(e, "host"),
              text(e, "slaveId"),
              state,
              text(e, "timestamp"),
              ports,
              ips,
              previous == null ? List.of() : previous.healthCheckResults()));
    } else if (previous == null) {
      return;
    } else {
      // Kept with its final state until the next full read: merged with the Mesos master's
      // copy (still running until its next poll), the ended state wins and the task leaves the
      // answers now rather than at the master's next refresh.
      tasks.add(previous.withState(state));
    }
    apps.put(appId, app.withTasks(tasks));
    queuePublish();
  }

  private void setHealth(String appId, String taskOrInstance, Boolean alive) {
    App app = appId == null ? null : apps.get(appId);
    if (app == null || taskOrInstance == null) {
      return;
    }
    List<HealthCheckResult> results =
        alive == null ? List.of() : List.of(new HealthCheckResult(alive));
    boolean changed = false;
    List<AppTask> tasks = new ArrayList<>();
    for (AppTask t : app.tasks()) {
      if (belongsTo(t.id(), taskOrInstance)) {
        tasks.add(t.withHealth(results));
        changed = true;
      } else {
        tasks.add(t);
      }
    }
    if (changed) {
      apps.put(appId, app.withTasks(tasks));
      queuePublish();
    }
  }

  private void removeInstance(String appId, String instanceId, String condition) {
    App app = appId == null ? null : apps.get(appId);
    if (app == null || instanceId == null) {
      return;
    }
    // Kept as ended tasks until the next full read, for the same reason as in statusUpdate.
    String ended = "TASK_" + condition.toUpperCase(java.util.Locale.ROOT);
    boolean changed = false;
    List<AppTask> tasks = new ArrayList<>();
    for (AppTask t : app.tasks()) {
      if (belongsTo(t.id(), instanceId) && Task.RUNNING.equals(AppMapper.state(t))) {
        tasks.add(t.withState(ended));
        changed = true;
      } else {
        tasks.add(t);
      }
    }
    if (changed) {
      apps.put(appId, app.withTasks(tasks));
      queuePublish();
    }
  }

  /**
   * Whether a task belongs to an instance named in an event: the same id, an instance id that
   * prefixes task ids ({@code x.instance-u} → {@code x.instance-u._app.1}), or the legacy form
   * where events say {@code x.marathon-u} for task {@code x.u}.
   */
  static boolean belongsTo(String taskId, String taskOrInstanceId) {
    if (taskId == null) {
      return false;
    }
    return taskId.equals(taskOrInstanceId)
        || taskId.startsWith(taskOrInstanceId + ".")
        || taskId.equals(taskOrInstanceId.replace(".marathon-", "."));
  }

  private void refreshApp(String appId) {
    if (appId == null || appId.isEmpty()) {
      return;
    }
    try {
      var app = client.app(appId);
      if (app.isPresent()) {
        apps.put(app.get().id() == null ? appId : app.get().id(), app.get());
        unknownAppIds.remove(appId);
      } else {
        // A pod, or an app deleted meanwhile: remember it until the next full read.
        unknownAppIds.add(appId);
        if (apps.remove(appId) == null) {
          return;
        }
      }
      queuePublish();
    } catch (MarathonException | RuntimeException ex) {
      LOG.warn("marathon: cannot refresh app {}: {}; reading everything", appId, ex.getMessage());
      worker.execute(this::resync);
    }
  }

  private void refreshPod(String podId) {
    if (podId == null || podId.isEmpty()) {
      return;
    }
    try {
      var pod = client.pod(podId);
      if (pod.isPresent()) {
        pods.put(podId, pod.get());
        unknownAppIds.remove(podId);
      } else if (pods.remove(podId) == null) {
        return;
      }
      queuePublish();
    } catch (MarathonException | RuntimeException ex) {
      LOG.warn("marathon: cannot refresh pod {}: {}; reading everything", podId, ex.getMessage());
      worker.execute(this::resync);
    }
  }

  /** {@code /v2/pods/group/pod::status} → {@code /group/pod}. */
  static String podIdOfUri(String uri) {
    if (uri == null || !uri.startsWith("/v2/pods")) {
      return null;
    }
    String id = uri.substring("/v2/pods".length());
    int colons = id.indexOf("::");
    if (colons >= 0) {
      id = id.substring(0, colons);
    }
    id = "/" + id.replaceAll("^/+", "").replaceAll("/+$", "");
    return id.length() > 1 ? id : null;
  }

  private static Set<String> deploymentApps(JsonNode e) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode step : e.path("plan").path("steps")) {
      for (JsonNode action : step.path("actions")) {
        String app = text(action, "app");
        if (app != null) {
          ids.add(app);
        }
      }
    }
    for (JsonNode action : e.path("currentStep").path("actions")) {
      String app = text(action, "app");
      if (app != null) {
        ids.add(app);
      }
    }
    return ids;
  }

  /** Publishes once after the events already queued, so a burst gives one report. */
  private void queuePublish() {
    if (!publishQueued) {
      publishQueued = true;
      worker.execute(this::publish);
    }
  }

  private void publish() {
    publishQueued = false;
    ReportSink s = sink;
    if (s != null && haveState) {
      s.publish(mapper.report(apps.values(), pods.values()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asBoolean();
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
