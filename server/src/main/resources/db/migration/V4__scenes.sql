-- Scene publishing (issue 5). What the tileset tree needs to know about each built grid, so an
-- incremental publish rewrites the tilesets above clean grids without extruding them again.
CREATE TABLE scene_tile (
  grid_code    VARCHAR(15) PRIMARY KEY,
  content_path VARCHAR(200) NOT NULL,
  -- bounding region: radians and metres, as 3D Tiles writes it
  west         DOUBLE PRECISION NOT NULL,
  south        DOUBLE PRECISION NOT NULL,
  east         DOUBLE PRECISION NOT NULL,
  north        DOUBLE PRECISION NOT NULL,
  min_height   DOUBLE PRECISION NOT NULL,
  max_height   DOUBLE PRECISION NOT NULL,
  origin_lon   DOUBLE PRECISION NOT NULL,
  origin_lat   DOUBLE PRECISION NOT NULL,
  buildings    INT NOT NULL,
  glb_bytes    INT NOT NULL,
  built_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Dirty grids a build has taken out of scene_dirty and not yet published. A build that fails or a
-- process that dies leaves them here, and the next build takes them again, so no edit is lost.
CREATE TABLE scene_claim (
  grid_code VARCHAR(15) PRIMARY KEY,
  since     TIMESTAMP WITH TIME ZONE NOT NULL
);
