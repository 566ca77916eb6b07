package org.gridscape.scene.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.geo.Wgs84;
import org.gridscape.scene.gltf.BuildingMetadata;
import org.gridscape.scene.gltf.GlbFile;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.SafetyGrade;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

class GridSceneBuilderTest {
  private static final String CODE = "350521100200001";

  private static GridScene sample() {
    return SyntheticScenes.grid(CODE, SyntheticScenes.BASE_LON, SyntheticScenes.BASE_LAT, 300, 40, 7);
  }

  @Test
  void glbIsWellFormedWithAlignedViewsAndExactQuantizedBounds() {
    BuiltGrid built = GridSceneBuilder.build(sample());
    GlbFile glb = GlbFile.parse(built.glb());

    assertThat(glb.json.path("asset").path("version").asText()).isEqualTo("2.0");
    assertThat(glb.json.path("extensionsUsed")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("EXT_mesh_features", "EXT_structural_metadata", "KHR_mesh_quantization",
            "EXT_meshopt_compression");
    assertThat(glb.json.path("extensionsRequired")).extracting(JsonNode::asText)
        .containsExactly("KHR_mesh_quantization", "EXT_meshopt_compression");
    int compressed = 0;
    for (JsonNode view : glb.json.path("bufferViews")) {
      assertThat(view.path("byteOffset").asInt() % 8).as("bufferView alignment").isZero();
      assertThat(view.path("byteLength").asInt()).isPositive();
      JsonNode meshopt = view.path("extensions").path("EXT_meshopt_compression");
      int bufferLength = glb.json.path("buffers").path(view.path("buffer").asInt()).path("byteLength").asInt();
      assertThat(view.path("byteOffset").asInt() + view.path("byteLength").asInt()).isLessThanOrEqualTo(bufferLength);
      if (!meshopt.isMissingNode()) {
        compressed++;
        assertThat(meshopt.path("byteOffset").asInt() + meshopt.path("byteLength").asInt())
            .isLessThanOrEqualTo(glb.bin.remaining());
        assertThat(meshopt.path("byteLength").asInt()).as("compression pays").isLessThan(view.path("byteLength").asInt());
      } else {
        assertThat(view.path("buffer").asInt()).isZero();
        assertThat(view.has("target")).as("only metadata is left uncompressed").isFalse();
      }
    }
    // Every attribute (positions, normals, colours, feature IDs) and the indices of every primitive.
    int expected = 0;
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      expected += primitive.path("attributes").size() + 1;
    }
    assertThat(compressed).isEqualTo(expected);
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      int positionIndex = primitive.path("attributes").path("POSITION").asInt();
      JsonNode position = glb.accessor(positionIndex);
      assertThat(position.path("componentType").asInt()).as("UNSIGNED_SHORT positions").isEqualTo(5123);
      assertThat(position.path("normalized").asBoolean(false)).isFalse();
      double[] values = glb.values(positionIndex);
      for (int axis = 0; axis < 3; axis++) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = axis; i < values.length; i += 3) {
          min = Math.min(min, values[i]);
          max = Math.max(max, values[i]);
        }
        // Exactly the data's bounds, as the glTF validator demands.
        assertThat(position.path("min").path(axis).asDouble()).isEqualTo(min);
        assertThat(position.path("max").path(axis).asDouble()).isEqualTo(max);
      }
      int vertices = position.path("count").asInt();
      JsonNode normal = glb.accessor(primitive.path("attributes").path("NORMAL").asInt());
      assertThat(normal.path("componentType").asInt()).as("BYTE normals").isEqualTo(5120);
      assertThat(normal.path("normalized").asBoolean(false)).isTrue();
      assertThat(normal.path("count").asInt()).isEqualTo(vertices);
      JsonNode indexAccessor = glb.accessor(primitive.path("indices").asInt());
      assertThat(indexAccessor.path("componentType").asInt()).isEqualTo(5123);
      assertThat(Arrays.stream(glb.indices(primitive.path("indices").asInt())).max().orElseThrow())
          .isLessThan(vertices);
    }
    // One uniform power-of-two scale: normals need no correction, dequantized values are exact.
    JsonNode scale = glb.json.path("nodes").path(0).path("scale");
    assertThat(scale.path(0).asDouble()).isEqualTo(scale.path(1).asDouble()).isEqualTo(scale.path(2).asDouble());
    double step = scale.path(0).asDouble();
    assertThat(step).isEqualTo(Math.scalb(1.0, Math.getExponent(step)));
  }

  @Test
  void everyFeatureIdPointsIntoThePropertyTableAndEveryRowIsUsed() {
    GridScene grid = sample();
    BuiltGrid built = GridSceneBuilder.build(grid);
    GlbFile glb = GlbFile.parse(built.glb());
    int count = glb.propertyTable().path("count").asInt();
    assertThat(count).isEqualTo(grid.buildings().size() + 1);
    BitSet used = new BitSet();
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      JsonNode featureIds = primitive.path("extensions").path("EXT_mesh_features").path("featureIds").path(0);
      assertThat(featureIds.path("featureCount").asInt()).isEqualTo(count);
      assertThat(featureIds.path("propertyTable").asInt()).isZero();
      assertThat(featureIds.path("attribute").asInt()).isZero();
      JsonNode idAccessor = glb.accessor(primitive.path("attributes").path("_FEATURE_ID_0").asInt());
      assertThat(idAccessor.path("componentType").asInt()).as("UNSIGNED_SHORT feature IDs").isEqualTo(5123);
      for (double id : glb.values(primitive.path("attributes").path("_FEATURE_ID_0").asInt())) {
        assertThat(id).isEqualTo(Math.rint(id)).isGreaterThanOrEqualTo(0).isLessThan(count);
        used.set((int) id);
      }
    }
    assertThat(used.cardinality()).isEqualTo(count);
  }

  @Test
  void propertyTableHoldsTheBuildingsSortedByIdThenTheBoundary() {
    GridScene grid = sample();
    GlbFile glb = GlbFile.parse(GridSceneBuilder.build(grid).glb());
    List<Building> sorted = grid.buildings().stream()
        .sorted((a, b) -> a.id().compareTo(b.id())).toList();

    String[] ids = glb.strings("buildingId");
    assertThat(ids).hasSize(sorted.size() + 1);
    for (int i = 0; i < sorted.size(); i++) {
      assertThat(ids[i]).isEqualTo(sorted.get(i).id());
    }
    assertThat(ids[sorted.size()]).isEqualTo("grid:" + CODE);
    assertThat(glb.strings("gridCode")).containsOnly(CODE);
    long[] kinds = glb.unsigned("featureKind", 1);
    assertThat(kinds[sorted.size()]).isEqualTo(1);
    assertThat(Arrays.stream(kinds).limit(sorted.size())).containsOnly(0L);

    long[] residents = glb.unsigned("residents", 4);
    long[] grades = glb.unsigned("safetyGrade", 1);
    long[] illegal = glb.unsigned("illegalConstruction", 1);
    long[] open = glb.unsigned("illegalConstructionOpen", 1);
    long[] floors = glb.unsigned("floors", 2);
    float[] heights = glb.float32("heightMeters");
    long totalResidents = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Building b = sorted.get(i);
      assertThat(residents[i]).isEqualTo(b.counts().residents());
      assertThat(grades[i]).isEqualTo(b.safetyGrade().ordinal());
      assertThat(illegal[i]).isEqualTo(b.illegalConstruction().ordinal());
      assertThat(open[i]).isEqualTo(b.illegalConstruction().isOpen() ? 1 : 0);
      assertThat(floors[i]).isEqualTo(b.floors() == null ? 0 : b.floors());
      double expectedHeight = b.heightMeters() != null ? b.heightMeters()
          : b.floors() != null ? b.floors() * 3.0 : 6.0;
      assertThat((double) heights[i]).isCloseTo(expectedHeight, within(1e-4));
      totalResidents += b.counts().residents();
    }
    // The boundary row carries the grid's totals.
    assertThat(residents[sorted.size()]).isEqualTo(totalResidents);
    assertThat(glb.unsigned("households", 4)[sorted.size()])
        .isEqualTo(grid.buildings().stream().mapToLong(b -> b.counts().households()).sum());
  }

  @Test
  void schemaUsesOnlyWidelySupportedTypes() {
    GlbFile glb = GlbFile.parse(GridSceneBuilder.build(sample()).glb());
    JsonNode properties = glb.schema().path("classes").path("building").path("properties");
    assertThat(properties.size()).isEqualTo(BuildingMetadata.propertyNames().size());
    properties.properties().forEach(entry -> {
      JsonNode p = entry.getValue();
      assertThat(p.path("type").asText()).as(entry.getKey()).isIn("STRING", "SCALAR", "ENUM");
      assertThat(p.path("componentType").asText("UINT8")).as(entry.getKey())
          .isIn("UINT8", "UINT16", "UINT32", "FLOAT32");
    });
    assertThat(properties.path("safetyGrade").path("enumType").asText()).isEqualTo("safetyGrade");
    assertThat(glb.schema().path("enums").path("safetyGrade").path("values"))
        .extracting(v -> v.path("name").asText()).containsExactly("A", "B", "C", "D", "UNKNOWN");
    // Counts only: nothing that could carry a person's name, ID number or phone.
    assertThat(BuildingMetadata.propertyNames()).noneMatch(name -> name.matches("(?i).*(name|phone|idcard|idNumber).*"));
    // The boundary has its own translucent material.
    assertThat(glb.json.path("materials")).anySatisfy(m -> assertThat(m.path("alphaMode").asText()).isEqualTo("BLEND"));
  }

  @Test
  void contentLiesInsideTheBoundingRegionOnceTransformed() {
    BuiltGrid built = GridSceneBuilder.build(sample());
    GlbFile glb = GlbFile.parse(built.glb());
    BoundingRegion region = built.tile().region();
    double[] m = built.tile().frame().enuToEcefColumnMajor();
    double[] geodetic = new double[3];
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      double[] p = glb.positions(primitive);
      for (int i = 0; i < p.length; i += 3) {
        // glTF (x, y, z) = ENU (e, u, -n); 3D Tiles applies the y-up to z-up rotation.
        double e = p[i];
        double n = -p[i + 2];
        double u = p[i + 1];
        Wgs84.toGeodetic(
            m[0] * e + m[4] * n + m[8] * u + m[12],
            m[1] * e + m[5] * n + m[9] * u + m[13],
            m[2] * e + m[6] * n + m[10] * u + m[14], geodetic);
        assertThat(region.contains(geodetic[0], geodetic[1], geodetic[2]))
            .as("vertex %d at %s inside %s", i / 3, Arrays.toString(geodetic), region).isTrue();
      }
    }
  }

  @Test
  void sameInputGivesSameBytesWhateverTheBuildingOrder() {
    GridScene grid = sample();
    List<Building> shuffled = new ArrayList<>(grid.buildings());
    Collections.shuffle(shuffled, new Random(42));
    GridScene reordered = new GridScene(grid.code(), grid.name(), grid.kind(), grid.boundary(), shuffled);

    BuiltGrid first = GridSceneBuilder.build(grid);
    BuiltGrid second = GridSceneBuilder.build(reordered);
    assertThat(second.glb()).isEqualTo(first.glb());
    assertThat(second.tile()).isEqualTo(first.tile());
    assertThat(second.tilesetJson("v1")).isEqualTo(first.tilesetJson("v1"));
    assertThat(first.tile().contentPath()).matches("content/[0-9a-f]{16}\\.glb");
    assertThat(first.tile().contentPath()).isEqualTo("content/" + GridSceneBuilder.hashPrefix(first.glb()) + ".glb");
  }

  @Test
  void differentContentGetsADifferentName() {
    GridScene grid = sample();
    List<Building> fewer = grid.buildings().subList(1, grid.buildings().size());
    BuiltGrid all = GridSceneBuilder.build(grid);
    BuiltGrid less = GridSceneBuilder.build(new GridScene(grid.code(), grid.name(), grid.kind(), grid.boundary(), fewer));
    assertThat(less.tile().contentPath()).isNotEqualTo(all.tile().contentPath());
  }

  @Test
  void largeGridsAreSplitIntoPrimitivesWithShortIndices() {
    GridScene big = SyntheticScenes.grid(CODE, SyntheticScenes.BASE_LON, SyntheticScenes.BASE_LAT, 1500, 4000, 3);
    BuiltGrid built = GridSceneBuilder.build(big);
    assertThat(built.stats().vertices()).isGreaterThan(65536);
    GlbFile glb = GlbFile.parse(built.glb());
    JsonNode primitives = glb.json.path("meshes").path(0).path("primitives");
    assertThat(primitives.size()).isGreaterThanOrEqualTo(3);
    long vertexTotal = 0;
    for (JsonNode primitive : primitives) {
      int count = glb.accessor(primitive.path("attributes").path("POSITION").asInt()).path("count").asInt();
      assertThat(count).isLessThanOrEqualTo(65536);
      assertThat(glb.accessor(primitive.path("indices").asInt()).path("componentType").asInt()).isEqualTo(5123);
      vertexTotal += count;
    }
    assertThat(vertexTotal).isEqualTo(built.stats().vertices());
    assertThat(built.stats().buildings()).isEqualTo(4000);
  }

  @Test
  void buildingsWithoutAreaAreCountedAndLeftOut() {
    GridScene grid = sample();
    Polygon sliver = SyntheticScenes.GEOMETRY.createPolygon(new Coordinate[] {
      new Coordinate(SyntheticScenes.BASE_LON, SyntheticScenes.BASE_LAT),
      new Coordinate(SyntheticScenes.BASE_LON + 0.0001, SyntheticScenes.BASE_LAT),
      new Coordinate(SyntheticScenes.BASE_LON + 0.0002, SyntheticScenes.BASE_LAT),
      new Coordinate(SyntheticScenes.BASE_LON, SyntheticScenes.BASE_LAT)});
    Building bad = new Building("zz-flat", sliver, 5.0, null, "", SafetyGrade.UNKNOWN,
        IllegalConstructionStatus.NONE, BuildingCounts.ZERO);
    BuiltGrid built = GridSceneBuilder.build(new GridScene(grid.code(), grid.name(), grid.kind(), grid.boundary(),
        Stream.concat(grid.buildings().stream(), Stream.of(bad)).toList()));
    assertThat(built.stats().skippedBuildings()).isEqualTo(1);
    assertThat(built.stats().buildings()).isEqualTo(grid.buildings().size());
    assertThat(GlbFile.parse(built.glb()).strings("buildingId")).doesNotContain("zz-flat");
  }

  @Test
  void aGridWithoutBuildingsStillShowsItsBoundary() {
    GridScene grid = sample();
    BuiltGrid built = GridSceneBuilder.build(new GridScene(grid.code(), grid.name(), grid.kind(), grid.boundary(), List.of()));
    GlbFile glb = GlbFile.parse(built.glb());
    assertThat(glb.strings("buildingId")).containsExactly("grid:" + CODE);
    assertThat(glb.json.path("meshes").path(0).path("primitives").size()).isEqualTo(1);
  }

  @Test
  void inputRecordsRejectBadValues() {
    Polygon square = SyntheticScenes.rectangle(SyntheticScenes.BASE_LON, SyntheticScenes.BASE_LAT, 10, 10);
    assertThatThrownBy(() -> SyntheticScenes.building(" ", square, 3.0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticScenes.building("b", square, -3.0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticScenes.building("b", square, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    Polygon projected = SyntheticScenes.GEOMETRY.createPolygon(new Coordinate[] {
      new Coordinate(500000, 2700000), new Coordinate(500010, 2700000),
      new Coordinate(500010, 2700010), new Coordinate(500000, 2700000)});
    assertThatThrownBy(() -> SyntheticScenes.building("b", projected, 3.0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lon/lat");
    assertThatThrownBy(() -> new BuildingCounts(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    Building one = SyntheticScenes.building("b", square, 3.0, null);
    assertThatThrownBy(() -> new GridScene("35052110020000", "", org.gridscape.scene.model.GridKind.STANDARD, square, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 digits");
    assertThatThrownBy(() -> new GridScene(CODE, "", org.gridscape.scene.model.GridKind.STANDARD, square, List.of(one, one)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
  }
}
