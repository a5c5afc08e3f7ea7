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
// The job is this process's shard's (shard.go): the process received the
// event that made it, so its shard owns the server it is for. (A job for
// no server, such as the retention sweep, is the shard's that stored it
// first.)
func (q *Queries) EnqueueJob(ctx context.Context, j bot.Job) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO jobs (kind, key, ref, ref_text, due_at, shard) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, j.Kind, j.Key, j.Ref, j.RefText, ms(j.DueAt), q.shard.ID)
	return err
}

// Job claims are fenced by epochs (migration 00050): the process that runs
// the jobs takes a new epoch when it starts (ReleaseClaims), each claim
// records it, and a claim succeeds only while its epoch is still the
// current one. On PostgreSQL, where a standby takes over from a leader
// that may still be running for a second or two before it notices it lost
// its lock (leader.go), that leader can then claim nothing once the new
// one has started: the claim reads the epoch row FOR SHARE, so it either
// commits before the new leader's bump (which waits for it, and then
// releases the claim) or sees the new epoch and claims nothing. A job the
// old leader was already running when it was cut off may run again under
// the new one; its posts carry the job's nonce, which Discord enforces
// (discordadapter/nonce.go), so the second post returns the first.
//
// Between claimers of one epoch (the job runner and a handler's runNow),
// only one wins a job: each UPDATE checks the claim again on the row it
// locks (PostgreSQL re-evaluates the UPDATE's own conditions on the row's
// newest version after waiting for it; SQLite has one writer), and on
// PostgreSQL the due jobs' scan skips the rows another claim holds (FOR
// UPDATE SKIP LOCKED) instead of queueing behind it.

// fence is the claim statements' opening: the current epoch of this
// process's shard (?5), if it is still this process's (?1).
func (q *Queries) fence() string {
	return `WITH fence AS (SELECT epoch FROM job_shard_epoch WHERE shard = ?5 AND epoch = ?1` + q.pgOnly(` FOR SHARE`) + `)
		`
}

// pgOnly is clause on PostgreSQL and nothing on SQLite, which has no row
// locks (its one writer at a time serialises the claims).
func (q *Queries) pgOnly(clause string) string {
	if q.postgres {
		return clause
	}
	return ""
}

// ClaimJob claims the job with this key unless it is done or another
// runner's claim still holds.
func (q *Queries) ClaimJob(ctx context.Context, key string, now, until time.Time) (bot.Job, bool, error) {
	rows, err := q.x.QueryContext(ctx, q.fence()+`UPDATE jobs SET claimed_until = ?2, claimed_by = ?1
		WHERE key = ?3 AND done_at = 0 AND claimed_until < ?4 AND shard = ?5 AND EXISTS (SELECT 1 FROM fence)
		RETURNING `+jobColumns, q.epoch.Load(), ms(until), key, ms(now), q.shard.ID)
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
	rows, err := q.x.QueryContext(ctx, q.fence()+`UPDATE jobs SET claimed_until = ?2, claimed_by = ?1
		WHERE id IN (SELECT id FROM jobs WHERE done_at = 0 AND due_at <= ?3 AND claimed_until < ?3 AND shard = ?5
		             ORDER BY due_at, id LIMIT ?4`+q.pgOnly(` FOR UPDATE SKIP LOCKED`)+`)
		  AND done_at = 0 AND claimed_until < ?3 AND EXISTS (SELECT 1 FROM fence)
		RETURNING `+jobColumns, q.epoch.Load(), ms(until), ms(now), limit, q.shard.ID)
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

// NextJobDue returns when this shard's next unfinished job is due.
func (q *Queries) NextJobDue(ctx context.Context) (time.Time, bool, error) {
	var due *int64
	if err := q.x.QueryRowContext(ctx, `SELECT min(max(due_at, claimed_until)) FROM jobs WHERE done_at = 0 AND shard = ?`, q.shard.ID).Scan(&due); err != nil {
		return time.Time{}, false, err
	}
	if due == nil {
		return time.Time{}, false, nil
	}
	return fromMS(*due), true, nil
}

// FinishJob marks a job done, unless a runner of a later epoch claimed it
// since (then it is that runner's to finish).
func (q *Queries) FinishJob(ctx context.Context, id bot.JobID, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE jobs SET done_at = ?, claimed_until = 0 WHERE id = ? AND claimed_by = ?`,
		ms(at), id, q.epoch.Load())
	return err
}

// RetryJob schedules a failed job again, unless a runner of a later epoch
// claimed it since.
func (q *Queries) RetryJob(ctx context.Context, id bot.JobID, due time.Time, attempts int, code string) error {
	_, err := q.x.ExecContext(ctx, `
		UPDATE jobs SET due_at = ?, attempts = ?, last_error = ?, claimed_until = 0 WHERE id = ? AND claimed_by = ?`,
		ms(due), attempts, code, id, q.epoch.Load())
	return err
}

// ReleaseClaims makes this process its shard's job runner, at its start
// (on PostgreSQL, once it leads): it takes a new epoch of its shard, which
// fences off every earlier runner's claims on the shard's jobs, and
// releases those claims, so that the jobs a dead (or cut-off) runner left
// half done run now rather than when their claims expire. Claims of its
// own epoch are never released, nor other shards' claims. Shard 0 also
// takes the jobs of shards that no longer exist (SHARD_COUNT lowered).
//
// It also empties the in-memory caches (cache.go): from now on this
// process is the only writer, and the caches fill again from the database
// as it is at this moment. That is why no process needs to tell another
// that its caches are stale: only the leader writes, and a standby reads
// nothing into its caches before it leads. (The one gap: a leader whose
// lock's session was ended while its other connections still work writes
// for the second or so until it notices; a condition or consent it changed
// in that second, after the new leader had cached the old answer, stays
// stale in the new leader's memory until a change of its own clears it.)
func (q *Queries) ReleaseClaims(ctx context.Context) error {
	var epoch int64
	sh := *q.shard
	if err := q.x.QueryRowContext(ctx, `INSERT INTO job_shard_epoch (shard, epoch) VALUES (?, 1)
		ON CONFLICT (shard) DO UPDATE SET epoch = job_shard_epoch.epoch + 1 RETURNING epoch`, sh.ID).Scan(&epoch); err != nil {
		return err
	}
	q.epoch.Store(epoch)
	q.c.invalidate()
	if sh.ID == 0 {
		if _, err := q.x.ExecContext(ctx, `UPDATE jobs SET shard = 0, claimed_until = 0 WHERE done_at = 0 AND shard >= ?`, sh.Count); err != nil {
			return err
		}
	}
	_, err := q.x.ExecContext(ctx, `UPDATE jobs SET claimed_until = 0
		WHERE done_at = 0 AND claimed_until != 0 AND claimed_by != ? AND shard = ?`, epoch, sh.ID)
	return err
}
