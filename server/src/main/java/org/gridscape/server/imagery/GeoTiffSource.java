package org.gridscape.server.imagery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import mil.nga.tiff.FieldTagType;
import mil.nga.tiff.FileDirectory;
import mil.nga.tiff.FileDirectoryEntry;
import mil.nga.tiff.ImageWindow;
import mil.nga.tiff.Rasters;
import mil.nga.tiff.TIFFImage;
import mil.nga.tiff.TiffReader;
import mil.nga.tiff.util.TiffException;
import org.gridscape.server.imagery.ImageryException.Kind;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.crs.CrsResolver;
import org.gridscape.server.ingest.crs.SourceCrs;

/**
 * An 8-bit RGB or RGBA GeoTIFF on disk, read through mil.nga:tiff over a {@link FileByteReader}:
 * the directories are parsed at open, pixels are decoded window by window on demand. Opening checks
 * everything an import needs (a TIFF, georeferenced, a supported CRS, 8-bit RGB/RGBA, a supported
 * compression) and throws {@link ImageryException} naming what is wrong. Not thread-safe.
 */
final class GeoTiffSource implements AutoCloseable {

  private static final int GEO_KEY_MODEL_TYPE = 1024;
  private static final int GEO_KEY_RASTER_TYPE = 1025;
  private static final int GEO_KEY_GEOGRAPHIC_TYPE = 2048;
  private static final int GEO_KEY_PROJECTED_TYPE = 3072;
  private static final int USER_DEFINED = 32767;
  private static final List<Integer> COMPRESSIONS = List.of(1, 5, 8, 32946, 32773); // none, LZW, deflate x2, PackBits

  private final FileByteReader reader;
  private final FileDirectory image;
  private final int width;
  private final int height;
  private final int samples;
  private final boolean alpha;
  private final int overviews;
  private final SourceCrs crs;
  /** Pixel (column, row; corner of the first pixel at 0,0) to model: x = a*c + b*r + c0, y = d*c + e*r + f0. */
  private final double a, b, c0, d, e, f0;
  private final double det;

  private GeoTiffSource(FileByteReader reader, FileDirectory image, int overviews, SourceCrs crs, double[] affine) {
    this.reader = reader;
    this.image = image;
    this.width = image.getImageWidth().intValue();
    this.height = image.getImageHeight().intValue();
    this.samples = image.getSamplesPerPixel();
    this.alpha = samples == 4;
    this.overviews = overviews;
    this.crs = crs;
    this.a = affine[0];
    this.b = affine[1];
    this.c0 = affine[2];
    this.d = affine[3];
    this.e = affine[4];
    this.f0 = affine[5];
    this.det = a * e - b * d;
  }

  /**
   * Opens and checks the file.
   *
   * @throws ImageryException naming the first thing that makes the file unusable
   */
  static GeoTiffSource open(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      throw new ImageryException(Kind.EMPTY_BODY, "the request body is empty: send the GeoTIFF file as the body");
    }
    checkMagic(file);
    if (size > FileByteReader.MAX_BYTES) {
      throw new ImageryException(Kind.TOO_LARGE, "the GeoTIFF is larger than 2 GiB, the most this server reads");
    }
    FileByteReader reader = new FileByteReader(file);
    try {
      TIFFImage tiff;
      try {
        tiff = TiffReader.readTiff(reader, false);
      } catch (TiffException | IllegalArgumentException | IndexOutOfBoundsException | ClassCastException ex) {
        throw new ImageryException(Kind.NOT_A_TIFF, "the TIFF cannot be read: " + ex.getMessage());
      }
      FileDirectory full = null;
      int overviews = 0;
      for (FileDirectory directory : tiff.getFileDirectories()) {
        long subfile = number(directory.get(FieldTagType.NewSubfileType), 0);
        if ((subfile & 4) != 0) {
          continue; // a transparency mask
        }
        if ((subfile & 1) != 0) {
          overviews++;
        } else if (full == null) {
          full = directory;
        }
      }
      if (full == null) {
        throw new ImageryException(Kind.NOT_A_TIFF, "the TIFF has no full-resolution image");
      }
      checkPixels(full);
      SourceCrs crs = crs(full);
      double[] affine = affine(full);
      GeoTiffSource source = new GeoTiffSource(reader, full, overviews, crs, affine);
      if (source.det == 0 || !Double.isFinite(source.det)) {
        throw new ImageryException(Kind.NOT_GEOREFERENCED, "the GeoTIFF's pixel size is zero");
      }
      return source;
    } catch (RuntimeException ex) {
      reader.close();
      throw ex;
    }
  }

  private static void checkMagic(Path file) throws IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    }
    boolean little = n == 4 && head[0] == 'I' && head[1] == 'I';
    boolean big = n == 4 && head[0] == 'M' && head[1] == 'M';
    int version = little ? (head[2] & 0xff) | (head[3] & 0xff) << 8 : big ? (head[3] & 0xff) | (head[2] & 0xff) << 8 : -1;
    if (version == 43) {
      throw new ImageryException(Kind.NOT_A_TIFF, "BigTIFF is not supported: write a classic TIFF under 2 GiB "
          + "(gdal_translate -co BIGTIFF=NO), or split the image");
    }
    if (version != 42) {
      throw new ImageryException(Kind.NOT_A_TIFF, "the body is not a TIFF file (it does not start with II*\\0 or MM\\0*)");
    }
  }

  private static void checkPixels(FileDirectory dir) {
    int bands = dir.getSamplesPerPixel();
    List<Integer> bits = dir.getBitsPerSample();
    if (bands != 3 && bands != 4) {
      throw new ImageryException(Kind.UNSUPPORTED_PIXELS, "the image has " + bands + " band" + (bands == 1 ? "" : "s")
          + "; an orthophoto must be 8-bit RGB (3 bands) or RGBA (4 bands)");
    }
    if (bits == null || bits.stream().anyMatch(bit -> bit != 8)) {
      throw new ImageryException(Kind.UNSUPPORTED_PIXELS, "the image has " + bits + " bits per sample; an orthophoto "
          + "must have 8 bits per sample (convert with gdal_translate -ot Byte -scale)");
    }
    List<Integer> formats = dir.getSampleFormat();
    if (formats != null && formats.stream().anyMatch(f -> f != 1)) {
      throw new ImageryException(Kind.UNSUPPORTED_PIXELS, "the samples must be unsigned integers, not format " + formats);
    }
    Integer photometric = dir.getPhotometricInterpretation();
    if (photometric == null || photometric != 2) {
      throw new ImageryException(Kind.UNSUPPORTED_PIXELS, "the image must be RGB (photometric interpretation 2), not "
          + (photometric == null ? "unspecified" : photometric == 6 ? "YCbCr" : photometric.toString()));
    }
    Integer compression = dir.getCompression();
    if (compression != null && !COMPRESSIONS.contains(compression)) {
      throw new ImageryException(Kind.UNSUPPORTED_COMPRESSION, "TIFF compression " + compression
          + (compression == 7 || compression == 6 ? " (JPEG)" : "") + " is not supported: use none, LZW, Deflate or "
          + "PackBits (gdal_translate -co COMPRESS=DEFLATE)");
    }
    if (dir.getImageWidth().longValue() < 1 || dir.getImageHeight().longValue() < 1) {
      throw new ImageryException(Kind.NOT_A_TIFF, "the image has no pixels");
    }
  }

  /** The coordinate system from the GeoKey directory. */
  private static SourceCrs crs(FileDirectory dir) {
    FileDirectoryEntry keys = dir.get(FieldTagType.GeoKeyDirectory);
    if (keys == null) {
      throw new ImageryException(Kind.NOT_GEOREFERENCED, "the TIFF has no GeoTIFF keys: it is not georeferenced "
          + "(assign a CRS and position, e.g. gdal_translate -a_srs EPSG:4549 -a_ullr ...)");
    }
    List<?> values = keys.getValues() instanceof List<?> list ? list : List.of();
    int modelType = geoKey(values, GEO_KEY_MODEL_TYPE);
    int projected = geoKey(values, GEO_KEY_PROJECTED_TYPE);
    int geographic = geoKey(values, GEO_KEY_GEOGRAPHIC_TYPE);
    int code = modelType == 1 || (modelType <= 0 && projected > 0) ? projected : geographic;
    if (code == USER_DEFINED) {
      throw new ImageryException(Kind.UNSUPPORTED_CRS, "the GeoTIFF's coordinate system is user-defined; write it "
          + "with an EPSG code: EPSG:4490, a CGCS2000 Gauss-Kruger zone such as EPSG:4549, or EPSG:4326");
    }
    if (code <= 0) {
      throw new ImageryException(Kind.UNSUPPORTED_CRS, "the GeoTIFF names no EPSG coordinate system (model type "
          + modelType + ")");
    }
    try {
      return CrsResolver.fromEpsg(code);
    } catch (IngestException ex) {
      throw new ImageryException(Kind.UNSUPPORTED_CRS, ex.getMessage());
    }
  }

  private static int geoKey(List<?> values, int key) {
    if (values.size() < 4) {
      return -1;
    }
    int count = ((Number) values.get(3)).intValue();
    for (int i = 0; i < count && 4 + 4 * i + 3 < values.size(); i++) {
      int base = 4 + 4 * i;
      if (((Number) values.get(base)).intValue() == key && ((Number) values.get(base + 1)).intValue() == 0) {
        return ((Number) values.get(base + 3)).intValue();
      }
    }
    return -1;
  }

  private static double[] affine(FileDirectory dir) {
    double[] out;
    FileDirectoryEntry transformation = dir.get(FieldTagType.ModelTransformation);
    List<Double> tiepoint = dir.getModelTiepoint();
    List<Double> scale = dir.getModelPixelScale();
    if (transformation != null && transformation.getValues() instanceof List<?> m && m.size() >= 8) {
      out = new double[] {num(m, 0), num(m, 1), num(m, 3), num(m, 4), num(m, 5), num(m, 7)};
    } else if (tiepoint != null && tiepoint.size() >= 6 && scale != null && scale.size() >= 2) {
      double sx = scale.get(0);
      double sy = scale.get(1);
      out = new double[] {sx, 0, tiepoint.get(3) - tiepoint.get(0) * sx, 0, -sy, tiepoint.get(4) + tiepoint.get(1) * sy};
    } else {
      throw new ImageryException(Kind.NOT_GEOREFERENCED, "the GeoTIFF has no tie point and pixel scale (or model "
          + "transformation): its position is unknown");
    }
    FileDirectoryEntry keys = dir.get(FieldTagType.GeoKeyDirectory);
    if (keys.getValues() instanceof List<?> list && geoKey(list, GEO_KEY_RASTER_TYPE) == 2) {
      // PixelIsPoint: the model position names the centre of the pixel; move it to the corner
      out[2] -= 0.5 * (out[0] + out[1]);
      out[5] -= 0.5 * (out[3] + out[4]);
    }
    for (double v : out) {
      if (!Double.isFinite(v)) {
        throw new ImageryException(Kind.NOT_GEOREFERENCED, "the GeoTIFF's georeferencing is not finite");
      }
    }
    return out;
  }

  private static double num(List<?> values, int i) {
    return ((Number) values.get(i)).doubleValue();
  }

  private static long number(FileDirectoryEntry entry, long fallback) {
    if (entry == null) {
      return fallback;
    }
    Object v = entry.getValues();
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Number n) {
      return n.longValue();
    }
    return fallback;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  boolean hasAlpha() {
    return alpha;
  }

  int overviews() {
    return overviews;
  }

  boolean tiled() {
    return image.isTiled();
  }

  /** The image's coordinate system (its converter is not thread-safe, like this source). */
  SourceCrs crs() {
    return crs;
  }

  /** Model coordinates of a pixel position (0,0 the corner of the first pixel). */
  double[] toModel(double column, double row) {
    return new double[] {a * column + b * row + c0, d * column + e * row + f0};
  }

  /** Pixel position of model coordinates; writes column, row into {@code out}. */
  void toPixel(double x, double y, double[] out) {
    double dx = x - c0;
    double dy = y - f0;
    out[0] = (e * dx - b * dy) / det;
    out[1] = (a * dy - d * dx) / det;
  }

  /** Pixel size in model units along the columns and the rows. */
  double[] pixelSize() {
    return new double[] {Math.hypot(a, d), Math.hypot(b, e)};
  }

  /**
   * The pixels of a window as RGBA, 4 bytes per pixel, rows top to bottom (alpha 255 for RGB).
   * Tiles and strips are decoded once for the window and dropped afterwards.
   */
  byte[] readRgba(int x0, int y0, int x1, int y1) {
    image.setCache(true);
    try {
      Rasters rasters = image.readInterleavedRasters(new ImageWindow(x0, y0, x1, y1));
      ByteBuffer values = rasters.getInterleaveValues();
      int pixels = (x1 - x0) * (y1 - y0);
      byte[] out = new byte[pixels * 4];
      for (int p = 0, i = 0; p < pixels; p++) {
        int o = p * 4;
        out[o] = values.get(i++);
        out[o + 1] = values.get(i++);
        out[o + 2] = values.get(i++);
        out[o + 3] = alpha ? values.get(i++) : (byte) 0xff;
      }
      DirectBuffers.free(values);
      return out;
    } catch (TiffException ex) {
      throw new ImageryException(Kind.NOT_A_TIFF, "pixels of the TIFF cannot be decoded: " + ex.getMessage());
    } finally {
      image.setCache(false);
    }
  }

  String describe() {
    return String.format(Locale.ROOT, "%dx%d %s %s, %s, %d overview%s", width, height, alpha ? "RGBA" : "RGB",
        tiled() ? "tiled" : "striped", crs.id(), overviews, overviews == 1 ? "" : "s");
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
