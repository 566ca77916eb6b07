package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTableTest {

  @Test
  void readsGbkWithChineseHeadersAndValues() {
    String csv = "人员编号,户编号,姓名,身份证号,电话,性别,出生年份,与户主关系,标签,备注\n"
        + "R1,H1,张三,35052119800101123x,138-1234-5678,男,1980,户主,低保；残疾人,一楼\n";
    LayerTable table = LayerTable.read(LayerKind.RESIDENTS, csv.getBytes(TextDecoding.GBK), "text/csv");
    assertThat(table.charset).isEqualTo(TextDecoding.GBK);
    assertThat(table.problems).isEmpty();
    assertThat(table.ignoredColumns).containsExactly("备注");
    Object[] row = table.rows.get(0).values();
    assertThat(row).containsExactly("R1", "H1", "张三", "35052119800101123X", "138-1234-5678", "male", 1980, "head",
        List.of("dibao", "disabled"));
  }

  @Test
  void readsUtf8WithBomAndEnglishHeadersInAnyOrder() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "Inspected On,GRADE,building id\n2026/5/1,b级,B1\n".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, body, 0, 3);
    System.arraycopy(text, 0, body, 3, text.length);
    LayerTable table = LayerTable.read(LayerKind.INSPECTIONS, body, null);
    assertThat(table.charset).isEqualTo(StandardCharsets.UTF_8);
    assertThat(table.problems).isEmpty();
    assertThat(table.rows.get(0).values()).containsExactly("B1", LocalDate.of(2026, 5, 1), "B", null);
  }

  @Test
  void reportsEveryBadValueWithItsLineAndNeverEchoesPersonalValues() {
    String csv = "resident_id,household_id,id_number,phone,birth_year,gender\n"
        + "R1,H1,12345,13800000000,1980,male\n"
        + "R2,,350521198001011234,call me,1980,male\n"
        + "R3,H1,,,3000,robot\n"
        + "R1,H1,,,,\n";
    LayerTable table = LayerTable.read(LayerKind.RESIDENTS, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    assertThat(table.problems).extracting(RowProblem::position).containsExactly(2, 3, 3, 4, 4, 5);
    assertThat(table.problems).extracting(RowProblem::rule).containsExactly("value.invalid", "value.missing",
        "value.invalid", "value.invalid", "value.invalid", "key.duplicate");
    assertThat(table.problems.toString()).doesNotContain("12345", "call me");
    assertThat(table.rows).as("every row has a problem").isEmpty();
  }

  @Test
  void readsJsonArraysWithListsAndNumbers() {
    String json = "[{\"worker_id\":\"W1\",\"type\":\"综治网格员\",\"grid_codes\":[\"350521104201001\",\"350521104201002\"]},"
        + "{\"worker_id\":\"W2\",\"type\":\"police\",\"grid_codes\":\"350521104201001;bad\"}]";
    LayerTable table = LayerTable.read(LayerKind.WORKERS, json.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(table.rows).hasSize(1);
    assertThat(table.rows.get(0).values()[2]).isEqualTo("comprehensive");
    assertThat(table.rows.get(0).values()[6]).isEqualTo(List.of("350521104201001", "350521104201002"));
    assertThat(table.problems).singleElement().satisfies(p -> {
      assertThat(p.json()).isTrue();
      assertThat(p.position()).isEqualTo(2);
      assertThat(p.toMap()).containsEntry("item", 2).containsEntry("column", "grid_codes");
    });
  }

  @Test
  void requiredColumnsMustBeThere() {
    LayerTable table = LayerTable.read(LayerKind.HOUSEHOLDS, "household_id\nH1\n".getBytes(StandardCharsets.UTF_8),
        "text/csv");
    assertThat(table.problems).singleElement().satisfies(p -> {
      assertThat(p.rule()).isEqualTo("column.missing");
      assertThat(p.column()).isEqualTo("building_id");
      assertThat(p.position()).isEqualTo(1);
    });
  }

  @Test
  void rejectsWhatIsNotATable() {
    assertThatThrownBy(() -> LayerTable.read(LayerKind.HOUSEHOLDS, new byte[0], "text/csv"))
        .isInstanceOf(LayerImportException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> LayerTable.read(LayerKind.HOUSEHOLDS, "[{".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOfSatisfying(LayerImportException.class,
            e -> assertThat(e.kind()).isEqualTo(LayerImportException.Kind.MALFORMED));
    assertThatThrownBy(() -> LayerTable.read(LayerKind.HOUSEHOLDS, "a".getBytes(StandardCharsets.UTF_8), "image/png"))
        .isInstanceOfSatisfying(LayerImportException.class,
            e -> assertThat(e.kind()).isEqualTo(LayerImportException.Kind.UNSUPPORTED_MEDIA_TYPE));
  }
}
