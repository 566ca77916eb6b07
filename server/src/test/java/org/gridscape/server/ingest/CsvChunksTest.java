package org.gridscape.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvChunksTest {

  @TempDir
  Path dir;

  private List<CsvChunks.Chunk> chunks(String csv, int records) throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    List<CsvChunks.Chunk> out = new ArrayList<>();
    try (CsvChunks chunks = CsvChunks.open(file, records)) {
      for (CsvChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
        out.add(c);
      }
    }
    return out;
  }

  private static String text(CsvChunks.Chunk chunk) {
    return new String(chunk.csv(), StandardCharsets.UTF_8);
  }

  @Test
  void everyPartStartsWithTheHeaderAndKnowsItsFileLines() throws IOException {
    // Record 2 spans two lines inside quotes; the last record has no line end.
    String csv = "id,name\n1,a\n2,\"b\nc, \"\"d\"\"\"\n3,e\n4,f\n5,g";
    List<CsvChunks.Chunk> parts = chunks(csv, 2);

    assertThat(parts).extracting(CsvChunks.Chunk::records).containsExactly(2, 2, 1);
    assertThat(text(parts.get(0))).isEqualTo("id,name\n1,a\n2,\"b\nc, \"\"d\"\"\"\n");
    assertThat(text(parts.get(1))).isEqualTo("id,name\n3,e\n4,f\n");
    assertThat(text(parts.get(2))).isEqualTo("id,name\n5,g\n");
    assertThat(parts).extracting(CsvChunks.Chunk::firstLine).containsExactly(2, 5, 7);
    // Line 3 of the second part (record "4,f") is line 6 of the file; the header is line 1.
    assertThat(parts.get(1).fileLine(3)).isEqualTo(6);
    assertThat(parts.get(1).fileLine(1)).isEqualTo(1);
    // Each part parses as the same records as the file.
    List<List<String>> records = new ArrayList<>();
    parts.forEach(p -> CsvParser.parse(text(p)).stream().skip(1).forEach(r -> records.add(r.fields())));
    assertThat(records).isEqualTo(CsvParser.parse(csv).stream().skip(1).map(CsvParser.Record::fields).toList());
  }

  @Test
  void aFileThatEndsAtAPartBoundaryGivesNoEmptyPart() throws IOException {
    assertThat(chunks("id\n1\n2\n", 2)).hasSize(1);
    assertThat(chunks("id\n", 2)).singleElement().satisfies(c -> {
      assertThat(c.records()).isZero();
      assertThat(text(c)).isEqualTo("id\n");
    });
    assertThat(chunks("", 2)).isEmpty();
  }

  @Test
  void gbkBytesPassUnchanged() throws IOException {
    Path file = dir.resolve("gbk.csv");
    byte[] gbk = "编号,姓名\n1,张三\n2,李四\n".getBytes(java.nio.charset.Charset.forName("GBK"));
    Files.write(file, gbk);
    try (CsvChunks chunks = CsvChunks.open(file, 1)) {
      assertThat(new String(chunks.next().csv(), "GBK")).isEqualTo("编号,姓名\n1,张三\n");
      assertThat(new String(chunks.next().csv(), "GBK")).isEqualTo("编号,姓名\n2,李四\n");
      assertThat(chunks.next()).isNull();
    }
  }
}
