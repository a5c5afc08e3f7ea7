package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// Shards run side by side on one database: each claims only the jobs it
// stored, one shard's runner starting does not fence off another's claims,
// and (on PostgreSQL) each shard has its own leader. When SHARD_COUNT is
// lowered, shard 0 takes the jobs of the shards that are gone.
func TestShardsRunTheirOwnJobs(t *testing.T) { bothBackends(t, testShardsRunTheirOwnJobs) }

func testShardsRunTheirOwnJobs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	target := freshTarget(t)
	var shard [2]*DB
	for id := range shard {
		shard[id] = openMigrated(t, target)
		shard[id].SetShard(Shard{ID: id, Count: 2})
	}
	now := time.Now()
	enqueue := func(db *DB, key string) {
		t.Helper()
		if err := db.EnqueueJob(ctx, bot.Job{Kind: "x", Key: key, DueAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	enqueue(shard[0], "job:0")
	enqueue(shard[1], "job:1")
	enqueue(shard[1], "job:1b")
	for _, db := range shard {
		if err := db.ReleaseClaims(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Shard 1 started its runner after shard 0's: shard 0 still claims.
	if _, ok, err := shard[0].ClaimJob(ctx, "job:1", now, now.Add(time.Minute)); err != nil || ok {
		t.Errorf("shard 0 claimed shard 1's job: %v, %v", ok, err)
	}
	jobs, err := shard[0].ClaimDueJobs(ctx, now, now.Add(time.Minute), 10)
	if err != nil || len(jobs) != 1 || jobs[0].Key != "job:0" {
		t.Fatalf("shard 0 claimed %+v (%v), want its job:0 only", jobs, err)
	}
	if j, ok, err := shard[1].ClaimJob(ctx, "job:1", now, now.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("shard 1's claim of its job: %v, %v", ok, err)
	} else if err := shard[1].FinishJob(ctx, j.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := shard[0].FinishJob(ctx, jobs[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := shard[0].NextJobDue(ctx); err != nil || ok {
		t.Errorf("shard 0 sees a job due (shard 1's job:1b is not its): %v, %v", ok, err)
	}

	if onPostgres(t) {
		var leads []*Leadership
		for _, db := range shard {
			l, ok, err := db.tryLead(ctx, testLeaderCheck)
			if err != nil || !ok {
				t.Fatalf("a shard could not lead beside the other: %v, %v", ok, err)
			}
			leads = append(leads, l)
		}
		standby := openMigrated(t, target)
		standby.SetShard(Shard{ID: 0, Count: 2})
		if l, ok, err := standby.tryLead(ctx, testLeaderCheck); err != nil || ok {
			if ok {
				l.Release()
			}
			t.Errorf("a second leader of shard 0: %v, %v", ok, err)
		}
		for _, l := range leads {
			l.Release()
		}
	}

	// Down to one shard: shard 0 takes job:1b, which shard 1 left.
	only := openMigrated(t, target)
	only.SetShard(Shard{ID: 0, Count: 1})
	if err := only.ReleaseClaims(ctx); err != nil {
		t.Fatal(err)
	}
	jobs, err = only.ClaimDueJobs(ctx, now, now.Add(time.Minute), 10)
	if err != nil || !slices.ContainsFunc(jobs, func(j bot.Job) bool { return j.Key == "job:1b" }) {
		t.Errorf("the one shard left claimed %+v (%v), want job:1b among them", jobs, err)
	}
}
