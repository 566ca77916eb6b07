-- Scenes shared by replicas (issue 19). Used when scenes are kept in the database or in an S3
-- bucket (PostgreSQL); the embedded default keeps them as files under the data directory.

-- One row per published tree; the served tree is the highest number. A publish inserts its row
-- in the same transaction as its tileset files, so a reader sees the old tree or the new one.
CREATE TABLE scene_tree (
  number          BIGINT PRIMARY KEY,
  tileset_version VARCHAR(64) NOT NULL,
  fingerprint     VARCHAR(64) NOT NULL,
  incremental     BOOLEAN NOT NULL,
  published_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The tileset.json files of the trees, each row valid from first_tree up to (not including)
-- last_tree (NULL: still valid). A publish writes only the files it changed and closes their
-- previous rows, so an edit costs a few rows whatever the size of the district.
CREATE TABLE scene_tree_file (
  path       VARCHAR(200) NOT NULL,
  first_tree BIGINT NOT NULL,
  last_tree  BIGINT,
  bytes      BYTEA NOT NULL,
  PRIMARY KEY (path, first_tree)
);
CREATE INDEX scene_tree_file_last ON scene_tree_file (last_tree);

-- Content-addressed objects shared by replicas (scene GLBs, imported tilesets, orthophotos, photos)
-- when the database is the object store.
CREATE TABLE shared_object (
  name       VARCHAR(200) PRIMARY KEY,
  size_bytes INT NOT NULL,
  bytes      BYTEA NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
