package io.cardkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentProbeTest {

    @Test
    void probe_describesMachineJdkAndRun() {
        Map<String, String> env = EnvironmentProbe.probe("quick", "-f 1", "abc1234");

        assertThat(env)
                .containsKeys("date", "cpu", "cores", "memory", "jdk", "os", "loadAverage")
                .containsEntry("profile", "quick")
                .containsEntry("jmhOptions", "-f 1")
                .containsEntry("commit", "abc1234")
                .containsEntry("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(env.get("jdk")).contains(System.getProperty("java.runtime.version"));
        assertThat(env.get("date")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(env.get("memory")).endsWith("GiB");
    }

    @Test
    void main_writesJsonTheReportReads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("20261101T000000Z-quick.env.json");

        EnvironmentProbe.main(new String[] {out.toString(), "full", "-f 3", "def5678"});

        @SuppressWarnings("unchecked")
        Map<String, String> written = new ObjectMapper().readValue(out.toFile(), Map.class);
        assertThat(written).containsEntry("profile", "full").containsEntry("commit", "def5678");
    }

    @Test
    void main_wrongArgumentCount_throwsWithUsage() {
        assertThatThrownBy(() -> EnvironmentProbe.main(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage: EnvironmentProbe");
    }
}
