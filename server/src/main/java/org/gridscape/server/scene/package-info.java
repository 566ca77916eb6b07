/**
 * Scene publishing and serving (3D Tiles 1.1): the stage between the stored data and the viewer.
 *
 * <ul>
 * <li>{@link org.gridscape.server.scene.SceneService}: builds on request and in the background when
 * the dirty marks change (debounced), one build at a time; owns the tile handler.</li>
 * <li>{@code ScenePublisher}: one build, database to served tree (claim dirty marks, read grids,
 * buildings and layer figures, extrude in parallel with the scene builder, write a new tree, switch
 * the pointer, record the tiles).</li>
 * <li>{@code SceneFiles}: the files under {@code <dataDir>/scenes} - content-addressed GLBs, one tree
 * of tileset.json files per publish, the {@code current} pointer replaced atomically - and the clean-up
 * after a build that died.</li>
 * <li>{@code TileHandler}: {@code GET /3dtiles/**} from memory and {@code sendFile}, ETag/304,
 * immutable GLBs, no database access per request.</li>
 * <li>{@code SceneStore}, {@code SceneInputs}: the V4 tables and the mapping of stored rows (and the
 * layers' per-building figures) onto the scene builder's input.</li>
 * </ul>
 */
package org.gridscape.server.scene;
