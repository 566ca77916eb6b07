package org.gridscape.server.ingest.shapefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbfTest {

  private static final Charset GBK = Charset.forName("GBK");

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static final List<String> FIELDS = List.of("编号", "层数", "高度", "用途", "结构", "建成年份", "危房");
  private static final List<Map<String, Object>> ROWS = List.of(
      row("编号", "QZ-001", "层数", 3L, "高度", 9.6, "用途", "住宅", "结构", "砖混", "建成年份", 1998L, "危房", false),
      row("编号", "QZ-002", "层数", 12L, "高度", 36.25, "用途", "商住", "结构", "框架", "建成年份", 2012L, "危房", true),
      row("编号", "QZ-003", "层数", null, "高度", null, "用途", null, "结构", "土木", "建成年份", null, "危房", null));

  @Test
  void gbkTableWithoutCpgIsDetectedAndReadBack() {
    byte[] dbf = DbfWriter.write(FIELDS, ROWS, GBK);
    // the GBK bytes of Chinese text are not valid UTF-8, which is how the reader tells
    assertThat(DbfReader.isUtf8(dbf, 0, dbf.length)).isFalse();
    DbfTable table = DbfReader.read("b.dbf", dbf, null);
    assertThat(table.fieldNames()).containsExactlyElementsOf(FIELDS);
    assertThat(table.rows()).containsExactlyElementsOf(ROWS);
    assertThat(table.charset().newEncoder().canEncode("建成年份")).isTrue();
  }

  @Test
  void utf8TableWithCpgKeepsFieldNamesWithinTenBytes() {
    byte[] dbf = DbfWriter.write(FIELDS, ROWS, StandardCharsets.UTF_8);
    DbfTable table = DbfReader.read("b.dbf", dbf, "UTF-8\n");
    assertThat(table.charset()).isEqualTo(StandardCharsets.UTF_8);
    // four Chinese characters take 12 bytes in UTF-8, so 建成年份 is cut to three characters
    assertThat(table.fieldNames()).contains("编号", "层数", "建成年");
    assertThat(table.rows().get(1)).containsEntry("用途", "商住").containsEntry("建成年", 2012L).containsEntry("高度", 36.25);
  }

  @Test
  void utf8TableWithoutCpgIsRecognisedAsUtf8() {
    byte[] dbf = DbfWriter.write(List.of("name"), List.of(row("name", "后渚村")), StandardCharsets.UTF_8);
    assertThat(DbfReader.read("n.dbf", dbf, null).rows().get(0)).containsEntry("name", "后渚村");
  }

  @Test
  void cpgNamesCodePages() {
    byte[] dbf = DbfWriter.write(List.of("name"), List.of(row("name", "洛阳镇")), GBK);
    assertThat(DbfReader.read("n.dbf", dbf, "936").rows().get(0)).containsEntry("name", "洛阳镇");
    assertThat(DbfReader.read("n.dbf", dbf, "GBK").rows().get(0)).containsEntry("name", "洛阳镇");
  }

  @Test
  void deletedRecordsAreFlagged() {
    byte[] dbf = DbfWriter.write(List.of("n"), List.of(row("n", 1L), row("n", 2L)), StandardCharsets.UTF_8);
    int headerLength = (dbf[8] & 0xFF) | (dbf[9] & 0xFF) << 8;
    dbf[headerLength] = '*';
    DbfTable table = DbfReader.read("d.dbf", dbf, null);
    assertThat(table.deleted()).containsExactly(true, false);
  }

  @Test
  void duplicateTruncatedNamesAreMadeUnique() {
    List<DbfWriter.Column> columns = DbfWriter.columns(List.of("population_2020", "population_2021"),
        List.of(row("population_2020", 1L, "population_2021", 2L)), StandardCharsets.UTF_8);
    assertThat(columns).extracting(DbfWriter.Column::storedName).containsExactly("population", "populati_1");
  }
}
