-- The issue a group is tracked in: a URL set by a person (the API's PUT
-- /v1/groups/{id}/issue, the group page's form), '' for none. The history
-- records each link and unlink: kind says what an entry is ('status'
-- for a lifecycle change, as every entry before this migration was;
-- 'issue' for a link or unlink), issue_url the URL linked ('' unlinks).

-- +goose Up
ALTER TABLE crash_groups ADD COLUMN issue_url TEXT NOT NULL DEFAULT '';
ALTER TABLE group_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
ALTER TABLE group_history ADD COLUMN issue_url TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE group_history DROP COLUMN issue_url;
ALTER TABLE group_history DROP COLUMN kind;
ALTER TABLE crash_groups DROP COLUMN issue_url;
