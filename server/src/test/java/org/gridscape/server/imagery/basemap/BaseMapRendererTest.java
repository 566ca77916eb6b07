package org.gridscape.server.imagery.basemap;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.gridscape.server.ogc.Feature;
import org.gridscape.server.vectortile.TileCoord;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class BaseMapRendererTest {

  private static final GeometryFactory F = new GeometryFactory();
  private static final int Z = 17;
  // a tile over the small test village (118.900-118.904 E, 25.000-25.003 N)
  private static final double LON = 118.9012;
  private static final double LAT = 25.0012;
  private static final TileCoord TILE = new TileCoord(Z, (int) Math.floor(worldX(LON)), (int) Math.floor(worldY(LAT)));

  @Test
  void drawsLandWaterRoadsAndBuildingsWhereTheyAreAndNothingOutsideTheDistrict() throws Exception {
    double[] box = tileBox();
    // the village covers the tile's west half only; east of it there is no district at all
    double midLon = (box[0] + box[2]) / 2;
    Geometry village = rect(box[0] - 0.01, box[1] - 0.01, midLon, box[3] + 0.01);
    double pondLon = box[0] + (box[2] - box[0]) * 0.15;
    double pondLat = box[1] + (box[3] - box[1]) * 0.3;
    Geometry pond = rect(pondLon - 0.00008, pondLat - 0.00006, pondLon + 0.00008, pondLat + 0.00006);
    double roadLat = box[1] + (box[3] - box[1]) * 0.75;
    Geometry road = F.createLineString(new Coordinate[] {new Coordinate(box[0] - 0.001, roadLat),
        new Coordinate(midLon, roadLat)});
    double houseLon = box[0] + (box[2] - box[0]) * 0.35;
    double houseLat = box[1] + (box[3] - box[1]) * 0.45;
    Geometry house = rect(houseLon - 0.00005, houseLat - 0.00005, houseLon + 0.00005, houseLat + 0.00005);
    BaseMapRenderer.Content content = new BaseMapRenderer.Content(
        List.of(feature("350521104000", village)), List.of(feature("350521104201", village)), List.of(),
        List.of(new Feature("1", pond, Map.of("kind", "pond"))),
        List.of(new Feature("2", road, Map.of("road_class", "street"))),
        List.of(new Feature("B1", house, Map.of())), List.of());

    byte[] png = BaseMapRenderer.png(TILE, content);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(256);
    assertThat(image.getHeight()).isEqualTo(256);

    assertThat(colourAt(image, pondLon, pondLat)).isEqualTo(BaseMapStyle.WATER);
    assertThat(colourAt(image, houseLon, houseLat)).isEqualTo(BaseMapStyle.BUILDING);
    // a 7 m street at z17 (about 1.1 m per pixel) is six pixels wide: its centre line is road fill
    assertThat(colourAt(image, box[0] + (box[2] - box[0]) * 0.25, roadLat)).isEqualTo(BaseMapStyle.ROAD);
    Color land = colourAt(image, box[0] + (box[2] - box[0]) * 0.3, box[1] + (box[3] - box[1]) * 0.15);
    assertThat(land).isEqualTo(BaseMapStyle.villageTint("350521104201"));
    // east of the district: transparent, the globe shows through
    int east = image.getRGB(pixelX(box[0] + (box[2] - box[0]) * 0.8), pixelY(box[1] + (box[3] - box[1]) * 0.5));
    assertThat(east >>> 24).isZero();
  }

  @Test
  void streetsAndBuildingsAreLeftOutAtDistrictZoom() {
    TileCoord low = new TileCoord(11, (int) Math.floor(worldX(LON) / 64), (int) Math.floor(worldY(LAT) / 64));
    Geometry village = rect(118.80, 24.90, 119.00, 25.10);
    Geometry road = F.createLineString(new Coordinate[] {new Coordinate(118.85, 25.0), new Coordinate(118.95, 25.0)});
    BaseMapRenderer.Content streetOnly = new BaseMapRenderer.Content(List.of(), List.of(feature("350521104201",
        village)), List.of(), List.of(), List.of(new Feature("1", road, Map.of("road_class", "street"))),
        List.of(new Feature("B1", rect(118.9, 25.0, 118.9001, 25.0001), Map.of())), List.of());
    BaseMapRenderer.Content arterial = new BaseMapRenderer.Content(List.of(), List.of(feature("350521104201",
        village)), List.of(), List.of(), List.of(new Feature("1", road, Map.of("road_class", "arterial"))), List.of(),
        List.of());
    BaseMapRenderer.Content bare = new BaseMapRenderer.Content(List.of(), List.of(feature("350521104201", village)),
        List.of(), List.of(), List.of(), List.of(), List.of());
    assertThat(BaseMapRenderer.png(low, streetOnly)).isEqualTo(BaseMapRenderer.png(low, bare));
    assertThat(BaseMapRenderer.png(low, arterial)).isNotEqualTo(BaseMapRenderer.png(low, bare));
  }

  // --- Web Mercator worked out here, independently of the server's projection code

  private static double worldX(double lon) {
    return (lon + 180) / 360 * (1 << Z);
  }

  private static double worldY(double lat) {
    double r = Math.toRadians(lat);
    return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << Z);
  }

  private static double lonOf(double worldX) {
    return worldX / (1 << Z) * 360 - 180;
  }

  private static double latOf(double worldY) {
    double n = Math.PI - 2 * Math.PI * worldY / (1 << Z);
    return Math.toDegrees(Math.atan(Math.sinh(n)));
  }

  /** minLon, minLat, maxLon, maxLat of the tile. */
  private static double[] tileBox() {
    return new double[] {lonOf(TILE.x()), latOf(TILE.y() + 1), lonOf(TILE.x() + 1), latOf(TILE.y())};
  }

  private static int pixelX(double lon) {
    return (int) Math.floor((worldX(lon) - TILE.x()) * 256);
  }

  private static int pixelY(double lat) {
    return (int) Math.floor((worldY(lat) - TILE.y()) * 256);
  }

  private static Color colourAt(BufferedImage image, double lon, double lat) {
    return new Color(image.getRGB(pixelX(lon), pixelY(lat)), false);
  }

  private static Geometry rect(double x0, double y0, double x1, double y1) {
    return F.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1),
        new Coordinate(x0, y1), new Coordinate(x0, y0)});
  }

  private static Feature feature(String id, Geometry g) {
    return new Feature(id, g, Map.of());
  }
}
