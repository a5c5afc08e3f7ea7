-- The audit log: who did what to which summary, alert, message, setting or
-- person's data, and when. Rows carry IDs and actions, never what people
-- wrote. Each row's hash covers its content and the previous row's hash, so
-- `peerhours audit verify` finds a row altered or removed in the file. The
-- triggers make the table append-only for the program (and for anyone who
-- does not drop them first); the hash chain is what catches the rest.

-- +goose Up
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY, -- 1, 2, 3, … without gaps: a gap is a removed row
    at        INTEGER NOT NULL,    -- unix milliseconds
    guild_id  TEXT NOT NULL,
    actor_id  TEXT NOT NULL,       -- the member who acted; '' for the bot itself
    action    TEXT NOT NULL,       -- summary.approved, privacy.delete, …
    target    TEXT NOT NULL,       -- summary:12, alert:3, message:…, user:…
    detail    TEXT NOT NULL DEFAULT '', -- key=value IDs and outcomes
    prev_hash TEXT NOT NULL,       -- the previous row's hash (64 zeros for row 1)
    hash      TEXT NOT NULL        -- sha256 of this row's fields and prev_hash, hex
) STRICT;
CREATE INDEX audit_log_guild ON audit_log (guild_id, id);
CREATE INDEX audit_log_actor ON audit_log (guild_id, actor_id);
CREATE INDEX audit_log_target ON audit_log (target);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
