package bot_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/storage"
)

// storedJob is a job's row as the runner left it.
type storedJob struct {
	attempts int
	due      time.Time
	done     bool
}

// jobsTable opens the SQLite file to read the jobs table as the runner
// left it.
func (w *world) jobsTable() *sql.DB {
	w.t.Helper()
	if onPostgres() {
		w.t.Skip("reads SQLite's file (storage's tests run the jobs' queries on both stores)")
	}
	raw, err := sql.Open("sqlite3", "file:"+w.db.Path()+"?mode=ro")
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { raw.Close() })
	return raw
}

func (w *world) storedJob(raw *sql.DB, kind string) storedJob {
	w.t.Helper()
	var j storedJob
	var due, done int64
	if err := raw.QueryRowContext(w.ctx, `SELECT attempts, due_at, done_at FROM jobs WHERE kind = ?`, kind).Scan(&j.attempts, &due, &done); err != nil {
		w.t.Fatalf("job %s: %v", kind, err)
	}
	j.due, j.done = time.UnixMilli(due).UTC(), done != 0
	return j
}

// With Discord refusing every post, a queue receipt (not critical) is
// retried with a doubling wait, at most its policy's, and stops after its
// policy's attempts; the crisis reply beside it (critical) is still being
// retried then, never more than a minute apart.
func TestFailingJobsStopAtTheirKindsPolicy(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	raw := w.jobsTable()

	down := bot.Errorf(bot.EUNAVAILABLE, "Discord is down")
	w.d.Fail["Post"] = slices.Repeat([]error{down}, 100_000)
	tries := map[string]int{} // Post attempts, by notice
	w.d.BeforePost = func(n bot.Notice) {
		switch n.(type) {
		case bot.QueueReceipt:
			tries["receipt"]++
		case bot.CrisisReply:
			tries["crisis_reply"]++
		}
	}
	w.post(c, "alice", "how much insulin should I take before running?")
	w.post(c, "pat", "I took 30 pills")
	if tries["receipt"] != 1 || tries["crisis_reply"] != 1 {
		t.Fatalf("first attempts: %v", tries)
	}

	maxAttempts, maxBackoff, critical := bot.JobRetryPolicy("receipt")
	if critical || maxAttempts < 2 {
		t.Fatalf("receipt policy: %d attempts, critical %v", maxAttempts, critical)
	}
	for n := 1; ; n++ { // n attempts made
		receipt := w.storedJob(raw, "receipt")
		if receipt.done {
			if n != maxAttempts || tries["receipt"] != maxAttempts {
				t.Fatalf("the receipt stopped after %d attempts (%d posts); its policy says %d", n, tries["receipt"], maxAttempts)
			}
			break
		}
		if n >= maxAttempts {
			t.Fatalf("the receipt is still retried after %d attempts; its policy says %d", n, maxAttempts)
		}
		if want := min(time.Second<<min(n, 20), maxBackoff); receipt.due.Sub(w.clock.Now()) != want || receipt.attempts != n {
			t.Fatalf("after attempt %d: %d attempts stored, next in %v; want %v", n, receipt.attempts, receipt.due.Sub(w.clock.Now()), want)
		}
		w.clock.Set(receipt.due)
		if _, err := w.svc.RunDueJobs(w.ctx); err != nil {
			t.Fatal(err)
		}
	}

	reply := w.storedJob(raw, "crisis_reply")
	if reply.done || reply.attempts != tries["crisis_reply"] || tries["crisis_reply"] < maxAttempts {
		t.Fatalf("crisis reply after the receipt gave up: done %v, %d attempts stored, %d posts", reply.done, reply.attempts, tries["crisis_reply"])
	}
	if wait := reply.due.Sub(w.clock.Now()); wait <= 0 || wait > time.Minute {
		t.Errorf("crisis reply next tried in %v, want within a minute", wait)
	}
	// Discord comes back: the reply goes out at its next try.
	w.d.Fail["Post"] = nil
	w.clock.Set(reply.due)
	if _, err := w.svc.RunDueJobs(w.ctx); err != nil {
		t.Fatal(err)
	}
	if !w.storedJob(raw, "crisis_reply").done {
		t.Error("the crisis reply did not go out once Discord was back")
	}
}

// purgeFails is the store with a retention purge that always fails.
type purgeFails struct{ *storage.DB }

func (purgeFails) PurgeCapturedBefore(context.Context, time.Time) (int, error) {
	return 0, bot.Errorf(bot.EUNAVAILABLE, "database is locked")
}

// A retention run that fails until it gives up has already planned the
// next hour's: the purge goes on without a restart.
func TestRetentionThatGivesUpKeepsTheNextRun(t *testing.T) {
	w := newWorld(t)
	svc := bot.NewService(purgeFails{w.db}, w.d, bot.WithClock(w.clock.Now))
	if err := svc.StartSummaryJobs(w.ctx); err != nil {
		t.Fatal(err)
	}
	raw := w.jobsTable()
	for range 30 { // its policy's ten minutes, and more, within the hour
		if _, err := svc.RunDueJobs(w.ctx); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(time.Minute)
	}
	var gaveUp, planned int
	if err := raw.QueryRowContext(w.ctx, `SELECT count(*) FILTER (WHERE done_at != 0 AND attempts > 0),
		count(*) FILTER (WHERE done_at = 0 AND due_at > ?) FROM jobs WHERE kind = 'retention'`, w.clock.Now().UnixMilli()).Scan(&gaveUp, &planned); err != nil {
		t.Fatal(err)
	}
	if gaveUp != 1 || planned != 1 {
		t.Errorf("retention runs: %d gave up, %d planned ahead; want 1 and 1", gaveUp, planned)
	}
}
