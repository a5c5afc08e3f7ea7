-- Verified clinicians: a moderator (or a member of the verifier role set in
-- /setup) records a clinician's licence, jurisdiction and expiry date; the
-- bot grants the clinician role only while a verification is current and
-- takes it away when the last one expires or is revoked. The licence
-- number is kept for the verifiers' records only: it is never shown to
-- members, never sent to an LLM and never written to the audit log (which
-- holds a short fingerprint of it instead).

-- +goose Up
CREATE TABLE clinician_verifications (
    id            INTEGER PRIMARY KEY,
    guild_id      TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    licence       TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    expires_on    TEXT NOT NULL,    -- the last valid day, "2027-03-31"
    expires_at    INTEGER NOT NULL, -- the instant it ends: the next midnight in the server's zone
    verified_by   TEXT NOT NULL,
    verified_at   INTEGER NOT NULL,
    revoked_by    TEXT NOT NULL DEFAULT '',
    revoked_at    INTEGER NOT NULL DEFAULT 0,
    revoke_reason TEXT NOT NULL DEFAULT '',
    superseded_at INTEGER NOT NULL DEFAULT 0, -- a later verification of the same member replaced it
    ended_at      INTEGER NOT NULL DEFAULT 0  -- the expiry or revocation was carried out (role removed, member told)
) STRICT;
CREATE INDEX clinician_verifications_member ON clinician_verifications (guild_id, user_id, expires_at);

ALTER TABLE guild_settings ADD COLUMN verifier_role_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN verifier_role_id;
DROP TABLE clinician_verifications;
