package storage

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// A runner that took over fences off the one before it: the old runner's
// claim is released, it can claim nothing more, and what it reports about
// the job it was running (done, or retry later) changes nothing, while the
// new runner claims and finishes the job itself.
func TestJobClaimsAreFencedByEpoch(t *testing.T) { bothBackends(t, testJobClaimsAreFencedByEpoch) }

func testJobClaimsAreFencedByEpoch(t *testing.T) {
	ctx := context.Background()
	target := freshTarget(t)
	old, next := openMigrated(t, target), openMigrated(t, target)
	now := time.Now()
	for _, k := range []string{"a", "b"} {
		if err := old.EnqueueJob(ctx, bot.Job{Kind: "x", Key: "job:" + k, DueAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.ReleaseClaims(ctx); err != nil {
		t.Fatal(err)
	}
	a, ok, err := old.ClaimJob(ctx, "job:a", now, now.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("the first runner's claim: %v, %v", ok, err)
	}
	// The new runner takes over while the old one runs job a.
	if err := next.ReleaseClaims(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := old.ClaimJob(ctx, "job:b", now, now.Add(time.Minute)); err != nil || ok {
		t.Errorf("the old runner claimed a job after the takeover: %v, %v", ok, err)
	}
	if jobs, err := old.ClaimDueJobs(ctx, now, now.Add(time.Minute), 10); err != nil || len(jobs) > 0 {
		t.Errorf("the old runner claimed %d due jobs after the takeover: %v", len(jobs), err)
	}
	jobs, err := next.ClaimDueJobs(ctx, now, now.Add(time.Minute), 10)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("the new runner claimed %d due jobs (want a, released, and b): %v", len(jobs), err)
	}
	if err := old.RetryJob(ctx, a.ID, now, 1, "x"); err != nil {
		t.Fatal(err)
	}
	if err := old.FinishJob(ctx, a.ID, now); err != nil {
		t.Fatal(err)
	}
	// Had either counted, a's claim would be gone (retry) or it would be
	// done: the new runner's claim still holds.
	var claimedBy, done int64
	if err := old.sql.QueryRowContext(ctx, `SELECT claimed_by, done_at FROM jobs WHERE id = ?`, a.ID).Scan(&claimedBy, &done); err != nil {
		t.Fatal(err)
	}
	if claimedBy != next.epoch.Load() || done != 0 {
		t.Errorf("job a after the old runner's reports: claimed by epoch %d (new runner's %d), done at %d", claimedBy, next.epoch.Load(), done)
	}
	for _, j := range jobs {
		if err := next.FinishJob(ctx, j.ID, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := next.NextJobDue(ctx); err != nil || ok {
		t.Errorf("jobs left after the new runner finished both: %v, %v", ok, err)
	}
}

// Claimers racing for the same due jobs (the job runner and the handlers'
// runNow, here on connections of their own) each get a job at most once.
func TestConcurrentClaimsWinOnce(t *testing.T) { bothBackends(t, testConcurrentClaimsWinOnce) }

func testConcurrentClaimsWinOnce(t *testing.T) {
	ctx := context.Background()
	target := freshTarget(t)
	var dbs []*DB
	for range 3 {
		dbs = append(dbs, openMigrated(t, target))
	}
	if err := dbs[0].ReleaseClaims(ctx); err != nil {
		t.Fatal(err)
	}
	for _, db := range dbs[1:] {
		db.epoch.Store(dbs[0].epoch.Load()) // one runner's connections
	}
	now := time.Now()
	const n = 300
	for i := range n {
		if err := dbs[0].EnqueueJob(ctx, bot.Job{Kind: "x", Key: fmt.Sprintf("job:%d", i), DueAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	claims := map[string]int{}
	var wg sync.WaitGroup
	for w := range 6 {
		db := dbs[w%len(dbs)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				var got []bot.Job
				if w%2 == 0 {
					js, err := db.ClaimDueJobs(ctx, now, now.Add(time.Minute), 7)
					if err != nil {
						t.Error(err)
						return
					}
					got = js
				} else {
					j, ok, err := db.ClaimJob(ctx, fmt.Sprintf("job:%d", (i*7+w)%n), now, now.Add(time.Minute))
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						got = []bot.Job{j}
					}
				}
				mu.Lock()
				for _, j := range got {
					claims[j.Key]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claims) != n {
		t.Errorf("%d of %d jobs claimed", len(claims), n)
	}
	for k, c := range claims {
		if c != 1 {
			t.Errorf("%s claimed %d times", k, c)
		}
	}
}
