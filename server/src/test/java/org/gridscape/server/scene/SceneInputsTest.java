package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.RegionLevel;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.model.RoofForm;
import org.gridscape.scene.model.SafetyGrade;
import org.gridscape.server.layer.BuildingFigures;
import org.gridscape.server.layer.HousingGrade;
import org.gridscape.server.layer.IllegalConstruction;
import org.gridscape.server.scene.SceneStore.BuildingInfo;
import org.gridscape.server.scene.SceneStore.GridInfo;
import org.gridscape.server.scene.SceneStore.RegionInfo;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class SceneInputsTest {

  private static final String D = "350521000000";
  private static final String T1 = "350521104000";
  private static final String T2 = "350521105000";
  private static final String W1 = "350521104W01";
  private static final String V1 = "350521104201";
  private static final String V2 = "350521104202";
  private static final String V3 = "350521105201";

  private static Geometry wkt(String text) {
    try {
      return new WKTReader().read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final Geometry SQUARE = wkt("POLYGON ((118.7 24.9, 118.701 24.9, 118.701 24.901, 118.7 24.901, 118.7 24.9))");

  private static GridInfo grid(String code, String village) {
    return new GridInfo(code, village, "网格", "standard", SQUARE);
  }

  private static final List<RegionInfo> REGIONS = List.of(
      new RegionInfo(D, "区", "district", null),
      new RegionInfo(T1, "镇1", "township", D),
      new RegionInfo(T2, "镇2", "township", D),
      new RegionInfo(W1, "片", "workarea", T1),
      new RegionInfo(V1, "村1", "village", W1),
      new RegionInfo(V2, "村2", "village", T1),
      new RegionInfo(V3, "村3", "village", T2));

  @Test
  void theTreeMirrorsTheHierarchyAndLeavesOutRegionsWithoutGrids() {
    RegionNode root = SceneInputs.regionTree(REGIONS, List.of(grid(V1 + "002", V1), grid(V1 + "001", V1),
        grid(V2 + "001", V2)));

    assertThat(root.code()).isEqualTo(D);
    assertThat(root.level()).isEqualTo(RegionLevel.DISTRICT);
    assertThat(root.children()).extracting(RegionNode::code).containsExactly(T1);
    RegionNode township = root.children().get(0);
    assertThat(township.children()).extracting(RegionNode::code).containsExactlyInAnyOrder(V2, W1);
    RegionNode workArea = township.children().stream().filter(n -> n.code().equals(W1)).findFirst().orElseThrow();
    assertThat(workArea.level()).isEqualTo(RegionLevel.WORK_AREA);
    assertThat(workArea.children().get(0).gridCodes()).containsExactly(V1 + "001", V1 + "002");
  }

  @Test
  void gridsOfUnknownVillagesAreLeftOutAndAnEmptyTreeIsNull() {
    assertThat(SceneInputs.regionTree(REGIONS, List.of(grid("350521999999001", "350521999999")))).isNull();
    assertThat(SceneInputs.regionTree(REGIONS, List.of())).isNull();
  }

  @Test
  void gridsUnderTwoTopRegionsAreRefused() {
    List<RegionInfo> twoDistricts = new java.util.ArrayList<>(REGIONS);
    twoDistricts.add(new RegionInfo("350522000000", "另一区", "district", null));
    twoDistricts.add(new RegionInfo("350522100201", "村", "village", "350522000000"));

    assertThatThrownBy(() -> SceneInputs.regionTree(twoDistricts, List.of(grid(V1 + "001", V1),
        grid("350522100201001", "350522100201")))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 top regions");
  }

  @Test
  void aRegionOnTheWrongLevelIsSkipped() {
    List<RegionInfo> odd = List.of(new RegionInfo(D, "区", "district", null),
        new RegionInfo(V1, "村1", "village", D), new RegionInfo(V2, "村2", "village", V1));
    RegionNode root = SceneInputs.regionTree(odd, List.of(grid(V1 + "001", V1), grid(V2 + "001", V2)));
    assertThat(root.children()).extracting(RegionNode::code).containsExactly(V1);
    assertThat(root.children().get(0).children()).isEmpty();
  }

  @Test
  void buildingsCarryTheLayerFiguresAndUnknownSizesFallBackToTheBuildersDefaults() {
    BuildingInfo stored = new BuildingInfo("B1", V1 + "001", 0, 0.0, "residential", null, SQUARE);
    BuildingFigures figures = new BuildingFigures("B1", V1 + "001", 7, 3, 2, 1, 1, Map.of(), HousingGrade.C,
        LocalDate.of(2026, 5, 1), IllegalConstruction.REMEDIATING);

    Building building = SceneInputs.building(stored, figures);

    assertThat(building.floors()).isNull();
    assertThat(building.heightMeters()).isNull();
    assertThat(building.safetyGrade()).isEqualTo(SafetyGrade.C);
    assertThat(building.illegalConstruction()).isEqualTo(IllegalConstructionStatus.REMEDIATING);
    assertThat(building.counts().residents()).isEqualTo(7);
    assertThat(building.counts().households()).isEqualTo(3);
    assertThat(building.counts().partyMembers()).isEqualTo(2);
    assertThat(building.counts().partyLinkedHouseholds()).isEqualTo(1);
    assertThat(building.counts().assistanceHouseholds()).isEqualTo(1);

    Building noFigures = SceneInputs.building(new BuildingInfo("B2", V1 + "001", 4, 12.5, null, "hip", SQUARE), null);
    assertThat(noFigures.floors()).isEqualTo(4);
    assertThat(noFigures.heightMeters()).isEqualTo(12.5);
    assertThat(noFigures.safetyGrade()).isEqualTo(SafetyGrade.UNKNOWN);
    assertThat(noFigures.counts().residents()).isZero();
    // the plan's own roof form goes to the builder; none leaves the choice to the builder's rule
    assertThat(noFigures.roof()).isEqualTo(RoofForm.HIP);
    assertThat(building.roof()).isNull();
  }

  @Test
  void aBuildingThatCannotBeDrawnIsLeftOutNotTheGrid() {
    BuildingInfo projected = new BuildingInfo("B9", V1 + "001", 3, null, "residential", null,
        wkt("POLYGON ((500000 2750000, 500010 2750000, 500010 2750010, 500000 2750000))"));
    BuildingInfo line = new BuildingInfo("B8", V1 + "001", 3, null, "residential", null, wkt("LINESTRING (118.7 24.9, 118.71 24.91)"));
    BuildingInfo ok = new BuildingInfo("B1", V1 + "001", 3, null, "residential", null,
        wkt("MULTIPOLYGON (((118.7 24.9, 118.7001 24.9, 118.7001 24.9001, 118.7 24.9)), "
            + "((118.7002 24.9, 118.7006 24.9, 118.7006 24.9004, 118.7002 24.9)))"));

    GridScene scene = SceneInputs.gridScene(new GridInfo(V1 + "001", V1, "网格一", "residential_compound", SQUARE),
        List.of(projected, line, ok), Map.of());

    assertThat(scene.kind()).isEqualTo(GridKind.RESIDENTIAL_COMPOUND);
    assertThat(scene.buildings()).extracting(Building::id).containsExactly("B1");
    assertThat(scene.buildings().get(0).footprint().getArea()).as("the larger part").isGreaterThan(1e-8);
  }
}
