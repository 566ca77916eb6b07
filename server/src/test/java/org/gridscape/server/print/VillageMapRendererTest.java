package org.gridscape.server.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.imagery.basemap.BaseMapRenderer;
import org.gridscape.server.ogc.Feature;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** The village sheet drawn from an in-memory village of three grids, read back with PDFBox. */
class VillageMapRendererTest {

  private static final PrintFonts FONTS = new PrintFonts(null);

  private static Geometry wkt(String text) {
    try {
      return new WKTReader().read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static VillageSheet sheet(VillageSheet.WorkerNames names, String worker) {
    Geometry village = wkt("POLYGON((118.700 24.960, 118.706 24.960, 118.706 24.964, 118.700 24.964, 118.700 24.960))");
    List<VillageSheet.Grid> grids = List.of(
        new VillageSheet.Grid("350521104201001", "洛阳村第一网格", GridKind.STANDARD,
            wkt("POLYGON((118.700 24.960, 118.703 24.960, 118.703 24.964, 118.700 24.964, 118.700 24.960))"), 812,
            List.of(new VillageSheet.Worker("community", worker), new VillageSheet.Worker("police", worker),
                new VillageSheet.Worker("part_time", null))),
        new VillageSheet.Grid("350521104201002", "洛阳村第二网格", GridKind.STANDARD,
            wkt("POLYGON((118.703 24.960, 118.706 24.960, 118.706 24.962, 118.703 24.962, 118.703 24.960))"), 640,
            List.of()),
        new VillageSheet.Grid("350521104201003", "桥南安置小区", GridKind.RESETTLEMENT,
            wkt("POLYGON((118.703 24.962, 118.706 24.962, 118.706 24.964, 118.703 24.964, 118.703 24.962))"), 955,
            List.of(new VillageSheet.Worker("comprehensive", worker))));
    BaseMapRenderer.Content ground = new BaseMapRenderer.Content(List.of(),
        List.of(new Feature("350521104201", village, Map.of())), List.of(),
        List.of(new Feature("w1", wkt("POLYGON((118.7005 24.9605, 118.7015 24.9605, 118.7015 24.9612, 118.7005 24.9612, "
            + "118.7005 24.9605))"), Map.of("kind", "pond"))),
        List.of(new Feature("r1", wkt("LINESTRING(118.703 24.959, 118.703 24.965)"), Map.of("road_class", "arterial"))),
        List.of(new Feature("B1", wkt("POLYGON((118.7040 24.9610, 118.7042 24.9610, 118.7042 24.9612, 118.7040 24.9612, "
            + "118.7040 24.9610))"), Map.of())),
        List.of());
    return new VillageSheet("350521104201", "洛阳村", "洛阳镇", "泉州台商投资区", village, grids, ground,
        new VillageSheet.Revision(3, 2, OffsetDateTime.of(2026, 11, 30, 8, 0, 0, 0, ZoneOffset.UTC)), names,
        LocalDate.of(2026, 12, 6), "test");
  }

  @Test
  void a4PortraitSheetHasOnePageTheTextAndEmbeddedFonts() throws Exception {
    byte[] pdf;
    try (RenderedSheet sheet = VillageMapRenderer.render(sheet(VillageSheet.WorkerNames.MASKED, "林*"),
        PageFormat.parse("A4", "portrait"), FONTS)) {
      pdf = sheet.pdf();
    }
    PdfChecks.Read read = PdfChecks.assertSheet(pdf, 595.28, 841.89);
    assertThat(read.text()).contains("洛阳村网格分布图", "洛阳镇", "泉州台商投资区", "350521104201001", "350521104201002",
        "350521104201003", "洛阳村第一网格", "安置小区", "林*", "比例尺", "EPSG:3857", "2026-12-06", "网格第 3 版",
        "812");
  }

  @Test
  void hiddenNamesCountWorkersByType() throws Exception {
    byte[] pdf;
    try (RenderedSheet sheet = VillageMapRenderer.render(sheet(VillageSheet.WorkerNames.HIDDEN, null),
        PageFormat.defaults(), FONTS)) {
      pdf = sheet.pdf();
    }
    PdfChecks.Read read = PdfChecks.assertSheet(pdf, 1190.55, 841.89);
    assertThat(read.text()).contains("社区 1", "警务 1", "兼职 1", "综治 1").doesNotContain("林");
  }

  @Test
  void thePngIsTheSamePageRendered() throws Exception {
    byte[] png;
    try (RenderedSheet sheet = VillageMapRenderer.render(sheet(VillageSheet.WorkerNames.MASKED, "林*"),
        PageFormat.parse("A4", "landscape"), FONTS)) {
      png = sheet.png(72);
    }
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isBetween(841, 842);
    assertThat(image.getHeight()).isBetween(595, 596);
  }

  @Test
  void aMissingConfiguredFontIsNamedInTheRefusal() {
    PrintFonts missing = new PrintFonts(Path.of("/nonexistent/font.ttf"));
    assertThatThrownBy(missing::choice).isInstanceOfSatisfying(PrintException.class, e -> {
      assertThat(e.kind()).isEqualTo(PrintException.Kind.FONT_UNAVAILABLE);
      assertThat(e.getMessage()).contains("/nonexistent/font.ttf");
    });
  }
}
