-- Mute until it escalates: what a group was when it was muted, so that the
-- worker can tell when it crashes more or wider than then (store.go's
-- escalation). muted_us is the moment, muted_count its reports then, and
-- muted_hosts the sender hosts it had crashed on.
--
-- Groups muted before this migration were muted for good; they are taken
-- as muted at their last crash, with their reports and hosts of now, so
-- that none escalates on the first crash after the upgrade for crashes it
-- had when it was muted.

-- +goose Up
ALTER TABLE crash_groups ADD COLUMN muted_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE crash_groups ADD COLUMN muted_count BIGINT NOT NULL DEFAULT 0;
CREATE TABLE muted_hosts (
    group_id TEXT NOT NULL REFERENCES crash_groups (id),
    host     TEXT NOT NULL,
    PRIMARY KEY (group_id, host)
);
UPDATE crash_groups SET
    muted_count = (SELECT COUNT(*) FROM reports WHERE reports.group_id = crash_groups.id),
    muted_us = COALESCE((SELECT MAX(received_us) FROM reports WHERE reports.group_id = crash_groups.id), status_us)
    WHERE status = 'muted';
INSERT INTO muted_hosts (group_id, host)
    SELECT DISTINCT r.group_id, r.sender_host FROM reports r JOIN crash_groups g ON g.id = r.group_id
    WHERE g.status = 'muted' AND r.sender_host <> '';

-- +goose Down
DROP TABLE muted_hosts;
ALTER TABLE crash_groups DROP COLUMN muted_count;
ALTER TABLE crash_groups DROP COLUMN muted_us;
