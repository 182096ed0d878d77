-- The processing generation: which build processed a report, as a number
-- that orders builds (the build's commit time in Unix seconds; 0 when not
-- known, as for every report processed before this migration). A server
-- queues again the reports an older build processed, and never takes a
-- work item meant for a newer one: work.generation is the oldest build
-- that may process the item.

-- +goose Up
ALTER TABLE reports ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reports_generation ON reports (generation);
ALTER TABLE work ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE work DROP COLUMN generation;
DROP INDEX reports_generation;
ALTER TABLE reports DROP COLUMN generation;
