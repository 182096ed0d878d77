-- The operating system family and CPU architecture of each processed
-- report, for the pages' filters and a group's facets. Filled by the
-- worker; a reprocess fills them for reports processed before.

-- +goose Up
ALTER TABLE reports ADD COLUMN os TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN arch TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE reports DROP COLUMN arch;
ALTER TABLE reports DROP COLUMN os;
