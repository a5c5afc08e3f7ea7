package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/peerhours/peerhours/bot"
)

// capturedColumns are a captured message's columns, for scanCaptured.
const capturedColumns = `message_id, guild_id, channel_id, parent_id, condition_id, author_id, content,
	reply_to, created_at, edited_at, captured_at`

func scanCaptured(rows *sql.Rows) (bot.CapturedMessage, error) {
	var m bot.CapturedMessage
	var created, edited, captured int64
	err := rows.Scan(&m.ID, &m.GuildID, &m.ChannelID, &m.ParentID, &m.ConditionID, &m.AuthorID, &m.Content,
		&m.ReplyTo, &created, &edited, &captured)
	m.CreatedAt, m.EditedAt, m.CapturedAt = fromMS(created), fromMS(edited), fromMS(captured)
	return m, err
}

func (q *Queries) capturedWhere(ctx context.Context, where string, args ...any) ([]bot.CapturedMessage, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+capturedColumns+` FROM captured_messages WHERE `+where+` ORDER BY created_at, message_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.CapturedMessage
	for rows.Next() {
		m, err := scanCaptured(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CapturedByID returns the stored messages among these IDs.
func (q *Queries) CapturedByID(ctx context.Context, messageIDs []string) ([]bot.CapturedMessage, error) {
	var out []bot.CapturedMessage
	for len(messageIDs) > 0 {
		batch := messageIDs[:min(len(messageIDs), 500)]
		messageIDs = messageIDs[len(batch):]
		ms, err := q.capturedWhere(ctx, `message_id IN (`+placeholders(len(batch))+`)`, anys(batch)...)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// CapturedBy returns a member's stored messages in a server.
func (q *Queries) CapturedBy(ctx context.Context, guildID, userID string) ([]bot.CapturedMessage, error) {
	return q.capturedWhere(ctx, `guild_id = ? AND author_id = ?`, guildID, userID)
}

// SummariesIn returns a server's unexpired summaries of these channels (as
// the channel or thread summarised, or as a thread's channel).
func (q *Queries) SummariesIn(ctx context.Context, guildID string, channelIDs []string) ([]bot.Summary, error) {
	var ids []string
	for _, c := range channelIDs {
		if c != "" {
			ids = append(ids, c)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	in := placeholders(len(ids))
	args := append([]any{guildID}, anys(ids)...)
	args = append(args, anys(ids)...)
	rows, err := q.x.QueryContext(ctx, `SELECT `+summaryColumns+` FROM summaries
		WHERE guild_id = ? AND expired = 0 AND draft != ''
		  AND (channel_id IN (`+in+`) OR (parent_id != '' AND parent_id IN (`+in+`)))
		ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Summary
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ScrubSummary replaces a draft with what is left after an erasure and
// counts the statements removed.
func (q *Queries) ScrubSummary(ctx context.Context, id bot.SummaryID, d bot.Draft, removed int) error {
	draft, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return q.execOne(ctx, `UPDATE summaries SET draft = ?, erased = erased + ? WHERE id = ?`, string(draft), removed, id)
}

// PostedQuestionItems returns the queue items posted in office-hours
// channels for these questions.
func (q *Queries) PostedQuestionItems(ctx context.Context, questionIDs []bot.QuestionID) ([]bot.SessionQuestion, error) {
	if len(questionIDs) == 0 {
		return nil, nil
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+sessionQuestionColumns+` FROM session_questions
		WHERE message_id != '' AND question_id IN (`+placeholders(len(questionIDs))+`) ORDER BY session_id, position`, anys(questionIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.SessionQuestion
	for rows.Next() {
		sq, err := scanSessionQuestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sq)
	}
	return out, rows.Err()
}

// CaptureSince reports whether a member's messages may be stored (they
// consented and did not opt out) and the time a message must have been
// written at or after to be stored: when their consent began or, later,
// when they last came back after an erasure or an opt-out.
func (q *Queries) CaptureSince(ctx context.Context, guildID, userID string) (time.Time, bool, error) {
	var since sql.NullInt64
	err := q.x.QueryRowContext(ctx, `
		SELECT max(c.since, coalesce((SELECT f.since FROM capture_floors f WHERE f.guild_id = c.guild_id AND f.user_id = c.user_id), 0))
		FROM consents c
		WHERE c.guild_id = ?1 AND c.user_id = ?2
		  AND NOT EXISTS (SELECT 1 FROM summary_optouts o WHERE o.guild_id = ?1 AND o.user_id = ?2)`, guildID, userID).Scan(&since)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return fromMS(since.Int64), true, nil
}

// SetCaptureFloor records that messages a member wrote before at are never
// to be stored; an earlier floor never replaces a later one.
func (q *Queries) SetCaptureFloor(ctx context.Context, guildID, userID string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO capture_floors (guild_id, user_id, since) VALUES (?, ?, ?)
		ON CONFLICT (guild_id, user_id) DO UPDATE SET since = max(capture_floors.since, excluded.since)`, guildID, userID, ms(at))
	return err
}

// Compacting: erased text must leave the files, not only the tables.
// secure_delete zeroes what a DELETE or UPDATE frees, but in WAL mode the
// page images from before sit in the write-ahead log until a checkpoint
// copies the newer ones into the database file and the log is truncated.
// SQLite's automatic checkpoints do not truncate, and none can finish while
// another connection (a backup, an operator's shell) reads an older
// snapshot: the TRUNCATE checkpoint waits for such readers, so it runs on
// a connection of its own with a short busy timeout, and is tried again
// until ctx ends, leaving the writer free meanwhile.

// errCheckpointBusy is returned while readers keep the checkpoint from
// finishing.
var errCheckpointBusy = errors.New("wal checkpoint: busy (a reader holds an older snapshot)")

// checkpointDSN is the checkpoint connection's: it waits at most 100 ms for
// a lock each try.
const checkpointDSN = "_busy_timeout=100&_journal_mode=WAL&_secure_delete=on"

// Compact checkpoints the write-ahead log into the database file and
// truncates the log to zero bytes (on PostgreSQL: rewrites the tables
// erasures change, see vacuumOnce), trying again while readers or the
// writer keep it from finishing, until ctx ends. It reports
// errCheckpointBusy (or ctx's error) when it could not finish.
func (db *DB) Compact(ctx context.Context) error {
	db.compactMu.Lock()
	defer db.compactMu.Unlock()
	wait := 10 * time.Millisecond
	for {
		once := db.checkpointOnce
		if db.postgres {
			once = db.vacuumOnce
		}
		err := once(ctx)
		if ctx.Err() != nil && err != nil {
			return fmt.Errorf("%w: %v", errCheckpointBusy, ctx.Err())
		}
		if err == nil || !errors.Is(err, errCheckpointBusy) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w: %v", errCheckpointBusy, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
}

func (db *DB) checkpointOnce(ctx context.Context) error {
	var busy, logFrames, checkpointed int
	err := db.ckpt.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed)
	if err != nil {
		if msg := err.Error(); strings.Contains(msg, "locked") || strings.Contains(msg, "busy") {
			return errCheckpointBusy
		}
		return err
	}
	if busy != 0 {
		return errCheckpointBusy
	}
	return nil
}

// On PostgreSQL, a DELETE or UPDATE leaves the row's old version in the
// table's pages, unreadable through SQL but still in the files. A plain
// VACUUM marks its space free without overwriting it (in a test, 14 of
// 25 deleted messages' text was still in the table's file after one).
// VACUUM FULL writes each table anew, from its live rows only, and the
// old file is deleted. It locks the table for the rewrite, so it waits at
// most lockTimeout for a reader to finish (the lock it waits for would
// hold up every writer behind it) and reports errCheckpointBusy when it
// could not; Compact tries again. Erasure does not reach the server's
// write-ahead log, its archive or backups: docs/privacy.md says what it
// means there.

// erasedTables are the tables an erasure changes (privacy.go,
// messages.go, summaries.go): people's words and IDs.
const erasedTables = `captured_messages, summaries, questions, triage_decisions, mentor_applications,
	faq_entries, peer_reports, peer_threads, question_feedback, consents, memberships, mentors,
	summary_optouts, capture_floors`

// lockTimeout is how long the maintenance connection waits for a lock.
const lockTimeout = "200ms"

func (db *DB) vacuumOnce(ctx context.Context) error {
	_, err := db.ckpt.ExecContext(ctx, `VACUUM FULL `+erasedTables)
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "55P03" { // lock_not_available
		return errCheckpointBusy
	}
	return err
}
