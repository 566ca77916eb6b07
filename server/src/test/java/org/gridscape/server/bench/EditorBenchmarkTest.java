package org.gridscape.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench editor} on a small village: it loads, times both operations and reports passing results. */
class EditorBenchmarkTest {

  @Test
  void smallRunReportsValidationAndAPassingProposal(@TempDir Path work) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    EditorBenchmark.run(new EditorBenchmark.Options(work, null, 1200, 2, 1), new PrintStream(bytes, true,
        StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("300 houses, 1200 residents, 6 roads, 8 grids").contains("stored set ok=true");
    assertThat(out).containsPattern("live validation of an edited set .*median \\d+ ms.*over 2 rounds \\(ok=true");
    assertThat(out).containsPattern("auto-partition .*median \\d+ ms.*its validation ok=true \\(0 errors");
  }

  @Test
  void refusesNonsenseSizes(@TempDir Path work) {
    assertThatThrownBy(() -> new EditorBenchmark.Options(work, null, 10, 1, 1)).hasMessageContaining("--residents");
    assertThatThrownBy(() -> new EditorBenchmark.Options(work, null, 5000, 0, 1)).hasMessageContaining("--rounds");
  }
}
