package org.gridscape.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleCsvTest {

  @Test
  void nullEmptyQuotesCommasAndLineBreaksSurviveARoundTrip() {
    List<List<String>> records = List.of(
        Arrays.asList("a", null, "", "x,y", "say \"hi\"", "two\r\nlines", "中文"),
        Arrays.asList(null, null, null, null, null, null, null),
        Arrays.asList("", "", "", "", "", "", ""));
    StringWriter text = new StringWriter();
    BundleCsv.Out out = new BundleCsv.Out(text);
    records.forEach(out::record);
    out.flush();
    assertThat(text.toString()).startsWith("a,,\"\",\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\",中文\r\n,,,,,,\r\n");
    BundleCsv.In in = new BundleCsv.In(new StringReader(text.toString()));
    assertThat(in.next()).isEqualTo(records.get(0));
    assertThat(in.recordLine()).isEqualTo(1);
    assertThat(in.next()).isEqualTo(records.get(1));
    assertThat(in.recordLine()).isEqualTo(3);
    assertThat(in.next()).isEqualTo(records.get(2));
    assertThat(in.next()).isNull();
  }

  @Test
  void aOneColumnNullRowIsAnEmptyLine() {
    StringWriter text = new StringWriter();
    BundleCsv.Out out = new BundleCsv.Out(text);
    out.record(Arrays.asList((String) null));
    out.record(List.of(""));
    out.flush();
    BundleCsv.In in = new BundleCsv.In(new StringReader(text.toString()));
    assertThat(in.next()).containsExactly((String) null);
    assertThat(in.next()).containsExactly("");
    assertThat(in.next()).isNull();
  }

  @Test
  void malformedQuotingIsAnErrorWithItsLine() {
    BundleCsv.In open = new BundleCsv.In(new StringReader("a\r\n\"open"));
    open.next();
    assertThatThrownBy(open::next).isInstanceOf(BackupException.class).hasMessageContaining("unterminated");
    BundleCsv.In in = new BundleCsv.In(new StringReader("a\r\nb\"c\r\n"));
    in.next();
    assertThatThrownBy(in::next).isInstanceOf(BackupException.class).hasMessageContaining("line 2");
  }
}
