package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const verificationColumns = `id, guild_id, user_id, licence, jurisdiction, expires_on, expires_at, verified_by, verified_at,
	revoked_by, revoked_at, revoke_reason, superseded_at, ended_at`

func scanVerification(row interface{ Scan(...any) error }) (bot.Verification, error) {
	var v bot.Verification
	var expires, verified, revoked, superseded, ended int64
	err := row.Scan(&v.ID, &v.GuildID, &v.UserID, &v.Licence, &v.Jurisdiction, &v.ExpiresOn, &expires, &v.VerifiedBy, &verified,
		&v.RevokedBy, &revoked, &v.RevokeReason, &superseded, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return v, bot.ErrNotFound
	}
	v.ExpiresAt, v.VerifiedAt, v.RevokedAt, v.SupersededAt, v.EndedAt = fromMS(expires), fromMS(verified), fromMS(revoked), fromMS(superseded), fromMS(ended)
	return v, err
}

// AddVerification stores a verification and returns it with its ID.
func (q *Queries) AddVerification(ctx context.Context, v bot.Verification) (bot.Verification, error) {
	var err error
	v.ID, err = asID[bot.VerificationID](q.insertID(ctx, `
		INSERT INTO clinician_verifications (guild_id, user_id, licence, jurisdiction, expires_on, expires_at, verified_by, verified_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		v.GuildID, v.UserID, v.Licence, v.Jurisdiction, v.ExpiresOn, ms(v.ExpiresAt), v.VerifiedBy, ms(v.VerifiedAt)))
	return v, err
}

// Verification returns a verification by ID.
func (q *Queries) Verification(ctx context.Context, id bot.VerificationID) (bot.Verification, error) {
	return scanVerification(q.x.QueryRowContext(ctx, `SELECT `+verificationColumns+` FROM clinician_verifications WHERE id = ?`, id))
}

// CurrentVerification returns the member's newest verification in force at t.
func (q *Queries) CurrentVerification(ctx context.Context, guildID, userID string, t time.Time) (bot.Verification, error) {
	return scanVerification(q.x.QueryRowContext(ctx, `
		SELECT `+verificationColumns+` FROM clinician_verifications
		WHERE guild_id = ? AND user_id = ? AND revoked_at = 0 AND superseded_at = 0 AND expires_at > ?
		ORDER BY id DESC LIMIT 1`, guildID, userID, ms(t)))
}

// Verifications lists a server's verifications in force at t, or ended
// (expired or revoked) since, newest first. Replaced ones are left out.
func (q *Queries) Verifications(ctx context.Context, guildID string, t, since time.Time, limit int) ([]bot.Verification, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT `+verificationColumns+` FROM clinician_verifications
		WHERE guild_id = ? AND superseded_at = 0 AND (expires_at > ? OR revoked_at > ?)
		ORDER BY id DESC LIMIT ?`, guildID, ms(since), ms(since), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Verification
	for rows.Next() {
		v, err := scanVerification(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SupersedeVerifications marks the member's other verifications that are
// not revoked or replaced yet as replaced.
func (q *Queries) SupersedeVerifications(ctx context.Context, guildID, userID string, except bot.VerificationID, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `
		UPDATE clinician_verifications SET superseded_at = ?
		WHERE guild_id = ? AND user_id = ? AND id != ? AND revoked_at = 0 AND superseded_at = 0`,
		ms(at), guildID, userID, except)
	return err
}

// RevokeVerification records a revocation once.
func (q *Queries) RevokeVerification(ctx context.Context, id bot.VerificationID, by, reason string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		UPDATE clinician_verifications SET revoked_by = ?, revoked_at = ?, revoke_reason = ?
		WHERE id = ? AND revoked_at = 0`, by, ms(at), reason, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EndVerification records once that a verification's end was carried out.
func (q *Queries) EndVerification(ctx context.Context, id bot.VerificationID, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE clinician_verifications SET ended_at = ? WHERE id = ? AND ended_at = 0`, ms(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
