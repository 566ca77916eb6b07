package org.gridscape.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
    List<CsvParser.Record> records = CsvParser.parse("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n");
    assertThat(records).hasSize(3);
    assertThat(records.get(1).fields()).containsExactly("x,1", "say \"hi\"", "two\nlines");
    assertThat(records.get(1).line()).isEqualTo(2);
    assertThat(records.get(2).line()).as("the quoted line break moves the next record down").isEqualTo(4);
    assertThat(records.get(2).fields()).containsExactly("last", "", "");
  }

  @Test
  void skipsBlankLinesAndAcceptsAMissingFinalLineEnd() {
    List<CsvParser.Record> records = CsvParser.parse("h\n\n1\n\n2");
    assertThat(records).extracting(CsvParser.Record::line).containsExactly(1, 3, 5);
  }

  @Test
  void rejectsBrokenQuotingWithTheLine() {
    assertThatThrownBy(() -> CsvParser.parse("h\n\"open")).isInstanceOf(CsvParser.MalformedCsv.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> CsvParser.parse("h\nab\"c")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> CsvParser.parse("h\n\"a\"b")).hasMessageContaining("closing quote");
  }
}
