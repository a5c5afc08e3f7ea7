package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// Consent returns the guidelines consent a person gave in a server.
func (q *Queries) Consent(ctx context.Context, guildID, userID string) (bot.Consent, error) {
	c := bot.Consent{GuildID: guildID, UserID: userID}
	var at int64
	err := q.x.QueryRowContext(ctx,
		`SELECT version, accepted_at FROM consents WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&c.Version, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, bot.ErrNotFound
	}
	c.AcceptedAt = time.UnixMilli(at).UTC()
	return c, err
}

// SaveConsent records that a person accepted a guidelines version. The
// time their consent began (since) stays when they accept a newer version.
func (q *Queries) SaveConsent(ctx context.Context, c bot.Consent) error {
	q.changed()
	defer q.changed()
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO consents (guild_id, user_id, version, accepted_at, since) VALUES (?1, ?2, ?3, ?4, ?4)
		ON CONFLICT (guild_id, user_id) DO UPDATE SET version = excluded.version, accepted_at = excluded.accepted_at`,
		c.GuildID, c.UserID, c.Version, c.AcceptedAt.UnixMilli())
	return err
}

// SaveMembership records that a person is in a condition group. Joining
// again keeps the first join date and can only add the mentor flag.
func (q *Queries) SaveMembership(ctx context.Context, m bot.Membership) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO memberships (guild_id, user_id, condition_id, mentor, joined_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (condition_id, user_id) DO UPDATE SET mentor = max(memberships.mentor, excluded.mentor)`,
		m.GuildID, m.UserID, m.ConditionID, m.Mentor, m.JoinedAt.UnixMilli())
	return err
}

// StopMentoring clears a member's peer mentor flag and reports whether it
// was set.
func (q *Queries) StopMentoring(ctx context.Context, guildID, userID string, conditionID bot.ConditionID) (bool, error) {
	res, err := q.x.ExecContext(ctx,
		`UPDATE memberships SET mentor = 0 WHERE guild_id = ? AND user_id = ? AND condition_id = ? AND mentor != 0`, guildID, userID, conditionID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DeleteMembership removes a person from a condition group and reports
// whether they were in it.
func (q *Queries) DeleteMembership(ctx context.Context, guildID, userID string, conditionID bot.ConditionID) (bool, error) {
	res, err := q.x.ExecContext(ctx,
		`DELETE FROM memberships WHERE guild_id = ? AND user_id = ? AND condition_id = ?`, guildID, userID, conditionID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Memberships lists a condition group's members.
func (q *Queries) Memberships(ctx context.Context, guildID string, conditionID bot.ConditionID) ([]bot.Membership, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT user_id, mentor, joined_at FROM memberships
		WHERE guild_id = ? AND condition_id = ? ORDER BY joined_at`, guildID, conditionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Membership
	for rows.Next() {
		m := bot.Membership{GuildID: guildID, ConditionID: conditionID}
		var at int64
		if err := rows.Scan(&m.UserID, &m.Mentor, &at); err != nil {
			return nil, err
		}
		m.JoinedAt = time.UnixMilli(at).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}
