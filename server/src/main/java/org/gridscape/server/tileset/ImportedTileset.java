package org.gridscape.server.tileset;

import java.util.Objects;
import java.util.regex.Pattern;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.tiles.AttachedTileset;

/**
 * A district's own 3D Tiles tileset (photogrammetry) as stored: its root tileset JSON is
 * {@code rootFile} under {@link ImportedTilesets#URI_PREFIX}, content-addressed like every file
 * it references. Bounds are the root bounding volume's footprint in WGS84 degrees and its
 * ellipsoidal heights in metres; {@code geometricError} is the root tileset's.
 */
public record ImportedTileset(String id, String name, String regionCode, String rootFile, double west, double south,
    double east, double north, double minHeight, double maxHeight, double geometricError) {

  /** {@code mesh-} and ten hex digits. */
  public static final Pattern ID = Pattern.compile("mesh-[0-9a-f]{10}");
  /** A stored file: sixteen hex digits of the SHA-256 of its bytes and the kind. */
  public static final Pattern FILE = Pattern.compile("([0-9a-f]{16})\\.(json|glb|b3dm)");

  public ImportedTileset {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(regionCode, "regionCode");
    Objects.requireNonNull(rootFile, "rootFile");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a tileset id: " + id);
    }
    if (!FILE.matcher(rootFile).matches() || !rootFile.endsWith(".json")) {
      throw new IllegalArgumentException("not a stored tileset JSON: " + rootFile);
    }
    if (!(west >= -180 && east <= 180 && west <= east && south >= -90 && north <= 90 && south <= north)) {
      throw new IllegalArgumentException("bounds out of range: " + west + "," + south + "," + east + "," + north);
    }
    if (!(minHeight <= maxHeight) || !(geometricError >= 0) || Double.isInfinite(geometricError)) {
      throw new IllegalArgumentException("heights or geometric error out of range");
    }
  }

  /** The URL path of the root tileset JSON: {@code /3dtiles/imported/<hash>.json}. */
  public String uri() {
    return ImportedTilesets.URI_PREFIX + rootFile;
  }

  /** As the scene tree hangs it below its region: scene path {@code imported/<hash>.json}, region in radians. */
  public AttachedTileset attached() {
    return new AttachedTileset(regionCode, "imported/" + rootFile,
        BoundingRegion.ofDegrees(west, south, east, north, minHeight, maxHeight), geometricError);
  }
}
