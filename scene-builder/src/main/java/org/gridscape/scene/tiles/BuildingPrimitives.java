package org.gridscape.scene.tiles;

import java.util.ArrayList;
import java.util.List;
import org.gridscape.scene.geo.EnuFrame;
import org.gridscape.scene.gltf.GlbAssembler;
import org.gridscape.scene.gltf.Material;
import org.gridscape.scene.mesh.Extruder;
import org.gridscape.scene.mesh.MeshBuffer;
import org.gridscape.scene.model.RoofForm;
import org.locationtech.jts.geom.Polygon;

/**
 * Extrudes buildings into building primitives in one ENU frame, starting a new primitive before one
 * would pass the UNSIGNED_SHORT index limit; each finished primitive is reordered for compression.
 * Shared by the grid content and the village overview. Not thread-safe: one per GLB.
 */
final class BuildingPrimitives {
  /** glTF's UNSIGNED_SHORT index limit; beyond it a new primitive is started. */
  private static final int MAX_SHORT_INDEXED_VERTICES = 65536;

  /** A pitched roof's house: 26-28 vertices and 14-16 triangles; sized so most grids never grow. */
  private static final int VERTICES_PER_BUILDING = 28;
  private static final int INDICES_PER_BUILDING = 48;

  private final EnuFrame frame;
  private final List<GlbAssembler.Primitive> primitives = new ArrayList<>();
  private MeshBuffer mesh;
  private Extruder extruder;
  private int vertices;
  private int triangles;

  BuildingPrimitives(EnuFrame frame, int expectedBuildings) {
    this.frame = frame;
    this.mesh = new MeshBuffer(Math.max(64, expectedBuildings * VERTICES_PER_BUILDING),
        Math.max(64, expectedBuildings * INDICES_PER_BUILDING));
    this.extruder = new Extruder(frame, mesh);
  }

  /**
   * Extrudes one building as feature {@code featureId}.
   *
   * @return the roof drawn, or null when the footprint has no usable area (nothing was added)
   */
  RoofForm add(Polygon footprint, double height, RoofForm roof, int featureId, String use) {
    int needed = Extruder.maxVertices(footprint);
    if (mesh.vertexCount() > 0 && mesh.vertexCount() + needed > MAX_SHORT_INDEXED_VERTICES) {
      finishMesh();
      mesh = new MeshBuffer(4096, 8192);
      extruder = new Extruder(frame, mesh);
    }
    return extruder.extrude(footprint, height, roof, featureId, BuildingColors.facade(use),
        BuildingColors.roof(use, roof));
  }

  /** The finished primitives (none when no building had area). */
  List<GlbAssembler.Primitive> finish() {
    if (mesh.vertexCount() > 0) {
      finishMesh();
    }
    return primitives;
  }

  int vertices() {
    return vertices;
  }

  int triangles() {
    return triangles;
  }

  private void finishMesh() {
    mesh.optimizeForCompression();
    primitives.add(new GlbAssembler.Primitive(mesh, Material.BUILDING));
    vertices += mesh.vertexCount();
    triangles += mesh.triangleCount();
  }
}
