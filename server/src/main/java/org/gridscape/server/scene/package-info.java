/**
 * Scene publishing and serving (3D Tiles 1.1): the stage between the stored data and the viewer.
 *
 * <ul>
 * <li>{@link org.gridscape.server.scene.SceneService}: builds on request and in the background when
 * the dirty marks change (debounced), one build at a time; owns the tile handler.</li>
 * <li>{@code ScenePublisher}: one build, database to served tree (claim dirty marks, read grids,
 * buildings and layer figures, extrude in parallel with the scene builder, write a new tree, switch
 * the pointer, record the tiles).</li>
 * <li>{@code GridExtruder}: the builder threads' work on one batch of grids (extrusion, overview blocks
 * and assembly).</li>
 * <li>{@code SceneShelf}: where published trees live. {@code SceneFiles}: the files under
 * {@code <dataDir>/scenes} - content-addressed GLBs, one tree of tileset.json files per publish, the
 * {@code current} pointer replaced atomically - and the clean-up after a build that died (one
 * process). {@code SharedScenes}: trees as rows of the database, each file valid for a range of tree
 * numbers, GLBs in the shared object store, for replicas.</li>
 * <li>{@code BuildLock}: one builder among the replicas (a PostgreSQL advisory lock).</li>
 * <li>{@code TileHandler}: {@code GET /3dtiles/**}, tilesets from memory (read once from the shelf) and
 * GLBs by {@code sendFile} (on a replica from its cached copy), ETag/304, immutable GLBs.</li>
 * <li>{@code SceneStore}, {@code SceneInputs}: the V4 tables and the mapping of stored rows (and the
 * layers' per-building figures) onto the scene builder's input.</li>
 * </ul>
 */
package org.gridscape.server.scene;
