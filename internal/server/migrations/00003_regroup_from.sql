-- A reprocess may move reports to other groups (new signature rules);
-- count-only reports have no body to reprocess and follow their group's
-- samples instead. regroup_from is the group a report was in when a
-- reprocess queued it, so the server can tell where a group's samples went.

-- +goose Up
ALTER TABLE reports ADD COLUMN regroup_from TEXT;
CREATE INDEX reports_regroup_from ON reports (regroup_from);

-- +goose Down
DROP INDEX reports_regroup_from;
ALTER TABLE reports DROP COLUMN regroup_from;
