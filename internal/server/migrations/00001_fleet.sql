-- The fleet server's schema. One file for SQLite and PostgreSQL: only types
-- and statements both accept (TEXT, BIGINT, INTEGER, BYTEA, which SQLite
-- stores as a blob). Times are Unix microseconds, so they sort and compare
-- the same in both.

-- +goose Up
CREATE TABLE reports (
    sha256            TEXT PRIMARY KEY,
    body              BYTEA,
    received_us       BIGINT NOT NULL,
    sender_host       TEXT NOT NULL DEFAULT '',
    sender_addr       TEXT NOT NULL DEFAULT '',
    app_version       TEXT NOT NULL DEFAULT '',
    redactions        TEXT NOT NULL DEFAULT '{}',
    state             TEXT NOT NULL,
    parser_version    TEXT NOT NULL DEFAULT '',
    signature_version TEXT NOT NULL DEFAULT '',
    class             TEXT NOT NULL DEFAULT '',
    cause             TEXT NOT NULL DEFAULT '',
    jdk               TEXT NOT NULL DEFAULT '',
    group_id          TEXT,
    error             TEXT NOT NULL DEFAULT '',
    processed_us      BIGINT
);
CREATE INDEX reports_group ON reports (group_id);
CREATE INDEX reports_state ON reports (state);

-- work: reports stored but not yet parsed, explained and signed.
CREATE TABLE work (
    sha256     TEXT PRIMARY KEY REFERENCES reports (sha256),
    created_us BIGINT NOT NULL
);

CREATE TABLE crash_groups (
    id          TEXT PRIMARY KEY,
    signature   TEXT NOT NULL,
    algorithm   TEXT NOT NULL,
    class       TEXT NOT NULL DEFAULT '',
    cause       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'new',
    resolved_in TEXT NOT NULL DEFAULT '',
    status_us   BIGINT NOT NULL,
    created_us  BIGINT NOT NULL
);

CREATE TABLE group_history (
    group_id TEXT NOT NULL REFERENCES crash_groups (id),
    at_us    BIGINT NOT NULL,
    status   TEXT NOT NULL,
    version  TEXT NOT NULL DEFAULT '',
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX group_history_group ON group_history (group_id, at_us);

-- +goose Down
DROP TABLE group_history;
DROP TABLE crash_groups;
DROP TABLE work;
DROP TABLE reports;
