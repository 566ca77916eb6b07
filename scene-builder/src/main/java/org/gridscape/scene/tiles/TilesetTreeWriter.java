package org.gridscape.scene.tiles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.output.SceneOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the tileset tree that mirrors the region hierarchy: the root region's {@code tileset.json},
 * one external tileset per region below it and one per grid, each parent's children pointing at
 * the children's tileset.json (explicit tiling, refine ADD). Bounding regions are unions of what
 * lies below, so every child's volume is inside its parent's; geometric errors shrink downwards
 * and are 0 at the grid tile that holds the content.
 *
 * <p>Files are added children first, so a reader never finds a parent pointing at a file that
 * is not there yet. The caller brackets the call with {@code begin()/end()} and adds the GLBs.
 * Stateless and thread-safe.
 */
public final class TilesetTreeWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TilesetTreeWriter.class);

  private TilesetTreeWriter() {}

  /**
   * Writes every tileset.json of the tree. Grids named in the tree but missing from {@code grids}
   * (not built yet) are left out and logged; regions with nothing below them are left out too.
   *
   * @return the paths written, in the order written (the root last)
   * @throws IllegalArgumentException if the tree holds no built grid at all
   */
  public static List<String> write(
      RegionNode root, String tilesetVersion, Map<String, GridTile> grids, SceneOutput out) {
    return write(root, tilesetVersion, TreeContent.ofGrids(grids), out);
  }

  /**
   * As {@link #write(RegionNode, String, Map, SceneOutput)}, with overviews and attached tilesets:
   * a region tile with an overview shows it and refines by REPLACE into what lies below; attached
   * tilesets are external children of their region's tile beside its own.
   */
  public static List<String> write(RegionNode root, String tilesetVersion, TreeContent content, SceneOutput out) {
    return writeTree(root, tilesetVersion, content, null, out);
  }

  /**
   * Incremental publishing: writes the tileset.json of each changed grid and of every region above
   * one, and nothing else. The result is the same as {@link #write} would give for those files.
   *
   * @param changedGridCodes grids rebuilt since the last publish; each must be in the tree
   * @return the paths written, in the order written (the root last)
   */
  public static List<String> rewriteAbove(
      RegionNode root, String tilesetVersion, Map<String, GridTile> grids,
      Collection<String> changedGridCodes, SceneOutput out) {
    return rewriteAbove(root, tilesetVersion, TreeContent.ofGrids(grids), changedGridCodes, out);
  }

  /**
   * Incremental publishing with overviews and attachments: an overview changes only with a grid
   * below it, so the regions above the changed grids are again all that is written.
   */
  public static List<String> rewriteAbove(
      RegionNode root, String tilesetVersion, TreeContent content,
      Collection<String> changedGridCodes, SceneOutput out) {
    Set<String> changed = new HashSet<>(changedGridCodes);
    Set<String> inTree = new HashSet<>();
    collectGrids(root, inTree);
    for (String code : changed) {
      if (!inTree.contains(code)) {
        throw new IllegalArgumentException("changed grid " + code + " is not in the region tree");
      }
    }
    return writeTree(root, tilesetVersion, content, changed, out);
  }

  private static List<String> writeTree(
      RegionNode root, String tilesetVersion, TreeContent content, Set<String> changed,
      SceneOutput out) {
    TilesetJson.requireVersion(tilesetVersion);
    List<String> written = new ArrayList<>();
    Walk walk = new Walk(tilesetVersion, content, changed, out, written, new HashSet<>(), new IdentityHashMap<>(),
        new IdentityHashMap<>());
    Node top = walk.region(root, TilePaths.ROOT, Double.POSITIVE_INFINITY);
    if (top == null) {
      throw new IllegalArgumentException("region tree " + root.code() + " holds no built grid");
    }
    return written;
  }

  private static void collectGrids(RegionNode node, Set<String> into) {
    into.addAll(node.gridCodes());
    for (RegionNode child : node.children()) {
      collectGrids(child, into);
    }
  }

  /** A written (or, in incremental mode, known) subtree: its file, volume and error. */
  private record Node(String path, BoundingRegion region, double geometricError, boolean dirty) {}

  /**
   * One pass over the tree. {@code unions} and {@code touched} remember each region's volume and
   * whether a changed grid lies below it, so an incremental write visits only the branches above the
   * changed grids and works out every other region's volume once (an edit in a city of 10,000 grids
   * does not walk them all again for each level).
   */
  private record Walk(
      String version, TreeContent content, Set<String> changed, SceneOutput out,
      List<String> written, Set<String> paths, Map<RegionNode, Optional<BoundingRegion>> unions,
      Map<RegionNode, Boolean> touched) {

    Node region(RegionNode node, String path, double parentError) {
      if (!paths.add(path)) {
        throw new IllegalArgumentException("two regions map to " + path + ": codes must be unique per level");
      }
      // Regions of the children decide this node's region and error, so visit them first;
      // their own errors are capped by this node's once it is known (second pass below).
      List<Object> kids = new ArrayList<>();
      kids.addAll(node.children().stream()
          .sorted((a, b) -> a.code().compareTo(b.code())).toList());
      kids.addAll(node.gridCodes().stream().sorted().toList());
      BoundingRegion region = null;
      for (Object kid : kids) {
        BoundingRegion r = kid instanceof RegionNode child ? regionOf(child) : gridRegion((String) kid);
        if (r != null) {
          region = region == null ? r : region.union(r);
        }
      }
      if (region == null) {
        LOG.debug("region {} has no built grid below it; left out of the scene", node.code());
        return null;
      }
      region = withOwnContent(node, region);
      double error = Math.min(parentError, TilesetJson.geometricError(region));
      List<TilesetJson.ExternalChild> children = new ArrayList<>();
      boolean dirty = changed == null;
      for (Object kid : kids) {
        Node child = kid instanceof RegionNode childRegion
            ? (isTouched(childRegion) ? region(childRegion, TilePaths.region(childRegion.level(), childRegion.code()),
                error) : unchanged(childRegion, error))
            : grid((String) kid, error);
        if (child != null) {
          children.add(new TilesetJson.ExternalChild(
              TilePaths.relative(path, child.path()), child.region(), child.geometricError()));
          dirty |= child.dirty();
        }
      }
      for (AttachedTileset attached : content.attached().getOrDefault(node.code(), List.of())) {
        children.add(new TilesetJson.ExternalChild(TilePaths.relative(path, attached.path()),
            attached.region(), Math.min(error, attached.geometricError())));
      }
      OverviewTile overview = content.overviews().get(node.code());
      String overviewUri = overview == null ? null : TilePaths.relative(path, overview.contentPath());
      if (dirty) {
        out.add(path, TilesetJson.regionTileset(version, region, error, overviewUri, children));
        written.add(path);
      }
      return new Node(path, region, error, dirty);
    }

    private Node grid(String code, double parentError) {
      GridTile tile = content.grids().get(code);
      if (tile == null) {
        LOG.warn("grid {} is in the region tree but has not been built; left out of the scene", code);
        return null;
      }
      String path = TilePaths.grid(code);
      if (!paths.add(path)) {
        throw new IllegalArgumentException("grid " + code + " appears twice in the region tree");
      }
      boolean dirty = changed == null || changed.contains(code);
      if (dirty) {
        out.add(path, TilesetJson.gridTileset(tile, version));
        written.add(path);
      }
      double error = Math.min(parentError, TilesetJson.geometricError(tile.region()));
      return new Node(path, tile.region(), error, dirty);
    }

    /** A region with no changed grid below it (incremental writes only): known, not written again. */
    private Node unchanged(RegionNode node, double parentError) {
      BoundingRegion region = regionOf(node);
      if (region == null) {
        return null;
      }
      return new Node(TilePaths.region(node.level(), node.code()), region,
          Math.min(parentError, TilesetJson.geometricError(region)), false);
    }

    /** True when a changed grid lies below {@code node} (always, for a full write). */
    private boolean isTouched(RegionNode node) {
      if (changed == null) {
        return true;
      }
      Boolean known = touched.get(node);
      if (known != null) {
        return known;
      }
      boolean below = node.gridCodes().stream().anyMatch(changed::contains);
      for (RegionNode child : node.children()) {
        below |= isTouched(child);
      }
      touched.put(node, below);
      return below;
    }

    /** A region's volume holds its overview and attached tilesets too (a block can pass a grid's edge). */
    private BoundingRegion withOwnContent(RegionNode node, BoundingRegion below) {
      BoundingRegion region = below;
      OverviewTile overview = content.overviews().get(node.code());
      if (overview != null) {
        region = region.union(overview.region());
      }
      for (AttachedTileset attached : content.attached().getOrDefault(node.code(), List.of())) {
        region = region.union(attached.region());
      }
      return region;
    }

    private BoundingRegion gridRegion(String code) {
      GridTile tile = content.grids().get(code);
      return tile == null ? null : tile.region();
    }

    /** Union of the built grids below {@code node}, or null when there are none. */
    private BoundingRegion regionOf(RegionNode node) {
      Optional<BoundingRegion> known = unions.get(node);
      if (known == null) {
        known = Optional.ofNullable(unionOf(node));
        unions.put(node, known);
      }
      return known.orElse(null);
    }

    private BoundingRegion unionOf(RegionNode node) {
      BoundingRegion region = null;
      for (RegionNode child : node.children()) {
        BoundingRegion r = regionOf(child);
        if (r != null) {
          region = region == null ? r : region.union(r);
        }
      }
      for (String code : node.gridCodes()) {
        BoundingRegion r = gridRegion(code);
        if (r != null) {
          region = region == null ? r : region.union(r);
        }
      }
      return region == null ? null : withOwnContent(node, region);
    }
  }
}
