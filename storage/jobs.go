package storage

import (
	"context"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const jobColumns = `id, kind, key, ref, ref_text, due_at, attempts`

func scanJob(row interface{ Scan(...any) error }) (bot.Job, error) {
	var j bot.Job
	var due int64
	err := row.Scan(&j.ID, &j.Kind, &j.Key, &j.Ref, &j.RefText, &due, &j.Attempts)
	j.DueAt = fromMS(due)
	return j, err
}

// EnqueueJob stores a job; one with the same key already stored wins.
func (q *Queries) EnqueueJob(ctx context.Context, j bot.Job) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO jobs (kind, key, ref, ref_text, due_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, j.Kind, j.Key, j.Ref, j.RefText, ms(j.DueAt))
	return err
}

// ClaimJob claims the job with this key unless it is done or another
// runner's claim still holds.
func (q *Queries) ClaimJob(ctx context.Context, key string, now, until time.Time) (bot.Job, bool, error) {
	rows, err := q.x.QueryContext(ctx, `
		UPDATE jobs SET claimed_until = ?
		WHERE key = ? AND done_at = 0 AND claimed_until < ?
		RETURNING `+jobColumns, ms(until), key, ms(now))
	if err != nil {
		return bot.Job{}, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return bot.Job{}, false, rows.Err()
	}
	j, err := scanJob(rows)
	return j, err == nil, err
}

// ClaimDueJobs claims up to limit jobs that are due, oldest first.
func (q *Queries) ClaimDueJobs(ctx context.Context, now, until time.Time, limit int) ([]bot.Job, error) {
	rows, err := q.x.QueryContext(ctx, `
		UPDATE jobs SET claimed_until = ?
		WHERE id IN (SELECT id FROM jobs WHERE done_at = 0 AND due_at <= ? AND claimed_until < ?
		             ORDER BY due_at, id LIMIT ?)
		RETURNING `+jobColumns, ms(until), ms(now), ms(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// NextJobDue returns when the next unfinished job is due.
func (q *Queries) NextJobDue(ctx context.Context) (time.Time, bool, error) {
	var due *int64
	if err := q.x.QueryRowContext(ctx, `SELECT min(max(due_at, claimed_until)) FROM jobs WHERE done_at = 0`).Scan(&due); err != nil {
		return time.Time{}, false, err
	}
	if due == nil {
		return time.Time{}, false, nil
	}
	return fromMS(*due), true, nil
}

// FinishJob marks a job done.
func (q *Queries) FinishJob(ctx context.Context, id bot.JobID, at time.Time) error {
	return q.execOne(ctx, `UPDATE jobs SET done_at = ?, claimed_until = 0 WHERE id = ?`, ms(at), id)
}

// RetryJob schedules a failed job again.
func (q *Queries) RetryJob(ctx context.Context, id bot.JobID, due time.Time, attempts int, code string) error {
	return q.execOne(ctx, `
		UPDATE jobs SET due_at = ?, attempts = ?, last_error = ?, claimed_until = 0 WHERE id = ?`, ms(due), attempts, code, id)
}

// ReleaseClaims forgets every claim; a new process calls it at start.
func (q *Queries) ReleaseClaims(ctx context.Context) error {
	_, err := q.x.ExecContext(ctx, `UPDATE jobs SET claimed_until = 0 WHERE done_at = 0 AND claimed_until != 0`)
	return err
}
