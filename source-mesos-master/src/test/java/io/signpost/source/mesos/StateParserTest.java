package io.signpost.source.mesos;

import static io.signpost.source.mesos.TestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Edge cases of the streaming parser on small hand-written states. */
class StateParserTest {

  private final StateParser parser = new StateParser(TestSupport.RESOLVER);
  private final Warnings.Batch warnings = new Warnings.Batch();

  private MesosState parse(String json) throws IOException {
    return parser.parse(
        new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
        warnings,
        true);
  }

  private Task onlyTask(String taskJson) throws IOException {
    MesosState state =
        parse("{'frameworks':[{'name':'fw','tasks':[" + taskJson + "]}]}");
    assertThat(state.tasks()).hasSize(1);
    return state.tasks().get(0);
  }

  @Test
  void aStateThatFillsTheHeapStopsWithAClearError() throws IOException {
    byte[] state = new StateGenerator(3 * StateParser.HEAP_CHECK_TASKS, 1).bytes();
    // The heap is found full after a collection once the parse has begun.
    AtomicLong fullCollections = new AtomicLong();
    StateParser watched = new StateParser(TestSupport.RESOLVER, true,
        fullCollections::getAndIncrement);
    assertThatThrownBy(() -> watched.parse(new ByteArrayInputStream(state), warnings, false))
        .isInstanceOf(StateTooBigException.class)
        .hasMessageContaining("does not fit the heap")
        .hasMessageContaining("last good state is kept")
        .hasMessageContaining("-Xmx");
    // A heap that was already full before the parse, and stays so, does not stop it.
    StateParser steady = new StateParser(TestSupport.RESOLVER, true, () -> 7);
    assertThat(steady.parse(new ByteArrayInputStream(state), warnings, false).tasks())
        .hasSize(3 * StateParser.HEAP_CHECK_TASKS);
  }

  @Test
  void aFrameworkNameWrittenAfterItsTasksStillNamesThem() throws IOException {
    String tasks = "'tasks':[{'id':'a','name':'web','ports_unused':1},{'id':'b','name':'db'}]";
    MesosState before = parse("{'frameworks':[{'name':'fw'," + tasks + "}]}");
    MesosState after = parse("{'frameworks':[{" + tasks + ",'name':'fw'}]}");
    assertThat(before.tasks()).extracting(Task::id, Task::framework)
        .containsExactly(tuple("a", "fw"), tuple("b", "fw"));
    assertThat(after.tasks()).isEqualTo(before.tasks());
  }

  @Test
  void theLastFrameworkNameCountsEvenAfterTasksWereRead() throws IOException {
    MesosState state = parse("{'frameworks':[{'name':'first','tasks':[{'id':'a'}],"
        + "'name':'second','tasks':[{'id':'b'}]},{'name':'other','tasks':[{'id':'c'}]}]}");
    assertThat(state.frameworks()).extracting(f -> f.name()).containsExactly("second", "other");
    assertThat(state.tasks()).extracting(Task::id, Task::framework)
        .containsExactly(tuple("a", "second"), tuple("b", "second"), tuple("c", "other"));
  }

  @Test
  void readsPortRangesAndDiscoveryPortsIntoUnmodifiableLists() throws IOException {
    Task task = onlyTask("{'id':'t','resources':{'ports':'[31000-31001, 31005]'},"
        + "'discovery':{'name':'d','ports':{'ports':[{'number':80,'protocol':'tcp'}]}}}");
    assertThat(task.resourcePorts()).containsExactly(31000, 31001, 31005);
    assertThat(task.discovery().ports()).extracting(p -> p.number()).containsExactly(80);
    // Unmodifiable already: the model's constructors keep the parser's lists, copying nothing.
    assertThat(List.copyOf(task.resourcePorts())).isSameAs(task.resourcePorts());
    assertThat(List.copyOf(task.discovery().ports())).isSameAs(task.discovery().ports());
    assertThat(List.copyOf(task.containerIps())).isSameAs(task.containerIps());
  }

  @Test
  void stopsEarlyWhenTheAnsweringMasterIsNotTheLeader() throws IOException {
    MesosState state =
        parse(
            "{'pid':'master@10.0.0.2:5050','leader':'master@10.0.0.1:5050',"
                + "'frameworks':[{'name':'fw','tasks':[{'id':'t'}]}], this is never read");
    assertThat(state.complete()).isFalse();
    assertThat(state.leader()).isEqualTo("master@10.0.0.1:5050");
    assertThat(state.tasks()).isEmpty();
  }

  @Test
  void picksTheLatestRunningStatusAndTiesGoToTheEarlierOne() throws IOException {
    Task task =
        onlyTask(
            "{'id':'t','state':'TASK_RUNNING','statuses':["
                + "{'state':'TASK_RUNNING','timestamp':5,'labels':[{'key':'"
                + StateParser.DOCKER_IP_LABEL + "','value':'10.0.0.1'}]},"
                + "{'state':'TASK_RUNNING','timestamp':5,'labels':[{'key':'"
                + StateParser.DOCKER_IP_LABEL + "','value':'10.0.0.2'}]},"
                + "{'state':'TASK_KILLING','timestamp':9,'labels':[{'key':'"
                + StateParser.DOCKER_IP_LABEL + "','value':'10.0.0.3'}]}]}");
    assertThat(task.containerIps()).containsExactly(new TaskIp(ip("10.0.0.1"), IpSource.DOCKER));
  }

  @Test
  void readsEveryIpSourceOfTheChosenStatusAndDropsInvalidOnes() throws IOException {
    Task task =
        onlyTask(
            "{'id':'t','statuses':[{'state':'TASK_RUNNING','timestamp':1,"
                + "'labels':[{'key':'" + StateParser.MESOS_IP_LABEL + "','value':'10.0.0.5'},"
                + "{'key':'" + StateParser.DOCKER_IP_LABEL + "','value':'not-an-ip'},"
                + "{'key':'" + StateParser.DOCKER_IP_LABEL + "','value':'2001:db8::5'}],"
                + "'container_status':{'network_infos':["
                + "{'ip_addresses':[{'ip_address':'10.1.0.1'},{'protocol':'IPv6',"
                + "'ip_address':'fd00::1'},{'ip_address':'999.1.1.1'}]},"
                + "{'ip_addresses':[],'ip_address':'10.1.0.2'}]}}]}");
    assertThat(task.containerIps())
        .containsExactlyInAnyOrder(
            new TaskIp(ip("10.1.0.1"), IpSource.NETINFO),
            new TaskIp(ip("fd00::1"), IpSource.NETINFO),
            // 0.25-style single address: used because that entry's list is empty.
            new TaskIp(ip("10.1.0.2"), IpSource.NETINFO),
            new TaskIp(ip("10.0.0.5"), IpSource.MESOS),
            new TaskIp(ip("2001:db8::5"), IpSource.DOCKER));
  }

  @Test
  void noRunningStatusMeansNoContainerIps() throws IOException {
    Task task =
        onlyTask(
            "{'id':'t','state':'TASK_STAGING','statuses':[{'state':'TASK_STAGING',"
                + "'container_status':{'network_infos':[{'ip_address':'10.0.0.1'}]}}]}");
    assertThat(task.containerIps()).isEmpty();
    assertThat(task.running()).isFalse();
  }

  @Test
  void healthComesFromTheLatestStatus() throws IOException {
    assertThat(
            onlyTask(
                    "{'id':'t','statuses':[{'state':'TASK_RUNNING','timestamp':1,'healthy':true},"
                        + "{'state':'TASK_RUNNING','timestamp':2,'healthy':false}]}")
                .health())
        .isEqualTo(Health.UNHEALTHY);
    assertThat(onlyTask("{'id':'t','statuses':[{'state':'TASK_RUNNING'}]}").health())
        .isEqualTo(Health.UNKNOWN);
  }

  @Test
  void toleratesNullsWrongTypesAndUnknownFields() throws IOException {
    MesosState state =
        parse(
            "{'slaves':null,'unknown':{'deep':[1,2,{'x':null}]},"
                + "'frameworks':[{'name':'fw','pid':null,'tasks':[{'id':'t','name':null,"
                + "'statuses':null,'resources':'cpus','discovery':{'name':'d','ports':"
                + "{'ports':[{'number':'80'},{'number':70000},{'number':53,'protocol':'udp'}]}}},"
                + "{'name':'no id'}]}]}");
    assertThat(state.agents()).isEmpty();
    assertThat(state.frameworks()).hasSize(1);
    assertThat(state.frameworks().get(0).addresses()).isEmpty();
    assertThat(state.tasks()).hasSize(1);
    Task task = state.tasks().get(0);
    assertThat(task.name()).isEmpty();
    assertThat(task.resourcePorts()).isEmpty();
    assertThat(task.discovery().ports())
        .containsExactly(new io.signpost.spi.model.PortMapping(53, "udp", ""));
    assertThat(warnings.messages())
        .contains(
            "task t: ignoring discovery ports without a valid number",
            "skipping a task without id (name 'no id')");
  }

  @Test
  void tasksOnUnknownAgentsAreStillReported() throws IOException {
    MesosState state =
        parse(
            "{'slaves':[{'id':'a1','pid':'slave(1)@10.0.0.1:5051'}],"
                + "'frameworks':[{'name':'fw','tasks':[{'id':'t','slave_id':'gone'}]}]}");
    assertThat(state.tasks().get(0).agentId()).isEqualTo("gone");
  }

  @Test
  void anUnresolvableHostnameInAPidLeavesTheItemWithoutAddresses() throws IOException {
    MesosState state =
        parse(
            "{'slaves':[{'id':'a1','hostname':'h','pid':'slave(1)@agent.invalid:5051'}],"
                + "'frameworks':[{'name':'fw','hostname':'fw.invalid'}]}");
    assertThat(state.agents().get(0).addresses()).isEmpty();
    assertThat(state.frameworks().get(0).addresses()).isEmpty();
    assertThat(warnings.messages())
        .containsExactly(
            "agent a1: host 'agent.invalid' does not resolve",
            "framework 'fw': host 'fw.invalid' does not resolve");
  }

  @Test
  void rejectsDocumentsThatAreNotAState() {
    assertThatThrownBy(() -> parse("[]")).hasMessage("state is not a JSON object");
    assertThatThrownBy(() -> parse("{'slaves':[]} {}"))
        .hasMessageContaining("unexpected content after the document");
    assertThatThrownBy(() -> parse("{'slaves':[{'id':'a'")).hasMessageContaining("end-of-input");
  }
}
