package org.gridscape.server.imagery.basemap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.gridscape.server.ogc.Feature;
import org.gridscape.server.vectortile.TileCoord;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws one 256 px Web Mercator tile of the base map from the published layers, as PNG. Pure: the
 * features come in, the bytes go out; no database, no server. Everything outside the district's
 * regions stays transparent, so the globe's own colour shows there. The drawing goes through a
 * {@link MapCanvas} and a {@link MapFrame}, so the printed village map draws its ground with the
 * same code into a PDF.
 */
public final class BaseMapRenderer {

  public static final int SIZE = 256;

  /** What a tile is drawn from, each list the features of one published layer meeting the tile. */
  public record Content(List<Feature> townships, List<Feature> villages, List<Feature> landUse, List<Feature> water,
      List<Feature> roads, List<Feature> buildings, List<Feature> grids) {}

  private BaseMapRenderer() {
  }

  public static byte[] png(TileCoord tile, Content content) {
    BufferedImage image = render(tile, content);
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage render(TileCoord tile, Content c) {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      draw(MapCanvas.of(g), MapFrame.ofTile(tile, SIZE), c, tile.z());
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The whole base map in its order: land, water, buildings, roads, grid, village and township edges. */
  public static void draw(MapCanvas canvas, MapFrame frame, Content c, int z) {
    drawLand(canvas, frame, c);
    drawWater(canvas, frame, c.water(), z);
    if (z >= BaseMapStyle.BUILDINGS_FROM) {
      drawBuildings(canvas, frame, c.buildings(), z);
    }
    drawRoads(canvas, frame, c.roads(), z);
    if (z >= BaseMapStyle.GRIDS_FROM) {
      float[] dash = {4f, 3f};
      for (Feature f : c.grids()) {
        outline(canvas, frame, f.geometry(), BaseMapStyle.GRID_EDGE, z >= 16 ? 1.2f : 0.8f, dash);
      }
    }
    drawBoundaries(canvas, frame, c, z);
  }

  /** Townships' land, each village's tint, then the land-use parcels. */
  public static void drawLand(MapCanvas canvas, MapFrame frame, Content c) {
    for (Feature f : c.townships()) {
      fill(canvas, frame, f.geometry(), BaseMapStyle.LAND);
    }
    for (Feature f : c.villages()) {
      fill(canvas, frame, f.geometry(), BaseMapStyle.villageTint(f.id()));
    }
    for (Feature f : c.landUse()) {
      Color colour = BaseMapStyle.landUse(text(f, "kind"));
      if (colour != null) {
        fill(canvas, frame, f.geometry(), colour);
      }
    }
  }

  public static void drawWater(MapCanvas canvas, MapFrame frame, List<Feature> water, int z) {
    for (Feature f : water) {
      fill(canvas, frame, f.geometry(), BaseMapStyle.WATER);
      outline(canvas, frame, f.geometry(), BaseMapStyle.WATER_EDGE, z >= 14 ? 1f : 0.6f, null);
    }
  }

  public static void drawBuildings(MapCanvas canvas, MapFrame frame, List<Feature> buildings, int z) {
    for (Feature f : buildings) {
      fill(canvas, frame, f.geometry(), BaseMapStyle.BUILDING);
      if (z >= 16) {
        outline(canvas, frame, f.geometry(), BaseMapStyle.BUILDING_EDGE, 0.6f, null);
      }
    }
  }

  /** Village boundaries (from zoom 11) and dash-dotted township boundaries. */
  public static void drawBoundaries(MapCanvas canvas, MapFrame frame, Content c, int z) {
    if (z >= BaseMapStyle.VILLAGE_EDGES_FROM) {
      for (Feature f : c.villages()) {
        outline(canvas, frame, f.geometry(), BaseMapStyle.VILLAGE_EDGE, z >= 14 ? 1.4f : 0.8f, null);
      }
    }
    float[] townshipDash = {6f, 3f, 1.5f, 3f};
    for (Feature f : c.townships()) {
      outline(canvas, frame, f.geometry(), BaseMapStyle.TOWNSHIP_EDGE, z >= 12 ? 1.8f : 1.2f, townshipDash);
    }
  }

  /** Roads: all casings first, then all fills, minor before major, so crossings join cleanly. */
  public static void drawRoads(MapCanvas canvas, MapFrame frame, List<Feature> roads, int z) {
    List<Feature> drawn = roads.stream()
        .filter(f -> z >= BaseMapStyle.STREETS_FROM || BaseMapStyle.major(text(f, "road_class")))
        .sorted(Comparator.comparingDouble(f -> BaseMapStyle.roadWidthMetres(text(f, "road_class"))))
        .toList();
    for (int pass = 0; pass < 2; pass++) {
      for (Feature f : drawn) {
        String roadClass = text(f, "road_class");
        boolean major = BaseMapStyle.major(roadClass);
        double width = Math.max(major ? 1.6 : 0.9, BaseMapStyle.roadWidthMetres(roadClass) / frame.metresPerUnit());
        Color colour = pass == 0 ? (major ? BaseMapStyle.ARTERIAL_CASING : BaseMapStyle.ROAD_CASING)
            : (major ? BaseMapStyle.ARTERIAL : BaseMapStyle.ROAD);
        float w = (float) (pass == 0 ? width + Math.min(2.0, 0.6 + width * 0.25) : width);
        BasicStroke stroke = new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        for (int i = 0; i < f.geometry().getNumGeometries(); i++) {
          if (f.geometry().getGeometryN(i) instanceof LineString line) {
            canvas.stroke(frame.path(line.getCoordinates(), false), colour, stroke);
          }
        }
      }
    }
  }

  /** Fills the polygons of a geometry. */
  public static void fill(MapCanvas canvas, MapFrame frame, Geometry geometry, Color colour) {
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon polygon) {
        canvas.fill(frame.polygon(polygon), colour);
      }
    }
  }

  /** Strokes the rings of a geometry's polygons, solid or dashed. */
  public static void outline(MapCanvas canvas, MapFrame frame, Geometry geometry, Color colour, float width,
      float[] dash) {
    BasicStroke stroke = dash == null ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
        : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f, dash, 0f);
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon polygon) {
        canvas.stroke(frame.path(polygon.getExteriorRing().getCoordinates(), true), colour, stroke);
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
          canvas.stroke(frame.path(polygon.getInteriorRingN(h).getCoordinates(), true), colour, stroke);
        }
      }
    }
  }

  private static String text(Feature f, String property) {
    Object value = f.properties().get(property);
    return value == null ? null : value.toString();
  }
}
