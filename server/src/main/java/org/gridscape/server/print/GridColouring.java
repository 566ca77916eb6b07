package org.gridscape.server.print;

import java.awt.Color;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Fills for areas that sit side by side (the grids of a village, the villages of a district) such
 * that no two neighbours share one: a greedy colouring of the adjacency graph, most-connected area
 * first, ties by id, so the same areas always get the same colours. Areas touching at a corner count
 * as neighbours too. Twelve colours cover any real grid map (a greedy colouring needs at most one more
 * than the largest number of neighbours); beyond that, colours repeat.
 */
public final class GridColouring {

  /** Soft, print-friendly fills that stay apart (ColorBrewer Set3, an equal-lightness qualitative scheme). */
  public static final List<Color> PALETTE = List.of(new Color(0x8DD3C7), new Color(0xFFED6F), new Color(0xBEBADA),
      new Color(0xFB8072), new Color(0x80B1D3), new Color(0xFDB462), new Color(0xB3DE69), new Color(0xFCCDE5),
      new Color(0xBC80BD), new Color(0xCCEBC5), new Color(0xFFFFB3), new Color(0xD9D9D9));

  /** Areas closer than this (degrees, about 0.1 m) are neighbours: shared edges are rarely exact. */
  private static final double TOUCH = 1e-6;

  private GridColouring() {}

  /** An area to colour. */
  public record Area(String id, Geometry geometry) {
    public Area {
      if (id == null || geometry == null) {
        throw new IllegalArgumentException("id and geometry required");
      }
    }
  }

  /** The palette index of every area, by id. */
  public static Map<String, Integer> colour(List<Area> areas) {
    List<Area> sorted = new ArrayList<>(areas);
    sorted.sort(Comparator.comparing(Area::id));
    int n = sorted.size();
    List<List<Integer>> neighbours = new ArrayList<>();
    List<Envelope> boxes = new ArrayList<>();
    List<PreparedGeometry> prepared = new ArrayList<>();
    for (Area area : sorted) {
      neighbours.add(new ArrayList<>());
      Envelope box = new Envelope(area.geometry().getEnvelopeInternal());
      box.expandBy(TOUCH);
      boxes.add(box);
      prepared.add(PreparedGeometryFactory.prepare(area.geometry()));
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (boxes.get(i).intersects(boxes.get(j))
            && (prepared.get(i).intersects(sorted.get(j).geometry())
                || sorted.get(i).geometry().isWithinDistance(sorted.get(j).geometry(), TOUCH))) {
          neighbours.get(i).add(j);
          neighbours.get(j).add(i);
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> -neighbours.get(i).size()).thenComparingInt(i -> i));
    int[] colours = new int[n];
    java.util.Arrays.fill(colours, -1);
    for (int i : order) {
      BitSet taken = new BitSet();
      for (int j : neighbours.get(i)) {
        if (colours[j] >= 0) {
          taken.set(colours[j]);
        }
      }
      colours[i] = taken.nextClearBit(0);
    }
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(sorted.get(i).id(), colours[i]);
    }
    return out;
  }

  /** The fill of a palette index. */
  public static Color fill(int index) {
    return PALETTE.get(Math.floorMod(index, PALETTE.size()));
  }
}
