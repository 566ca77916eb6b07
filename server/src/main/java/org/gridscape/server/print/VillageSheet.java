package org.gridscape.server.print;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.imagery.basemap.BaseMapRenderer;
import org.locationtech.jts.geom.Geometry;

/**
 * Everything a village's printed 网格分布图 shows, read and decided before drawing: the village and
 * where it lies, its published grids with residents and grid workers (names as the caller may see
 * them), the ground around it as the base map draws it, and what revision of the data it is.
 *
 * @param boundary   the village boundary; null when no plan was imported (the grids' extent is used)
 * @param ground     the published layers over the printed area, neighbours included, for context
 * @param names      how grid workers' names appear on this print
 * @param printedOn  the print date (district time)
 * @param software   the GridScape version that drew it
 */
public record VillageSheet(String code, String name, String township, String district, Geometry boundary,
    List<Grid> grids, BaseMapRenderer.Content ground, Revision revision, WorkerNames names, LocalDate printedOn,
    String software) {

  public VillageSheet {
    if (code == null || name == null || grids == null || ground == null || revision == null || names == null
        || printedOn == null) {
      throw new IllegalArgumentException("code, name, grids, ground, revision, names and date required");
    }
    grids = List.copyOf(grids);
  }

  /** How the grid workers' names are printed (docs/PRINT.md: who sees what). */
  public enum WorkerNames {
    /** Full names: admins who asked for them ({@code full=true}), audit-logged. */
    FULL,
    /** Surname and stars (张*): admins and leaders by default. */
    MASKED,
    /** No names, the number of workers by type: planners and departments, who get no person-level data. */
    HIDDEN
  }

  /** A published grid as printed. */
  public record Grid(String code, String name, GridKind kind, Geometry geometry, int residents, List<Worker> workers) {
    public Grid {
      if (code == null || geometry == null) {
        throw new IllegalArgumentException("code and geometry required");
      }
      workers = List.copyOf(workers);
    }
  }

  /**
   * A grid worker of a grid: type ({@code comprehensive, police, community, part_time, cadre}) and the
   * name as it may be printed, null when hidden.
   */
  public record Worker(String type, String name) {
    public Worker {
      if (type == null) {
        throw new IllegalArgumentException("type required");
      }
    }
  }

  /**
   * The revision of the data on the sheet.
   *
   * @param gridsVersion version of the village's published grid set (every publish counts)
   * @param planVersion  version of its published plan
   * @param publishedAt  when the grid set or plan last changed, null when unknown
   */
  public record Revision(int gridsVersion, int planVersion, OffsetDateTime publishedAt) {}
}
