-- PostgreSQL's version of 00006_privacy_audit.sql: the same table, and
-- the append-only rule as a trigger function, since PostgreSQL's triggers
-- call functions where SQLite's hold their statements. A TRUNCATE fires no
-- row trigger, so a statement trigger refuses it too. The id is given by
-- the program (the last row's plus one, in the writer's transaction), not
-- by a sequence: a sequence's numbers are not rolled back with a
-- transaction, and a gap is what a removed row looks like.

-- +goose Up
CREATE TABLE audit_log (
    id        BIGINT PRIMARY KEY,  -- 1, 2, 3, … without gaps: a gap is a removed row
    at        BIGINT NOT NULL,     -- unix milliseconds
    guild_id  TEXT NOT NULL,
    actor_id  TEXT NOT NULL,       -- the member who acted; '' for the bot itself
    action    TEXT NOT NULL,       -- summary.approved, privacy.delete, …
    target    TEXT NOT NULL,       -- summary:12, alert:3, message:…, user:…
    detail    TEXT NOT NULL DEFAULT '', -- key=value IDs and outcomes
    prev_hash TEXT NOT NULL,       -- the previous row's hash (64 zeros for row 1)
    hash      TEXT NOT NULL        -- sha256 of this row's fields and prev_hash, hex
);
CREATE INDEX audit_log_guild ON audit_log (guild_id, id);
CREATE INDEX audit_log_actor ON audit_log (guild_id, actor_id);
CREATE INDEX audit_log_target ON audit_log (target);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_no_delete ON audit_log;
DROP TRIGGER audit_log_no_update ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_log;
