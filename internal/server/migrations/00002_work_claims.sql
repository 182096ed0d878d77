-- Work items are claimed before processing, so that servers sharing a
-- database do not all process the same report; a claim older than the
-- lease (a server died while processing) may be taken again.

-- +goose Up
ALTER TABLE work ADD COLUMN claimed_us BIGINT;

-- +goose Down
ALTER TABLE work DROP COLUMN claimed_us;
