-- People, housing-safety, Party and assistance layers (issue 6). One set for H2 (PostgreSQL mode) and
-- PostgreSQL. No foreign keys to building, region or grid: plans and grids are re-imported by
-- replacing their rows, which must not fail because people live in them. The importer checks every
-- reference (人房关联) before it writes, and aggregates join, so an orphan row is simply not counted.

CREATE TABLE household (
  id          VARCHAR(40) PRIMARY KEY,
  building_id VARCHAR(40) NOT NULL,
  size        INT
);
CREATE INDEX household_building ON household (building_id);

-- Personal data under PIPL: read only through the person-level API, masked unless the role needs it.
CREATE TABLE resident (
  id           VARCHAR(40) PRIMARY KEY,
  household_id VARCHAR(40) NOT NULL,
  name         VARCHAR(100),
  id_number    VARCHAR(18),
  phone        VARCHAR(20),
  gender       VARCHAR(8),
  birth_year   INT,
  relation     VARCHAR(16),
  -- ';'-separated canonical tags (dibao, disabled, elderly_alone ...)
  tags         VARCHAR(500)
);
CREATE INDEX resident_household ON resident (household_id);

CREATE TABLE party_org (
  id          VARCHAR(40) PRIMARY KEY,
  kind        VARCHAR(16) NOT NULL CHECK (kind IN ('village_org', 'grid_branch', 'building_group')),
  name        VARCHAR(200) NOT NULL,
  parent_id   VARCHAR(40),
  -- the village code of a village organisation, the grid code of a branch or building group
  region_code VARCHAR(15),
  formation   VARCHAR(16) CHECK (formation IN ('alone', 'joint', 'attached', 'upgraded'))
);
CREATE INDEX party_org_region ON party_org (region_code);

CREATE TABLE party_member (
  id          VARCHAR(40) PRIMARY KEY,
  resident_id VARCHAR(40) NOT NULL,
  org_id      VARCHAR(40) NOT NULL,
  duty_points INT,
  stars       INT CHECK (stars BETWEEN 0 AND 5)
);
CREATE INDEX party_member_resident ON party_member (resident_id);
CREATE INDEX party_member_org ON party_member (org_id);

CREATE TABLE party_link (
  member_id    VARCHAR(40) NOT NULL,
  household_id VARCHAR(40) NOT NULL,
  PRIMARY KEY (member_id, household_id)
);
CREATE INDEX party_link_household ON party_link (household_id);

CREATE TABLE assistance_case (
  id               VARCHAR(40) PRIMARY KEY,
  household_id     VARCHAR(40) NOT NULL,
  category         VARCHAR(24) NOT NULL
    CHECK (category IN ('dibao', 'tekun', 'dibao_edge', 'disabled', 'elderly_alone', 'left_behind_child')),
  helper_member_id VARCHAR(40),
  status           VARCHAR(8) NOT NULL CHECK (status IN ('active', 'closed')),
  visits           INT,
  last_visit       DATE
);
CREATE INDEX assistance_case_household ON assistance_case (household_id);

-- JGJ 125 appraisals; a building's grade is that of its latest inspection.
CREATE TABLE inspection (
  building_id  VARCHAR(40) NOT NULL,
  inspected_on DATE NOT NULL,
  grade        CHAR(1) NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D')),
  inspector    VARCHAR(100),
  PRIMARY KEY (building_id, inspected_on)
);

CREATE TABLE illegal_case (
  id          VARCHAR(40) PRIMARY KEY,
  building_id VARCHAR(40) NOT NULL,
  status      VARCHAR(16) NOT NULL CHECK (status IN ('open', 'remediating', 'remediated')),
  found_on    DATE
);
CREATE INDEX illegal_case_building ON illegal_case (building_id);

CREATE TABLE organ (
  id   VARCHAR(40) PRIMARY KEY,
  name VARCHAR(200) NOT NULL
);

CREATE TABLE worker (
  id           VARCHAR(40) PRIMARY KEY,
  name         VARCHAR(100),
  type         VARCHAR(16) NOT NULL CHECK (type IN ('comprehensive', 'police', 'community', 'part_time', 'cadre')),
  phone        VARCHAR(20),
  organ_id     VARCHAR(40),
  village_code VARCHAR(15)
);

CREATE TABLE worker_grid (
  worker_id VARCHAR(40) NOT NULL,
  grid_code VARCHAR(15) NOT NULL,
  PRIMARY KEY (worker_id, grid_code)
);
CREATE INDEX worker_grid_grid ON worker_grid (grid_code);
