package org.gridscape.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputFormatTest {

  @Test
  void mediaTypesPickTheFormat() {
    assertThat(InputFormat.detect("application/geo+json", new byte[0])).isEqualTo(InputFormat.GEOJSON);
    assertThat(InputFormat.detect("application/json; charset=utf-8", new byte[0])).isEqualTo(InputFormat.GEOJSON);
    assertThat(InputFormat.detect("application/zip", new byte[0])).isEqualTo(InputFormat.SHAPEFILE_ZIP);
    assertThat(InputFormat.detect("application/geopackage+sqlite3", new byte[0])).isEqualTo(InputFormat.GEOPACKAGE);
  }

  @Test
  void genericTypesAreSniffed() {
    assertThat(InputFormat.detect("application/octet-stream", new byte[] {'P', 'K', 3, 4, 0})).isEqualTo(InputFormat.SHAPEFILE_ZIP);
    assertThat(InputFormat.detect(null, "SQLite format 3\0xxxx".getBytes(StandardCharsets.US_ASCII))).isEqualTo(InputFormat.GEOPACKAGE);
    assertThat(InputFormat.detect("", "\uFEFF  {\"type\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(InputFormat.GEOJSON);
  }

  @Test
  void unsupportedTypesAre415() {
    assertThatThrownBy(() -> InputFormat.detect("text/csv", "a,b".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.UNSUPPORTED_TYPE);
          assertThat(e.code()).isEqualTo("unsupported_media_type");
        });
    assertThatThrownBy(() -> InputFormat.detect("application/octet-stream", "hello".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.UNSUPPORTED_TYPE));
  }
}
