package org.gridscape.server.imagery;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.gridscape.server.imagery.ImageryException.Kind;
import org.gridscape.server.ingest.crs.CoordinateRangeException;
import org.gridscape.server.ingest.crs.SourceCrs;

/**
 * Cuts a {@link GeoTiffSource} into 256-pixel Web Mercator PNG tiles under a directory
 * ({@code z/x/y.png}), from the deepest zoom up:
 *
 * <ol>
 *   <li>the deepest zoom is resampled from the image (bilinear): each tile's pixel centres are mapped
 *       to image pixels exactly on a 17 x 17 grid through proj4j and interpolated in between; a row
 *       of tiles is read from the image as one window (split into several when a window would be
 *       larger than {@link #WINDOW_BYTES}), so memory stays bounded whatever the image's size;
 *   <li>every shallower zoom is the 2 x 2 average of the four tiles below it.
 * </ol>
 *
 * Pixels outside the image are transparent; tiles with no visible pixel are not written.
 */
final class ImageryTiler {

  /** Largest image window decoded at once (RGBA bytes); the decoded TIFF tiles take about as much again. */
  static final long WINDOW_BYTES = 32L << 20;
  /** Most tiles one import may produce. */
  static final long MAX_TILES = 2_000_000;
  private static final int GRID = 16; // pixels between exactly projected points
  private static final int POINTS = WebMercator.TILE_SIZE / GRID + 1;
  private static final int SIZE = WebMercator.TILE_SIZE;

  /** What the tiler reports while it works. */
  interface Progress {
    void phase(String text);

    void total(long tiles);

    void tileDone();
  }

  /** What was written. */
  record Result(long tiles, long bytes) {}

  private final GeoTiffSource source;
  private final TilePlan plan;
  private final Path out;
  private final Progress progress;
  private final BooleanSupplier cancelled;
  private long tiles;
  private long bytes;

  private ImageryTiler(GeoTiffSource source, TilePlan plan, Path out, Progress progress, BooleanSupplier cancelled) {
    this.source = source;
    this.plan = plan;
    this.out = out;
    this.progress = progress;
    this.cancelled = cancelled;
  }

  /** Bounds, resolution and zoom range of an image; refuses images that would make too many tiles. */
  static TilePlan plan(GeoTiffSource source) {
    SourceCrs crs = source.crs();
    int w = source.width();
    int h = source.height();
    double west = Double.POSITIVE_INFINITY, south = Double.POSITIVE_INFINITY;
    double east = Double.NEGATIVE_INFINITY, north = Double.NEGATIVE_INFINITY;
    int steps = 64;
    for (int i = 0; i <= steps; i++) {
      double t = (double) i / steps;
      double[][] edge = {{t * w, 0}, {t * w, h}, {0, t * h}, {w, t * h}};
      for (double[] p : edge) {
        double[] lonLat = toWgs84(crs, source.toModel(p[0], p[1]));
        west = Math.min(west, lonLat[0]);
        east = Math.max(east, lonLat[0]);
        south = Math.min(south, lonLat[1]);
        north = Math.max(north, lonLat[1]);
      }
    }
    double[] centre = toWgs84(crs, source.toModel(w / 2.0, h / 2.0));
    double[] size = source.pixelSize();
    double metres;
    if (crs.kind() == SourceCrs.Kind.PROJECTED) {
      metres = Math.min(size[0], size[1]);
      if (crs.id().equals("EPSG:3857")) {
        metres *= Math.cos(Math.toRadians(centre[1]));
      }
    } else {
      double perDegree = Math.PI / 180 * 6378137.0;
      metres = Math.min(size[0] * perDegree * Math.cos(Math.toRadians(centre[1])), size[1] * perDegree);
    }
    int maxZoom = WebMercator.zoomForResolution(metres, centre[1]);
    int minZoom = WebMercator.zoomForExtent(west, south, east, north, maxZoom);
    TilePlan plan = new TilePlan(west, south, east, north, metres, minZoom, maxZoom);
    if (plan.tilesTotal() > MAX_TILES) {
      throw new ImageryException(Kind.IMAGE_TOO_LARGE, "the image would make " + plan.tilesTotal()
          + " tiles (zoom " + minZoom + "-" + maxZoom + "); at most " + MAX_TILES + " per import: split it");
    }
    return plan;
  }

  private static double[] toWgs84(SourceCrs crs, double[] model) {
    try {
      return crs.toWgs84(model[0], model[1]);
    } catch (CoordinateRangeException ex) {
      throw new ImageryException(Kind.NOT_GEOREFERENCED, "the image's corner " + model[0] + ", " + model[1]
          + " is not a position in " + crs.id() + ": " + ex.getMessage());
    }
  }

  /** Writes every tile of the plan under {@code out}. */
  static Result write(GeoTiffSource source, TilePlan plan, Path out, Progress progress, BooleanSupplier cancelled)
      throws IOException {
    ImageIO.setUseCache(false);
    ImageryTiler tiler = new ImageryTiler(source, plan, out, progress, cancelled);
    progress.total(plan.tilesTotal());
    TreeSet<Long> level = tiler.deepest();
    for (int z = plan.maxZoom() - 1; z >= plan.minZoom(); z--) {
      progress.phase("zoom " + z + " from zoom " + (z + 1));
      level = tiler.shallower(z, level);
    }
    return new Result(tiler.tiles, tiler.bytes);
  }

  // ------------------------------------------------------------------------------- deepest zoom

  /** One tile's exactly projected grid of image pixel positions, and the image window it needs. */
  private record TileGrid(int x, int y, double[] columns, double[] rows, int minX, int minY, int maxX, int maxY) {}

  private TreeSet<Long> deepest() throws IOException {
    int z = plan.maxZoom();
    progress.phase("zoom " + z + " from the image");
    int x0 = WebMercator.tileX(plan.west(), z), x1 = WebMercator.tileX(plan.east(), z);
    int y0 = WebMercator.tileY(plan.north(), z), y1 = WebMercator.tileY(plan.south(), z);
    TreeSet<Long> written = new TreeSet<>();
    for (int y = y0; y <= y1; y++) {
      checkCancelled();
      List<TileGrid> row = new ArrayList<>();
      for (int x = x0; x <= x1; x++) {
        TileGrid grid = grid(z, x, y);
        if (grid == null) {
          progress.tileDone();
        } else {
          row.add(grid);
        }
      }
      int start = 0;
      while (start < row.size()) {
        int end = start;
        int minX = row.get(start).minX(), minY = row.get(start).minY();
        int maxX = row.get(start).maxX(), maxY = row.get(start).maxY();
        while (end + 1 < row.size()) {
          TileGrid next = row.get(end + 1);
          int nMinX = Math.min(minX, next.minX()), nMinY = Math.min(minY, next.minY());
          int nMaxX = Math.max(maxX, next.maxX()), nMaxY = Math.max(maxY, next.maxY());
          if ((long) (nMaxX - nMinX) * (nMaxY - nMinY) * 4 > WINDOW_BYTES) {
            break;
          }
          minX = nMinX;
          minY = nMinY;
          maxX = nMaxX;
          maxY = nMaxY;
          end++;
        }
        byte[] window = source.readRgba(minX, minY, maxX, maxY);
        for (int i = start; i <= end; i++) {
          TileGrid grid = row.get(i);
          int[] argb = render(grid, window, minX, minY, maxX - minX, maxY - minY);
          if (store(z, grid.x(), grid.y(), argb)) {
            written.add(key(grid.x(), grid.y()));
          }
          progress.tileDone();
        }
        start = end + 1;
      }
    }
    return written;
  }

  /** The grid of a tile, or null when no pixel of it can fall on the image. */
  private TileGrid grid(int z, int x, int y) {
    double world = (double) SIZE * (1 << z);
    double[] columns = new double[POINTS * POINTS];
    double[] rows = new double[POINTS * POINTS];
    double minC = Double.POSITIVE_INFINITY, minR = Double.POSITIVE_INFINITY;
    double maxC = Double.NEGATIVE_INFINITY, maxR = Double.NEGATIVE_INFINITY;
    SourceCrs crs = source.crs();
    double[] pixel = new double[2];
    for (int j = 0; j < POINTS; j++) {
      double lat = WebMercator.latitude((y * (double) SIZE + j * GRID) / world);
      for (int i = 0; i < POINTS; i++) {
        double lon = WebMercator.longitude((x * (double) SIZE + i * GRID) / world);
        int k = j * POINTS + i;
        try {
          double[] model = crs.fromWgs84(lon, lat);
          source.toPixel(model[0], model[1], pixel);
          columns[k] = pixel[0];
          rows[k] = pixel[1];
        } catch (RuntimeException outsideTheProjection) {
          columns[k] = Double.NaN;
          rows[k] = Double.NaN;
          continue;
        }
        minC = Math.min(minC, pixel[0]);
        maxC = Math.max(maxC, pixel[0]);
        minR = Math.min(minR, pixel[1]);
        maxR = Math.max(maxR, pixel[1]);
      }
    }
    int w = source.width(), h = source.height();
    if (!(maxC > 0 && minC < w && maxR > 0 && minR < h)) {
      return null;
    }
    int wx0 = (int) Math.max(0, Math.floor(minC) - 2), wy0 = (int) Math.max(0, Math.floor(minR) - 2);
    int wx1 = (int) Math.min(w, Math.ceil(maxC) + 2), wy1 = (int) Math.min(h, Math.ceil(maxR) + 2);
    return new TileGrid(x, y, columns, rows, wx0, wy0, wx1, wy1);
  }

  /** Resamples one tile (ARGB, not premultiplied) from an RGBA window of the image. */
  private int[] render(TileGrid grid, byte[] window, int wx0, int wy0, int ww, int wh) {
    int[] argb = new int[SIZE * SIZE];
    int w = source.width(), h = source.height();
    double[] cs = grid.columns(), rs = grid.rows();
    for (int py = 0; py < SIZE; py++) {
      int j = py / GRID;
      double fy = (py + 0.5 - j * GRID) / GRID;
      for (int px = 0; px < SIZE; px++) {
        int i = px / GRID;
        double fx = (px + 0.5 - i * GRID) / GRID;
        int k = j * POINTS + i;
        double u = lerp(cs[k], cs[k + 1], cs[k + POINTS], cs[k + POINTS + 1], fx, fy);
        double v = lerp(rs[k], rs[k + 1], rs[k + POINTS], rs[k + POINTS + 1], fx, fy);
        if (!(u >= 0 && u < w && v >= 0 && v < h)) {
          continue; // outside the image (or NaN): transparent
        }
        argb[py * SIZE + px] = sample(window, u - 0.5 - wx0, v - 0.5 - wy0, ww, wh);
      }
    }
    return argb;
  }

  private static double lerp(double a, double b, double c, double d, double fx, double fy) {
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
  }

  /** Bilinear sample with premultiplied alpha at window position (x, y) (pixel centres at integers). */
  private static int sample(byte[] rgba, double x, double y, int ww, int wh) {
    int xa = (int) Math.floor(x), ya = (int) Math.floor(y);
    double fx = x - xa, fy = y - ya;
    int x0 = clamp(xa, ww), x1 = clamp(xa + 1, ww), y0 = clamp(ya, wh), y1 = clamp(ya + 1, wh);
    double r = 0, g = 0, b = 0, a = 0;
    int[] offsets = {(y0 * ww + x0) * 4, (y0 * ww + x1) * 4, (y1 * ww + x0) * 4, (y1 * ww + x1) * 4};
    double[] weights = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
    for (int n = 0; n < 4; n++) {
      int o = offsets[n];
      double wa = weights[n] * (rgba[o + 3] & 0xff);
      r += wa * (rgba[o] & 0xff);
      g += wa * (rgba[o + 1] & 0xff);
      b += wa * (rgba[o + 2] & 0xff);
      a += wa;
    }
    if (a <= 0) {
      return 0;
    }
    return argb(a, r / a, g / a, b / a);
  }

  private static int clamp(int v, int size) {
    return v < 0 ? 0 : v >= size ? size - 1 : v;
  }

  private static int argb(double a, double r, double g, double b) {
    return (int) Math.round(Math.min(255, a)) << 24 | (int) Math.round(Math.min(255, r)) << 16
        | (int) Math.round(Math.min(255, g)) << 8 | (int) Math.round(Math.min(255, b));
  }

  // ---------------------------------------------------------------------------- shallower zooms

  private TreeSet<Long> shallower(int z, TreeSet<Long> children) throws IOException {
    TreeSet<Long> parents = new TreeSet<>();
    for (long child : children) {
      parents.add(key(x(child) >> 1, y(child) >> 1));
    }
    TreeSet<Long> written = new TreeSet<>();
    for (long parent : parents) {
      checkCancelled();
      int px = x(parent), py = y(parent);
      int[] argb = new int[SIZE * SIZE];
      for (int q = 0; q < 4; q++) {
        int cx = 2 * px + (q & 1), cy = 2 * py + (q >> 1);
        if (!children.contains(key(cx, cy))) {
          continue;
        }
        BufferedImage child = ImageIO.read(tilePath(z + 1, cx, cy).toFile());
        int[] c = child.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        int ox = (q & 1) * SIZE / 2, oy = (q >> 1) * SIZE / 2;
        for (int y = 0; y < SIZE / 2; y++) {
          for (int x = 0; x < SIZE / 2; x++) {
            int s = 2 * y * SIZE + 2 * x;
            argb[(oy + y) * SIZE + ox + x] = average(c[s], c[s + 1], c[s + SIZE], c[s + SIZE + 1]);
          }
        }
      }
      if (store(z, px, py, argb)) {
        written.add(parent);
      }
      progress.tileDone();
    }
    return written;
  }

  private static int average(int p, int q, int r, int s) {
    double a = 0, red = 0, green = 0, blue = 0;
    for (int c : new int[] {p, q, r, s}) {
      double alpha = c >>> 24;
      a += alpha;
      red += alpha * (c >> 16 & 0xff);
      green += alpha * (c >> 8 & 0xff);
      blue += alpha * (c & 0xff);
    }
    return a <= 0 ? 0 : argb(a / 4, red / a, green / a, blue / a);
  }

  // ------------------------------------------------------------------------------------- output

  /** Writes the tile unless it is wholly transparent; whether it was written. */
  private boolean store(int z, int x, int y, int[] argb) throws IOException {
    boolean visible = false;
    boolean opaque = true;
    for (int p : argb) {
      int a = p >>> 24;
      visible |= a != 0;
      opaque &= a == 255;
    }
    if (!visible) {
      return false;
    }
    BufferedImage image = new BufferedImage(SIZE, SIZE, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, SIZE, SIZE, argb, 0, SIZE);
    Path file = tilePath(z, x, y);
    Files.createDirectories(file.getParent());
    try (OutputStream stream = Files.newOutputStream(file)) {
      if (!ImageIO.write(image, "png", stream)) {
        throw new IOException("no PNG writer in this Java runtime");
      }
    }
    tiles++;
    bytes += Files.size(file);
    return true;
  }

  private Path tilePath(int z, int x, int y) {
    return out.resolve(Integer.toString(z)).resolve(Integer.toString(x)).resolve(y + ".png");
  }

  private void checkCancelled() {
    if (cancelled.getAsBoolean()) {
      throw new java.util.concurrent.CancellationException("the server is stopping");
    }
  }

  private static long key(int x, int y) {
    return (long) x << 32 | (y & 0xffffffffL);
  }

  private static int x(long key) {
    return (int) (key >>> 32);
  }

  private static int y(long key) {
    return (int) key;
  }
}
