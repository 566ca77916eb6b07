package org.gridscape.scene.tiles;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.geo.EnuFrame;
import org.gridscape.scene.gltf.FeatureKind;
import org.gridscape.scene.gltf.FeatureRow;
import org.gridscape.scene.gltf.GlbAssembler;
import org.gridscape.scene.gltf.Material;
import org.gridscape.scene.mesh.Extruder;
import org.gridscape.scene.mesh.MeshBuffer;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.RoofForm;
import org.gridscape.scene.model.SafetyGrade;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one grid's content: buildings extruded in the grid's ENU frame, the boundary as a
 * translucent wall, one property-table row per feature (buildings sorted by id, then the boundary
 * as {@code grid:<code>}), all in one GLB named by its hash. Stateless and thread-safe: call it
 * from as many threads as there are grids to build.
 */
public final class GridSceneBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(GridSceneBuilder.class);

  /** Height of the boundary wall: above most village houses, low enough not to hide them. */
  public static final double BOUNDARY_WALL_HEIGHT_METERS = 12;
  /** Prefix of the boundary feature's {@code buildingId}. */
  public static final String BOUNDARY_ID_PREFIX = "grid:";
  /** Hex digits of the SHA-256 in content file names (64 bits: collisions are not a concern). */
  public static final int HASH_PREFIX_LENGTH = 16;

  /** Margin around the footprints' envelope: covers float rounding of the content (~1e-4 m). */
  private static final double ANGLE_MARGIN_RAD = 1e-8;
  private static final double HEIGHT_MARGIN_METERS = 0.01;

  private GridSceneBuilder() {}

  /** Builds the grid's GLB, its tile description and figures. */
  public static BuiltGrid build(GridScene grid) {
    // A copy: the geometry's own envelope is cached inside it and must not grow.
    Envelope envelope = new Envelope(grid.boundary().getEnvelopeInternal());
    double originLon = envelope.centre().x;
    double originLat = envelope.centre().y;
    EnuFrame frame = EnuFrame.atDegrees(originLon, originLat, 0);
    List<Building> buildings = new ArrayList<>(grid.buildings());
    buildings.sort(Comparator.comparing(Building::id));

    List<FeatureRow> rows = new ArrayList<>(buildings.size() + 1);
    BuildingPrimitives meshes = new BuildingPrimitives(frame, buildings.stream().map(Building::footprint).toList());
    double maxHeight = BOUNDARY_WALL_HEIGHT_METERS;
    BuildingCounts total = BuildingCounts.ZERO;
    int skipped = 0;
    for (Building building : buildings) {
      double height = Extruder.resolveHeight(building.heightMeters(), building.floors());
      RoofForm drawn = meshes.add(building.footprint(), height, RoofForm.choose(building, grid.kind()),
          rows.size(), building.use());
      if (drawn == null) {
        skipped++;
        LOG.debug("grid {}: building {} has no usable footprint area; skipped", grid.code(), building.id());
        continue;
      }
      envelope.expandToInclude(building.footprint().getEnvelopeInternal());
      // A pitched roof's ridge stands at most half its largest rise above the height.
      maxHeight = Math.max(maxHeight,
          drawn == RoofForm.FLAT ? height : height * (1 + Extruder.MAX_RISE_FRACTION / 2));
      total = total.plus(building.counts());
      rows.add(FeatureRow.of(building, grid.code(), (float) height));
    }
    List<GlbAssembler.Primitive> primitives = new ArrayList<>(meshes.finish());
    int vertices = meshes.vertices();
    int triangles = meshes.triangles();

    MeshBuffer wall = new MeshBuffer(grid.boundary().getNumPoints() * 4, grid.boundary().getNumPoints() * 6);
    if (!new Extruder(frame, wall).appendWalls(grid.boundary(), BOUNDARY_WALL_HEIGHT_METERS, rows.size())) {
      throw new IllegalArgumentException("boundary of grid " + grid.code() + " has no area");
    }
    primitives.add(new GlbAssembler.Primitive(wall, Material.GRID_BOUNDARY));
    vertices += wall.vertexCount();
    triangles += wall.triangleCount();
    rows.add(new FeatureRow(
        FeatureKind.GRID_BOUNDARY, BOUNDARY_ID_PREFIX + grid.code(), grid.code(), 0,
        (float) BOUNDARY_WALL_HEIGHT_METERS, grid.kind().code(),
        SafetyGrade.UNKNOWN, IllegalConstructionStatus.NONE, total));

    byte[] glb = GlbAssembler.assemble(primitives, rows);
    String contentPath = TilePaths.content(hashPrefix(glb));
    BoundingRegion region = new BoundingRegion(
        Math.toRadians(envelope.getMinX()) - ANGLE_MARGIN_RAD,
        Math.toRadians(envelope.getMinY()) - ANGLE_MARGIN_RAD,
        Math.toRadians(envelope.getMaxX()) + ANGLE_MARGIN_RAD,
        Math.toRadians(envelope.getMaxY()) + ANGLE_MARGIN_RAD,
        -HEIGHT_MARGIN_METERS,
        maxHeight + HEIGHT_MARGIN_METERS);
    GridTile tile = new GridTile(grid.code(), contentPath, region, originLon, originLat);
    GridStats stats = new GridStats(rows.size() - 1, skipped, vertices, triangles, glb.length);
    return new BuiltGrid(tile, glb, stats);
  }

  static String hashPrefix(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest).substring(0, HASH_PREFIX_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
