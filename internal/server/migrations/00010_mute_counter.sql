-- Escalation in constant time: the crashes a muted group has had since it
-- was muted are counted as they are filed (mute_crashes), instead of
-- counting the group's reports at every crash, which took milliseconds per
-- crash for a group of 200,000 reports (a muted crash storm, where it
-- matters most). Groups muted now start from their reports since the mute.

-- +goose Up
ALTER TABLE crash_groups ADD COLUMN mute_crashes BIGINT NOT NULL DEFAULT 0;
UPDATE crash_groups SET mute_crashes = (SELECT COUNT(*) FROM reports
    WHERE reports.group_id = crash_groups.id AND reports.received_us > crash_groups.muted_us)
    WHERE status = 'muted';

-- +goose Down
ALTER TABLE crash_groups DROP COLUMN mute_crashes;
