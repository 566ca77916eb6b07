-- Imported orthophotos (issue 17). The tiles are files under <data-dir>/imagery/<id>/z/x/y.png;
-- a row is inserted only after the layer's finished tile tree has been moved into place, so a
-- layer that is listed always has all its tiles, and a half-finished import is never served.
CREATE TABLE imagery_layer (
  id           VARCHAR(32) PRIMARY KEY,
  name         VARCHAR(200) NOT NULL,
  attribution  VARCHAR(500),
  source_crs   VARCHAR(64) NOT NULL,
  west         DOUBLE PRECISION NOT NULL,
  south        DOUBLE PRECISION NOT NULL,
  east         DOUBLE PRECISION NOT NULL,
  north        DOUBLE PRECISION NOT NULL,
  min_zoom     INT NOT NULL,
  max_zoom     INT NOT NULL,
  resolution_m DOUBLE PRECISION NOT NULL,
  tile_count   BIGINT NOT NULL,
  tile_bytes   BIGINT NOT NULL,
  layer_order  INT NOT NULL,
  visible      BOOLEAN NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by   VARCHAR(64)
);
