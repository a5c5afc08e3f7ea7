package storage

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

func sampleDecision(id string, conditionID bot.ConditionID) bot.DecisionRecord {
	at := time.UnixMilli(1_700_000_000_000).UTC()
	return bot.DecisionRecord{MessageID: id, GuildID: "g1", ChannelID: "peer", ConditionID: conditionID, UserID: "u1",
		Category: triage.None, Source: "rules", CreatedAt: at, UpdatedAt: at}
}

// Many handlers recording at once: every decision is stored once, and
// each caller is told whether it was the one that stored it.
func TestGroupCommitConcurrentWrites(t *testing.T) { bothBackends(t, testGroupCommitConcurrentWrites) }

func testGroupCommitConcurrentWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c, err := db.CreateCondition(ctx, sampleCondition("g1", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	var wg sync.WaitGroup
	stored := make([]int, n)
	errs := make(chan error, 2*n)
	for i := range 2 * n { // each message twice, as a redelivery would
		wg.Go(func() {
			ok, err := db.RecordDecision(ctx, sampleDecision(fmt.Sprint(i%n), c.ID))
			if err != nil {
				errs <- err
				return
			}
			if ok {
				captured, err := db.CaptureMessage(ctx, bot.CapturedMessage{ID: fmt.Sprint(i % n), GuildID: "g1", ChannelID: "peer",
					ConditionID: c.ID, AuthorID: "u1", Content: "hello", CreatedAt: time.Now(), CapturedAt: time.Now()})
				if err != nil || !captured {
					errs <- fmt.Errorf("capture %d: %v, %v", i%n, captured, err)
				}
				stored[i%n]++ // only the one goroutine that stored message i%n gets here
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, k := range stored {
		if k != 1 {
			t.Errorf("message %d: told stored %d times, want 1", i, k)
		}
	}
	var decisions, texts int
	db.read.QueryRow(`SELECT count(*) FROM triage_decisions`).Scan(&decisions)
	db.read.QueryRow(`SELECT count(*) FROM captured_messages`).Scan(&texts)
	if decisions != n || texts != n {
		t.Errorf("%d decisions and %d texts stored, want %d each", decisions, texts, n)
	}
}

// One bad write in a group fails alone; the others in its group are
// stored, and a caller whose context ended before its group is skipped.
func TestGroupCommitIsolatesFailures(t *testing.T) { bothBackends(t, testGroupCommitIsolatesFailures) }

func testGroupCommitIsolatesFailures(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c, err := db.CreateCondition(ctx, sampleCondition("g1", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	record := func(ctx context.Context, d bot.DecisionRecord) *groupWrite {
		return &groupWrite{ctx: ctx, done: make(chan struct{}), fn: func(ctx context.Context, q *Queries) (bool, error) {
			return q.RecordDecision(ctx, d)
		}}
	}
	batch := []*groupWrite{
		record(ctx, sampleDecision("a", c.ID)),
		record(ctx, sampleDecision("bad", 999)), // no such condition: a foreign key failure
		record(gone, sampleDecision("late", c.ID)),
		record(ctx, sampleDecision("b", c.ID)),
	}
	db.group.commit(batch)
	for _, w := range batch {
		<-w.done
	}
	if !batch[0].stored || batch[0].err != nil || !batch[3].stored || batch[3].err != nil {
		t.Errorf("good writes: %v %v, %v %v; want both stored", batch[0].stored, batch[0].err, batch[3].stored, batch[3].err)
	}
	if batch[1].stored || batch[1].err == nil {
		t.Errorf("the bad write: stored %v, err %v; want an error", batch[1].stored, batch[1].err)
	}
	if batch[2].stored || batch[2].err != context.Canceled {
		t.Errorf("the abandoned write: stored %v, err %v; want context.Canceled", batch[2].stored, batch[2].err)
	}
	for id, want := range map[string]bool{"a": true, "b": true, "bad": false, "late": false} {
		_, err := db.Decision(ctx, id)
		if got := err == nil; got != want {
			t.Errorf("decision %q stored = %v, want %v (%v)", id, got, want, err)
		}
	}
}

// After Close, a write is refused instead of waiting forever.
func TestGroupCommitAfterClose(t *testing.T) { bothBackends(t, testGroupCommitAfterClose) }

func testGroupCommitAfterClose(t *testing.T) {
	db := openTest(t)
	db.Close()
	if _, err := db.RecordDecision(context.Background(), sampleDecision("x", 1)); err == nil {
		t.Fatal("a write after Close succeeded")
	}
}

// With no current summary, or no channel, nothing is marked.
func TestMarkSummariesOutdatedWithNothingCurrent(t *testing.T) {
	bothBackends(t, testMarkSummariesOutdatedWithNothingCurrent)
}

func testMarkSummariesOutdatedWithNothingCurrent(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if ids, err := db.MarkSummariesOutdated(ctx, "peer", ""); err != nil || len(ids) != 0 {
		t.Fatalf("no summaries: %v, %v", ids, err)
	}
	if ids, err := db.MarkSummariesOutdated(ctx, "", ""); err != nil || len(ids) != 0 {
		t.Fatalf("no channels: %v, %v", ids, err)
	}
}
