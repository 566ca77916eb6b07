package org.gridscape.server.imagery.basemap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.gridscape.server.ogc.Feature;
import org.gridscape.server.vectortile.TileCoord;
import org.gridscape.server.vectortile.WebMercator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws one 256 px Web Mercator tile of the base map from the published layers, as PNG. Pure: the
 * features come in, the bytes go out; no database, no server. Everything outside the district's
 * regions stays transparent, so the globe's own colour shows there.
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
      Projection p = new Projection(tile);
      int z = tile.z();
      for (Feature f : c.townships()) {
        fill(g, p, f.geometry(), BaseMapStyle.LAND);
      }
      for (Feature f : c.villages()) {
        fill(g, p, f.geometry(), BaseMapStyle.villageTint(f.id()));
      }
      for (Feature f : c.landUse()) {
        Color colour = BaseMapStyle.landUse(text(f, "kind"));
        if (colour != null) {
          fill(g, p, f.geometry(), colour);
        }
      }
      for (Feature f : c.water()) {
        fill(g, p, f.geometry(), BaseMapStyle.WATER);
        outline(g, p, f.geometry(), BaseMapStyle.WATER_EDGE, z >= 14 ? 1f : 0.6f, null);
      }
      if (z >= BaseMapStyle.BUILDINGS_FROM) {
        for (Feature f : c.buildings()) {
          fill(g, p, f.geometry(), BaseMapStyle.BUILDING);
          if (z >= 16) {
            outline(g, p, f.geometry(), BaseMapStyle.BUILDING_EDGE, 0.6f, null);
          }
        }
      }
      drawRoads(g, p, c.roads(), z);
      if (z >= BaseMapStyle.GRIDS_FROM) {
        float[] dash = {4f, 3f};
        for (Feature f : c.grids()) {
          outline(g, p, f.geometry(), BaseMapStyle.GRID_EDGE, z >= 16 ? 1.2f : 0.8f, dash);
        }
      }
      if (z >= BaseMapStyle.VILLAGE_EDGES_FROM) {
        for (Feature f : c.villages()) {
          outline(g, p, f.geometry(), BaseMapStyle.VILLAGE_EDGE, z >= 14 ? 1.4f : 0.8f, null);
        }
      }
      float[] townshipDash = {6f, 3f, 1.5f, 3f};
      for (Feature f : c.townships()) {
        outline(g, p, f.geometry(), BaseMapStyle.TOWNSHIP_EDGE, z >= 12 ? 1.8f : 1.2f, townshipDash);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Roads: all casings first, then all fills, minor before major, so crossings join cleanly. */
  private static void drawRoads(Graphics2D g, Projection p, List<Feature> roads, int z) {
    List<Feature> drawn = roads.stream()
        .filter(f -> z >= BaseMapStyle.STREETS_FROM || BaseMapStyle.major(text(f, "road_class")))
        .sorted(Comparator.comparingDouble(f -> BaseMapStyle.roadWidthMetres(text(f, "road_class"))))
        .toList();
    for (int pass = 0; pass < 2; pass++) {
      for (Feature f : drawn) {
        String roadClass = text(f, "road_class");
        boolean major = BaseMapStyle.major(roadClass);
        double width = Math.max(major ? 1.6 : 0.9, BaseMapStyle.roadWidthMetres(roadClass) / p.metresPerPixel);
        Color colour = pass == 0 ? (major ? BaseMapStyle.ARTERIAL_CASING : BaseMapStyle.ROAD_CASING)
            : (major ? BaseMapStyle.ARTERIAL : BaseMapStyle.ROAD);
        float w = (float) (pass == 0 ? width + Math.min(2.0, 0.6 + width * 0.25) : width);
        g.setColor(colour);
        g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < f.geometry().getNumGeometries(); i++) {
          if (f.geometry().getGeometryN(i) instanceof LineString line) {
            g.draw(p.path(line.getCoordinates(), false));
          }
        }
      }
    }
  }

  private static void fill(Graphics2D g, Projection p, Geometry geometry, Color colour) {
    g.setColor(colour);
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon polygon) {
        g.fill(p.polygon(polygon));
      }
    }
  }

  private static void outline(Graphics2D g, Projection p, Geometry geometry, Color colour, float width, float[] dash) {
    g.setColor(colour);
    g.setStroke(dash == null ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
        : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f, dash, 0f));
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon polygon) {
        g.draw(p.path(polygon.getExteriorRing().getCoordinates(), true));
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
          g.draw(p.path(polygon.getInteriorRingN(h).getCoordinates(), true));
        }
      }
    }
  }

  private static String text(Feature f, String property) {
    Object value = f.properties().get(property);
    return value == null ? null : value.toString();
  }

  /** Lon/lat to tile pixels, and the ground size of a pixel at the tile's middle. */
  private static final class Projection {
    final double minX;
    final double maxY;
    final double scale;
    final double metresPerPixel;

    Projection(TileCoord tile) {
      Envelope env = tile.mercatorEnvelope();
      minX = env.getMinX();
      maxY = env.getMaxY();
      scale = SIZE / env.getWidth();
      double midLat = WebMercator.lat((env.getMinY() + env.getMaxY()) / 2);
      metresPerPixel = env.getWidth() / SIZE * Math.cos(Math.toRadians(midLat));
    }

    Path2D polygon(Polygon polygon) {
      Path2D path = path(polygon.getExteriorRing().getCoordinates(), true);
      path.setWindingRule(Path2D.WIND_EVEN_ODD);
      for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
        path.append(path(polygon.getInteriorRingN(h).getCoordinates(), true), false);
      }
      return path;
    }

    Path2D path(Coordinate[] coordinates, boolean closed) {
      Path2D.Double path = new Path2D.Double();
      for (int i = 0; i < coordinates.length; i++) {
        double x = (WebMercator.x(coordinates[i].x) - minX) * scale;
        double y = (maxY - WebMercator.y(coordinates[i].y)) * scale;
        if (i == 0) {
          path.moveTo(x, y);
        } else {
          path.lineTo(x, y);
        }
      }
      if (closed) {
        path.closePath();
      }
      return path;
    }
  }
}
