-- Published revision and working draft of each village's grid set. The live grid table holds what
-- officials, the dashboard and other systems read: published (and retired) grids, never a draft. A
-- planner's imports and edits write one working draft per village into the tables below; publishing
-- validates the draft and replaces the published revision in one transaction, then deletes the draft.

CREATE TABLE village_draft (
  village_code       VARCHAR(15) PRIMARY KEY REFERENCES region (code),
  -- the published grid-set and plan versions (village_state) the draft was started from
  base_grids_version INT NOT NULL,
  base_plan_version  INT NOT NULL,
  -- bumped by every write to the draft, so a publish notices a draft that changed under it
  revision           INT NOT NULL,
  grids_crs          VARCHAR(64),
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by         VARCHAR(64),
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by         VARCHAR(64)
);

-- The draft's grid set. A code is unique across drafts too (the code carries its village); it is
-- reserved for ever only once published.
CREATE TABLE draft_grid (
  code         VARCHAR(15) PRIMARY KEY CHECK (LENGTH(code) = 15),
  village_code VARCHAR(15) NOT NULL REFERENCES village_draft (village_code) ON DELETE CASCADE,
  name         VARCHAR(200) NOT NULL,
  kind         VARCHAR(32) NOT NULL CHECK (kind IN ('standard', 'resettlement', 'residential_compound', 'enterprise')),
  version      INT NOT NULL,
  geom         BYTEA NOT NULL,
  minx         DOUBLE PRECISION NOT NULL,
  miny         DOUBLE PRECISION NOT NULL,
  maxx         DOUBLE PRECISION NOT NULL,
  maxy         DOUBLE PRECISION NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by   VARCHAR(64)
);
CREATE INDEX draft_grid_village ON draft_grid (village_code);

-- Grids saved as 'draft' in the live table by earlier versions move into drafts. What readers saw
-- does not change at migration time except that never-published drafts leave the live layer.
INSERT INTO village_draft (village_code, base_grids_version, base_plan_version, revision, created_at, updated_at)
SELECT s.village_code, s.grids_version, s.plan_version, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM village_state s
WHERE EXISTS (SELECT 1 FROM grid g WHERE g.village_code = s.village_code AND g.status = 'draft');

INSERT INTO draft_grid (code, village_code, name, kind, version, geom, minx, miny, maxx, maxy, updated_at, updated_by)
SELECT g.code, g.village_code, g.name, g.kind, g.version, g.geom, g.minx, g.miny, g.maxx, g.maxy, g.updated_at,
  g.updated_by
FROM grid g
WHERE g.status <> 'retired' AND g.village_code IN (SELECT village_code FROM village_draft);

DELETE FROM grid WHERE status = 'draft'
  AND NOT EXISTS (SELECT 1 FROM grid_history h WHERE h.code = grid.code AND h.status = 'published');

INSERT INTO scene_dirty (grid_code, since)
SELECT g.code, CURRENT_TIMESTAMP FROM grid g
WHERE g.status = 'draft' AND NOT EXISTS (SELECT 1 FROM scene_dirty d WHERE d.grid_code = g.code);

UPDATE grid SET status = 'published' WHERE status = 'draft';
