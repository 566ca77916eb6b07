/**
 * Mapbox Vector Tiles of the published layers at /tiles: tile coordinates and Web Mercator, the
 * encoder (clip, flip, wind, drop degenerate, ids), the cached tile service and the TileJSON and
 * tile routes. Features come from {@link org.gridscape.server.ogc.FeatureStore}.
 */
package org.gridscape.server.vectortile;
