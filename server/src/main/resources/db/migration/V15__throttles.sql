-- Sign-in throttling and API-key rate limits counted in the database, so that every replica over
-- one PostgreSQL sees the same counts (DESIGN.md, Scale-out). Times are microseconds since the
-- epoch as BIGINT, taken from the database's clock in the statements (store/SharedClock): no
-- interval arithmetic, which H2 and PostgreSQL write differently. One set for both databases.

-- Failed sign-ins per user name and per client address: one row per key with the failures of its
-- current series, which begins with a failure after the previous series has ended and lasts one
-- window. The key is the SHA-256 (hex) of 'user:' + lower-case name or 'addr:' + address, so neither
-- a password typed into the name field nor an address is stored. Rows of ended series are deleted
-- (auth/SignInThrottle), so the table holds at most one row per name or address tried in a window.
CREATE TABLE sign_in_throttle (
  throttle_key    VARCHAR(64) PRIMARY KEY,
  failures        INT NOT NULL,
  series_start_us BIGINT NOT NULL,
  last_attempt_us BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_start ON sign_in_throttle (series_start_us);

-- One row per API key that has been used: its token bucket as a GCRA "theoretical arrival time"
-- (tat_us; the bucket is full again at tat_us), the decision on the last request and its time.
-- Written by every API-key request, so UNLOGGED on PostgreSQL (${unlogged} is empty on H2; see
-- store/Database.migrations): no write-ahead log flush per request, at the price that a crash or a
-- fail-over to a standby fills every bucket again. No index but the key: tat_us changes on every
-- request, and without an index on it PostgreSQL can update the row in place (HOT). At most one
-- row per key; idle rows are pruned (ogc/RateLimiter).
CREATE ${unlogged} TABLE api_key_rate (
  key_id       VARCHAR(32) PRIMARY KEY,
  tat_us       BIGINT NOT NULL,
  last_allowed BOOLEAN NOT NULL,
  last_seen_us BIGINT NOT NULL
);
