package io.signpost.example.staticsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import org.junit.jupiter.api.Test;

class HostsFileTest {

  @Test
  void hostsBecomeAOrAaaaByAddressFamilyAndServicesSrv() {
    assertThat(HostsFile.parse("""
        {"hosts": {"db": ["10.0.0.5", "FD00::5"]}, "services": {"_pg._tcp.db": ["db:5432"]}}
        """)).containsExactly(
            new PlainRecord("db", RecordType.A, "10.0.0.5"),
            new PlainRecord("db", RecordType.AAAA, "fd00:0:0:0:0:0:0:5"),
            new PlainRecord("_pg._tcp.db", RecordType.SRV, "db:5432"));
    assertThat(HostsFile.parse("{}")).isEmpty();
  }

  @Test
  void problemsAreNamed() {
    assertThatThrownBy(() -> HostsFile.parse("{\"hosts\": {\"db\": [\"10.0.0.5\"]"))
        .hasMessageStartingWith("invalid JSON at line 1");
    assertThatThrownBy(() -> HostsFile.parse("{\"host\": {}}"))
        .hasMessageContaining("invalid JSON").hasMessageContaining("\"host\"");
    assertThatThrownBy(() -> HostsFile.parse("{\"hosts\": {\"db\": [\"10.0.0.5\"], \"db\": []}}"))
        .hasMessageContaining("Duplicate field 'db'");
    assertThatThrownBy(() -> HostsFile.parse(""))
        .hasMessage("the file is empty");
    assertThatThrownBy(() -> HostsFile.parse("{\"hosts\": {\"db\": [\"10.0.0.256\"]}}"))
        .hasMessage("hosts.db: '10.0.0.256' is not an IP address");
    assertThatThrownBy(() -> HostsFile.parse("{\"hosts\": {\"db\": [\"fd00::5::6\"]}}"))
        .hasMessage("hosts.db: 'fd00::5::6' is not an IP address");
    assertThatThrownBy(() -> HostsFile.parse("{\"hosts\": {\"db\": []}}"))
        .hasMessage("hosts.db: no values");
    assertThatThrownBy(() -> HostsFile.parse("{\"services\": {\"_x._tcp\": [\"db\"]}}"))
        .hasMessage("services._x._tcp: 'db' is not target:port");
    assertThatThrownBy(() -> HostsFile.parse("{\"services\": {\"_x._tcp\": [\"db:70000\"]}}"))
        .hasMessage("services._x._tcp: 'db:70000' is not target:port");
  }
}
