/**
 * Imported 3D Tiles (photogrammetry, docs/PHOTOGRAMMETRY.md): a district's own zipped tileset is
 * streamed to disk by {@link org.gridscape.server.tileset.TilesetRoutes}, checked and staged
 * content-addressed by {@link org.gridscape.server.tileset.TilesetChecker} (zip limits and names in
 * {@link org.gridscape.server.tileset.TilesetZip}, b3dm and glb headers in
 * {@link org.gridscape.server.tileset.ContentFile}), placed in its region by
 * {@link org.gridscape.server.tileset.RegionChoice}, and stored and listed by
 * {@link org.gridscape.server.tileset.ImportedTilesets}, which the scene publisher reads.
 */
package org.gridscape.server.tileset;
