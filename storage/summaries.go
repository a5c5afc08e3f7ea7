package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const summaryColumns = `id, guild_id, condition_id, channel_id, parent_id, focus, from_at, to_at, last_n,
	fingerprint, kind, fallback, draft, sources, authors, first_at, last_at, requested_by, origin,
	status, reviewed_by, reviewed_at, reason, outdated, expired, created_at, erased`

func scanSummary(row interface{ Scan(...any) error }) (bot.Summary, error) {
	var s bot.Summary
	var from, to, first, last, reviewed, created int64
	var draft string
	err := row.Scan(&s.ID, &s.GuildID, &s.ConditionID, &s.ChannelID, &s.ParentID, &s.Focus, &from, &to, &s.Last,
		&s.Fingerprint, &s.Kind, &s.Fallback, &draft, &s.Sources, &s.Authors, &first, &last, &s.RequestedBy, &s.Origin,
		&s.Status, &s.ReviewedBy, &reviewed, &s.Reason, &s.Outdated, &s.Expired, &created, &s.Erased)
	if err != nil {
		return s, err
	}
	s.From, s.To, s.FirstAt, s.LastAt = fromMS(from), fromMS(to), fromMS(first), fromMS(last)
	s.ReviewedAt, s.CreatedAt = fromMS(reviewed), fromMS(created)
	if draft != "" {
		if err := json.Unmarshal([]byte(draft), &s.Draft); err != nil {
			return s, err
		}
	}
	return s, nil
}

// AddSummary stores a summary and returns it with its ID.
func (q *Queries) AddSummary(ctx context.Context, s bot.Summary) (bot.Summary, error) {
	draft, err := json.Marshal(s.Draft)
	if err != nil {
		return s, err
	}
	if s.Status == "" {
		s.Status = bot.ReviewPending
	}
	q.changed() // a current summary: the cache of channels with one (cache.go)
	defer q.changed()
	err = q.x.QueryRowContext(ctx, `
		INSERT INTO summaries (guild_id, condition_id, channel_id, parent_id, focus, from_at, to_at, last_n,
		                       fingerprint, kind, fallback, draft, sources, authors, first_at, last_at,
		                       requested_by, origin, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		s.GuildID, s.ConditionID, s.ChannelID, s.ParentID, s.Focus, msOrZero(s.From), msOrZero(s.To), s.Last,
		s.Fingerprint, s.Kind, s.Fallback, string(draft), s.Sources, s.Authors, msOrZero(s.FirstAt), msOrZero(s.LastAt),
		s.RequestedBy, s.Origin, s.Status, ms(s.CreatedAt)).Scan(&s.ID)
	return s, err
}

// Summary returns a stored summary.
func (q *Queries) Summary(ctx context.Context, id bot.SummaryID) (bot.Summary, error) {
	s, err := scanSummary(q.x.QueryRowContext(ctx, `SELECT `+summaryColumns+` FROM summaries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.ErrNotFound
	}
	return s, err
}

// SummaryByFingerprint returns the newest summary over the same sources that
// was not rejected and has not expired.
func (q *Queries) SummaryByFingerprint(ctx context.Context, fingerprint string) (bot.Summary, error) {
	s, err := scanSummary(q.x.QueryRowContext(ctx, `
		SELECT `+summaryColumns+` FROM summaries
		WHERE fingerprint = ? AND status != 'rejected' AND expired = 0
		ORDER BY created_at DESC, id DESC LIMIT 1`, fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.ErrNotFound
	}
	return s, err
}

// summariesOf is the condition that picks the current summaries of these
// channels, and its arguments; "" when there are no channels.
func summariesOf(channelIDs []string) (string, []any) {
	var ids []string
	for _, c := range channelIDs {
		if c != "" {
			ids = append(ids, c)
		}
	}
	if len(ids) == 0 {
		return "", nil
	}
	in := placeholders(len(ids))
	return `outdated = 0 AND (channel_id IN (` + in + `) OR (parent_id != '' AND parent_id IN (` + in + `)))`,
		append(anys(ids), anys(ids)...)
}

// MarkSummariesOutdated marks the summaries of these channels (as the
// channel or thread summarised, or as a thread's channel) outdated.
//
// Every captured message asks, and most land where no summary is current:
// the cache of channels with one says so without a statement (cache.go).
func (q *Queries) MarkSummariesOutdated(ctx context.Context, channelIDs ...string) ([]bot.SummaryID, error) {
	where, args := summariesOf(channelIDs)
	if where == "" || !q.mayHaveCurrentSummary(ctx, channelIDs) {
		return nil, nil
	}
	q.changed()
	defer q.changed()
	rows, err := q.x.QueryContext(ctx, `UPDATE summaries SET outdated = 1 WHERE `+where+` RETURNING id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.SummaryID
	for rows.Next() {
		var id bot.SummaryID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ReviewSummary stores the first review decision.
func (q *Queries) ReviewSummary(ctx context.Context, id bot.SummaryID, status bot.ReviewStatus, by, reason string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		UPDATE summaries SET status = ?, reviewed_by = ?, reason = ?, reviewed_at = ?
		WHERE id = ? AND status = 'pending'`, status, by, reason, ms(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SummaryPosts returns the message IDs of a summary's posted parts.
func (q *Queries) SummaryPosts(ctx context.Context, summaryID bot.SummaryID) (map[int]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT part, message_id FROM summary_posts WHERE summary_id = ?`, summaryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var part int
		var id string
		if err := rows.Scan(&part, &id); err != nil {
			return nil, err
		}
		out[part] = id
	}
	return out, rows.Err()
}

// SetSummaryPost records the message that shows one part of a summary.
func (q *Queries) SetSummaryPost(ctx context.Context, summaryID bot.SummaryID, part int, channelID, messageID string) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO summary_posts (summary_id, part, channel_id, message_id) VALUES (?, ?, ?, ?)
		ON CONFLICT (summary_id, part) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id`,
		summaryID, part, channelID, messageID)
	return err
}

// AddAgendaItem adds an office-hours agenda item; one per summary, so a
// second call returns the first.
func (q *Queries) AddAgendaItem(ctx context.Context, a bot.AgendaItem) (bot.AgendaItem, error) {
	if _, err := q.x.ExecContext(ctx, `
		INSERT INTO agenda_items (guild_id, condition_id, summary_id, added_by, added_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (summary_id) DO NOTHING`, a.GuildID, a.ConditionID, a.SummaryID, a.AddedBy, ms(a.AddedAt)); err != nil {
		return a, err
	}
	return scanAgenda(q.x.QueryRowContext(ctx, `SELECT `+agendaColumns+` FROM agenda_items WHERE summary_id = ?`, a.SummaryID))
}

const agendaColumns = `id, guild_id, condition_id, summary_id, added_by, added_at, session_id, done_at`

func scanAgenda(row interface{ Scan(...any) error }) (bot.AgendaItem, error) {
	var a bot.AgendaItem
	var added, done int64
	err := row.Scan(&a.ID, &a.GuildID, &a.ConditionID, &a.SummaryID, &a.AddedBy, &added, &a.SessionID, &done)
	a.AddedAt, a.DoneAt = fromMS(added), fromMS(done)
	return a, err
}

// OpenAgendaItems lists a condition's agenda items not dealt with yet.
func (q *Queries) OpenAgendaItems(ctx context.Context, conditionID bot.ConditionID) ([]bot.AgendaItem, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT `+agendaColumns+` FROM agenda_items WHERE condition_id = ? AND done_at = 0 ORDER BY added_at, id`, conditionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.AgendaItem
	for rows.Next() {
		a, err := scanAgenda(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CloseAgendaItem marks an agenda item dealt with in a session.
func (q *Queries) CloseAgendaItem(ctx context.Context, id bot.AgendaItemID, sessionID bot.SessionID, at time.Time) error {
	return q.execOne(ctx, `UPDATE agenda_items SET session_id = ?, done_at = ? WHERE id = ?`, sessionID, ms(at), id)
}

// SetDigest creates or changes a condition's daily digest.
func (q *Queries) SetDigest(ctx context.Context, d bot.Digest) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO digests (condition_id, guild_id, at, set_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (condition_id) DO UPDATE SET at = excluded.at, set_by = excluded.set_by, updated_at = excluded.updated_at`,
		d.ConditionID, d.GuildID, d.At, d.SetBy, ms(d.UpdatedAt))
	return err
}

// DeleteDigest switches a condition's digest off.
func (q *Queries) DeleteDigest(ctx context.Context, conditionID bot.ConditionID) (bool, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM digests WHERE condition_id = ?`, conditionID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Digest returns a condition's digest.
func (q *Queries) Digest(ctx context.Context, conditionID bot.ConditionID) (bot.Digest, error) {
	var d bot.Digest
	var at int64
	err := q.x.QueryRowContext(ctx, `SELECT condition_id, guild_id, at, set_by, updated_at FROM digests WHERE condition_id = ?`, conditionID).
		Scan(&d.ConditionID, &d.GuildID, &d.At, &d.SetBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return d, bot.ErrNotFound
	}
	d.UpdatedAt = fromMS(at)
	return d, err
}

// Digests lists every digest.
func (q *Queries) Digests(ctx context.Context) ([]bot.Digest, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT condition_id, guild_id, at, set_by, updated_at FROM digests ORDER BY condition_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Digest
	for rows.Next() {
		var d bot.Digest
		var at int64
		if err := rows.Scan(&d.ConditionID, &d.GuildID, &d.At, &d.SetBy, &at); err != nil {
			return nil, err
		}
		d.UpdatedAt = fromMS(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
