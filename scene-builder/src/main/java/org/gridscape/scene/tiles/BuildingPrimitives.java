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

  private final EnuFrame frame;
  private final List<GlbAssembler.Primitive> primitives = new ArrayList<>();
  private MeshBuffer mesh;
  private Extruder extruder;
  private int vertices;
  private int triangles;

  /**
   * @param footprints the footprints to come, for sizing the buffers once: growing them by copies
   *     took a tenth of a village overview's time
   */
  BuildingPrimitives(EnuFrame frame, List<? extends Polygon> footprints) {
    this.frame = frame;
    long expected = 0;
    for (Polygon footprint : footprints) {
      expected += Extruder.maxVertices(footprint);
    }
    int vertexCapacity = (int) Math.min(Math.max(64, expected), MAX_SHORT_INDEXED_VERTICES);
    // Walls: 4 vertices and 6 indices per edge; roofs: about 3 indices per vertex.
    this.mesh = new MeshBuffer(vertexCapacity, 2 * vertexCapacity);
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
