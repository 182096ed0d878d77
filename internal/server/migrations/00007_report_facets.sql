-- More facets of each processed report for a group's page: the JDK's
-- vendor, the kernel or OS build, the collector, the container's limits
-- and how long the JVM had run (a bucket). The values are model.Log's
-- facet methods' (internal/model/facets.go), stored by the worker; reports
-- processed before get them when a newer build re-processes them (which
-- a server does by itself after an upgrade: generation.go).

-- +goose Up
ALTER TABLE reports ADD COLUMN jdk_vendor TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN kernel TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN gc TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN container TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN uptime TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE reports DROP COLUMN uptime;
ALTER TABLE reports DROP COLUMN container;
ALTER TABLE reports DROP COLUMN gc;
ALTER TABLE reports DROP COLUMN kernel;
ALTER TABLE reports DROP COLUMN jdk_vendor;
