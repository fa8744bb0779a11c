package io.signpost.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** hash5 and the agent tail (behaviour spec §5.3). */
class TaskHashTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(emptyValue = "", value = {
      "test, iffe9",
      "liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5, 4dfjd",
      "liquor-store.b71166c1-562f-11e4-a088-c20493233aa5, zasmd",
      "car-store.43758382-562f-11e4-a088-c20493233aa5, zinaz",
      "nginx.48dccce7-90bc-11e6-ae70-70b3d5800001, jhy6r",
      "toy-store.b8db9f73-562f-11e4-a088-c20493233aa5, go588",
      "some-box.b8db9f73-562f-11e4-a088-c20493233aa5, h3dyr",
      "'', 5eh48",
  })
  void hash5(String taskId, String expected) {
    assertThat(TaskHash.hash5(taskId)).isEqualTo(expected);
  }

  @Test
  void hashUsesUtf8() {
    // Different bytes in UTF-8 and Latin-1: the hash must follow the UTF-8 ones.
    assertThat(TaskHash.hash5("tâche")).isNotEqualTo(TaskHash.hash5("tache")).hasSize(5);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "20140803-125133-3041283216-5050-2410-0, 0",
      "b01a2ee1-4e6b-4f3c-8a0b-2a7c1c2b1e11-S3, s3",
      "S12, s12",
  })
  void agentTail(String agentId, String expected) {
    assertThat(TaskHash.agentTail(agentId)).isEqualTo(expected);
  }

  @Test
  void oddAgentTailIsStillOneLegalLabel() {
    assertThat(TaskHash.agentTail("x-a.b c")).isEqualTo("a-bc");
  }

  @Test
  void hasherGivesTheBitsOfEachIdWhateverCameBefore() {
    TaskHash.Hasher hasher = new TaskHash.Hasher();
    java.security.MessageDigest sha1 = TaskHash.sha1();
    String[] ids = {"test", "", "tâche", "nginx.48dccce7-90bc-11e6-ae70-70b3d5800001",
        "x".repeat(300), "t", "日本.1", "test"};
    for (String id : ids) {
      assertThat(hasher.bits(id)).as(id).isEqualTo(TaskHash.bits(id, sha1));
    }
    assertThat(TaskHash.hash5(hasher.bits("test"))).isEqualTo("iffe9");
  }
}
