package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const applicationColumns = `id, guild_id, user_id, condition_ids, experience, guidelines_version, status, submitted_at,
	decided_by, decided_at, reason, post_channel_id, post_message_id`

func scanApplication(row interface{ Scan(...any) error }) (bot.MentorApplication, error) {
	var a bot.MentorApplication
	var ids string
	var submitted, decided int64
	err := row.Scan(&a.ID, &a.GuildID, &a.UserID, &ids, &a.Experience, &a.GuidelinesVersion, &a.Status, &submitted,
		&a.DecidedBy, &decided, &a.Reason, &a.PostChannelID, &a.PostMessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return a, bot.ErrNotFound
	}
	a.ConditionIDs, a.SubmittedAt, a.DecidedAt = bot.ParseIDs(ids), fromMS(submitted), fromMS(decided)
	return a, err
}

// AddMentorApplication stores a pending application; a member's second
// pending one is an ECONFLICT.
func (q *Queries) AddMentorApplication(ctx context.Context, a bot.MentorApplication) (bot.MentorApplication, error) {
	id, err := q.insertID(ctx, `
		INSERT INTO mentor_applications (guild_id, user_id, condition_ids, experience, guidelines_version, status, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		a.GuildID, a.UserID, bot.JoinIDs(a.ConditionIDs), a.Experience, a.GuidelinesVersion, a.Status, ms(a.SubmittedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return a, bot.Errorf(bot.ECONFLICT, "Your application is already with the moderators; you'll be told privately when they decide.")
	}
	a.ID = bot.MentorApplicationID(id)
	return a, err
}

// MentorApplication returns an application by ID.
func (q *Queries) MentorApplication(ctx context.Context, id bot.MentorApplicationID) (bot.MentorApplication, error) {
	return scanApplication(q.x.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM mentor_applications WHERE id = ?`, id))
}

// PendingMentorApplications lists a server's pending applications, oldest first.
func (q *Queries) PendingMentorApplications(ctx context.Context, guildID string, limit int) ([]bot.MentorApplication, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+applicationColumns+` FROM mentor_applications
		WHERE guild_id = ? AND status = 'pending' ORDER BY id LIMIT ?`, guildID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.MentorApplication
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DecideMentorApplication records a decision on a pending application.
func (q *Queries) DecideMentorApplication(ctx context.Context, id bot.MentorApplicationID, status, by, reason string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		UPDATE mentor_applications SET status = ?, decided_by = ?, decided_at = ?, reason = ?
		WHERE id = ? AND status = 'pending'`, status, by, ms(at), reason, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetMentorApplicationPost records the application's card.
func (q *Queries) SetMentorApplicationPost(ctx context.Context, id bot.MentorApplicationID, channelID, messageID string) error {
	return q.execOne(ctx, `UPDATE mentor_applications SET post_channel_id = ?, post_message_id = ? WHERE id = ?`, channelID, messageID, id)
}

const mentorColumns = `guild_id, user_id, condition_id, application_id, approved_by, approved_at, paused_at, last_pinged_at, pings`

func scanMentor(row interface{ Scan(...any) error }) (bot.Mentor, error) {
	var m bot.Mentor
	var approved, paused, pinged int64
	err := row.Scan(&m.GuildID, &m.UserID, &m.ConditionID, &m.ApplicationID, &m.ApprovedBy, &approved, &paused, &pinged, &m.Pings)
	m.ApprovedAt, m.PausedAt, m.LastPingedAt = fromMS(approved), fromMS(paused), fromMS(pinged)
	return m, err
}

func (q *Queries) mentors(ctx context.Context, query string, args ...any) ([]bot.Mentor, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Mentor
	for rows.Next() {
		m, err := scanMentor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMentor stores a mentorship, or renews one (unpaused), keeping its
// place in the rotation.
func (q *Queries) AddMentor(ctx context.Context, m bot.Mentor) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO mentors (guild_id, user_id, condition_id, application_id, approved_by, approved_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (condition_id, user_id) DO UPDATE SET
		    application_id = excluded.application_id, approved_by = excluded.approved_by,
		    approved_at = excluded.approved_at, paused_at = 0`,
		m.GuildID, m.UserID, m.ConditionID, m.ApplicationID, m.ApprovedBy, ms(m.ApprovedAt))
	return err
}

// Mentors lists a condition's mentors who are still members of it.
func (q *Queries) Mentors(ctx context.Context, conditionID bot.ConditionID) ([]bot.Mentor, error) {
	return q.mentors(ctx, `SELECT `+prefixed("m.", mentorColumns)+` FROM mentors m
		JOIN memberships s ON s.condition_id = m.condition_id AND s.user_id = m.user_id
		WHERE m.condition_id = ? ORDER BY m.approved_at, m.user_id`, conditionID)
}

// MemberMentorships lists a member's mentorships in a server.
func (q *Queries) MemberMentorships(ctx context.Context, guildID, userID string) ([]bot.Mentor, error) {
	return q.mentors(ctx, `SELECT `+mentorColumns+` FROM mentors WHERE guild_id = ? AND user_id = ? ORDER BY condition_id`, guildID, userID)
}

// SetMentorsPaused pauses or resumes a member's mentorships that are not
// already so.
func (q *Queries) SetMentorsPaused(ctx context.Context, guildID, userID string, at time.Time) (int, error) {
	cond := `paused_at = 0`
	if at.IsZero() {
		cond = `paused_at != 0`
	}
	res, err := q.x.ExecContext(ctx, `UPDATE mentors SET paused_at = ? WHERE guild_id = ? AND user_id = ? AND `+cond,
		msOrZero(at), guildID, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DeleteMentor ends a mentorship.
func (q *Queries) DeleteMentor(ctx context.Context, guildID, userID string, conditionID bot.ConditionID) (bool, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM mentors WHERE guild_id = ? AND user_id = ? AND condition_id = ?`, guildID, userID, conditionID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteMentors ends a member's mentorships in a server.
func (q *Queries) DeleteMentors(ctx context.Context, guildID, userID string) (int, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM mentors WHERE guild_id = ? AND user_id = ?`, guildID, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// MentorPings lists whom a peer question pinged, of one kind or ("") all.
func (q *Queries) MentorPings(ctx context.Context, messageID, kind string) ([]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT user_id FROM mentor_pings WHERE message_id = ? AND (? = '' OR kind = ?) ORDER BY seq`,
		messageID, kind, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// AddMentorPing records a ping and moves the mentor to the back of the
// rotation.
func (q *Queries) AddMentorPing(ctx context.Context, conditionID bot.ConditionID, messageID, kind, userID string, at time.Time) error {
	if _, err := q.x.ExecContext(ctx, `
		INSERT INTO mentor_pings (message_id, kind, user_id, at, seq)
		SELECT ?1, ?2, ?3, CAST(?4 AS BIGINT), coalesce(max(seq), 0) + 1 FROM mentor_pings WHERE message_id = ?1
		ON CONFLICT DO NOTHING`, messageID, kind, userID, ms(at)); err != nil {
		return err
	}
	_, err := q.x.ExecContext(ctx, `UPDATE mentors SET last_pinged_at = ?, pings = pings + 1 WHERE condition_id = ? AND user_id = ?`,
		ms(at), conditionID, userID)
	return err
}

// SetMentorSpace stores the server's mentor role and channel.
func (q *Queries) SetMentorSpace(ctx context.Context, guildID, roleID, channelID string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO guild_settings (guild_id, mentor_role_id, mentor_channel_id, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET mentor_role_id = excluded.mentor_role_id,
		    mentor_channel_id = excluded.mentor_channel_id, updated_at = excluded.updated_at`,
		guildID, roleID, channelID, ms(at))
	return err
}

// prefixed qualifies each of a column list's names with a table alias.
func prefixed(alias, columns string) string {
	var out []string
	for _, c := range strings.Split(columns, ",") {
		out = append(out, alias+strings.TrimSpace(c))
	}
	return strings.Join(out, ", ")
}
