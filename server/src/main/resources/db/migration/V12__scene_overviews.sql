-- Village overviews (issue 18): what the tileset tree needs to know about each village's block
-- model, so an incremental publish can write a village tileset without rebuilding every overview.
CREATE TABLE scene_overview (
  region_code  VARCHAR(20) PRIMARY KEY,
  content_path VARCHAR(200) NOT NULL,
  -- bounding region: radians and metres, as 3D Tiles writes it
  west         DOUBLE PRECISION NOT NULL,
  south        DOUBLE PRECISION NOT NULL,
  east         DOUBLE PRECISION NOT NULL,
  north        DOUBLE PRECISION NOT NULL,
  min_height   DOUBLE PRECISION NOT NULL,
  max_height   DOUBLE PRECISION NOT NULL,
  blocks       INT NOT NULL,
  glb_bytes    INT NOT NULL,
  built_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
