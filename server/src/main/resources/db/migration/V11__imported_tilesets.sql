-- Districts' own 3D Tiles tilesets (photogrammetry), imported as zips. Their files are stored once
-- each, content-addressed, under <data-dir>/scenes/imported/<16 hex of SHA-256>.<json|glb|b3dm>; a
-- row is inserted only after every file of its tree is in place, and a file is removed only when no
-- row's tree references it any more. Bounds are the root bounding volume's footprint in WGS84
-- degrees and its ellipsoidal heights in metres; region_code is the lowest region whose polygon
-- holds the footprint's centre.
CREATE TABLE imported_tileset (
  id              VARCHAR(32) PRIMARY KEY,
  name            VARCHAR(200) NOT NULL,
  region_code     VARCHAR(15) NOT NULL,
  root_file       VARCHAR(64) NOT NULL,
  west            DOUBLE PRECISION NOT NULL,
  south           DOUBLE PRECISION NOT NULL,
  east            DOUBLE PRECISION NOT NULL,
  north           DOUBLE PRECISION NOT NULL,
  min_height      DOUBLE PRECISION NOT NULL,
  max_height      DOUBLE PRECISION NOT NULL,
  geometric_error DOUBLE PRECISION NOT NULL,
  file_count      BIGINT NOT NULL,
  byte_count      BIGINT NOT NULL,
  created_by      VARCHAR(64),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX imported_tileset_region ON imported_tileset (region_code);
