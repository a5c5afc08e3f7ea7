package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const faqColumns = `id, guild_id, condition_id, question, answer, written_by, written_at, status, reviewed_by, reviewed_at,
	post_channel_id, post_message_id`

func scanFAQ(row interface{ Scan(...any) error }) (bot.FAQEntry, error) {
	var e bot.FAQEntry
	var written, reviewed int64
	err := row.Scan(&e.ID, &e.GuildID, &e.ConditionID, &e.Question, &e.Answer, &e.WrittenBy, &written, &e.Status,
		&e.ReviewedBy, &reviewed, &e.PostChannelID, &e.PostMessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return e, bot.ErrNotFound
	}
	e.WrittenAt, e.ReviewedAt = fromMS(written), fromMS(reviewed)
	return e, err
}

// AddFAQ stores a new entry.
func (q *Queries) AddFAQ(ctx context.Context, e bot.FAQEntry) (bot.FAQEntry, error) {
	return scanFAQ(q.x.QueryRowContext(ctx, `
		INSERT INTO faq_entries (guild_id, condition_id, question, answer, written_by, written_at, status)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING `+faqColumns,
		e.GuildID, e.ConditionID, e.Question, e.Answer, e.WrittenBy, ms(e.WrittenAt), e.Status))
}

// FAQ returns an entry by ID.
func (q *Queries) FAQ(ctx context.Context, id bot.FAQID) (bot.FAQEntry, error) {
	return scanFAQ(q.x.QueryRowContext(ctx, `SELECT `+faqColumns+` FROM faq_entries WHERE id = ?`, id))
}

// FAQs returns a condition's entries in a status, oldest first.
func (q *Queries) FAQs(ctx context.Context, conditionID bot.ConditionID, status bot.FAQStatus) ([]bot.FAQEntry, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+faqColumns+` FROM faq_entries WHERE condition_id = ? AND status = ? ORDER BY id`,
		conditionID, status)
	if err != nil {
		return nil, err
	}
	var out []bot.FAQEntry
	for rows.Next() {
		e, err := scanFAQ(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	return out, closeRows(rows)
}

// SetFAQStatus moves an entry from one status to another.
func (q *Queries) SetFAQStatus(ctx context.Context, id bot.FAQID, from, to bot.FAQStatus, by string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE faq_entries SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND status = ?`,
		to, by, ms(at), id, from)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetFAQPost records the entry's review card.
func (q *Queries) SetFAQPost(ctx context.Context, id bot.FAQID, channelID, messageID string) error {
	return q.execOne(ctx, `UPDATE faq_entries SET post_channel_id = ?, post_message_id = ? WHERE id = ?`, channelID, messageID, id)
}
