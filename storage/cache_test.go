package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// The answers kept in memory change with every statement that changes
// them: a condition created, repaired or archived; consent given or
// erased; an opt-out set or lifted.
func TestCacheFollowsEveryChange(t *testing.T) { bothBackends(t, testCacheFollowsEveryChange) }

func testCacheFollowsEveryChange(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.ConditionByChannel(ctx, "peer-asthma"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("before create: %v, want not found", err)
	}
	c, err := db.CreateCondition(ctx, sampleCondition("g1", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.ConditionByChannel(ctx, c.PeerChannelID)
	if err != nil || got.ID != c.ID {
		t.Fatalf("after create: %+v, %v", got, err)
	}
	if err := db.ArchiveCondition(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ConditionByChannel(ctx, c.PeerChannelID); !got.Archived {
		t.Error("the archived condition is still shown as live")
	}
	old := c.PeerChannelID
	c.PeerChannelID = "peer-asthma-new"
	if err := db.UpdateConditionParts(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ConditionByChannel(ctx, old); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the repaired condition's old channel: %v, want not found", err)
	}
	if got, err := db.ConditionByChannel(ctx, "peer-asthma-new"); err != nil || got.ID != c.ID {
		t.Errorf("the repaired condition's new channel: %+v, %v", got, err)
	}

	summarisable := func() bool {
		t.Helper()
		ok, err := db.Summarisable(ctx, "g1", "u1")
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if summarisable() {
		t.Fatal("summarisable before consent")
	}
	if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g1", UserID: "u1", Version: 1, AcceptedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if !summarisable() {
		t.Fatal("not summarisable after consent")
	}
	if err := db.SetSummaryOptOut(ctx, "g1", "u1", true, time.Now()); err != nil {
		t.Fatal(err)
	}
	if summarisable() {
		t.Fatal("summarisable after opting out")
	}
	if err := db.SetSummaryOptOut(ctx, "g1", "u1", false, time.Now()); err != nil {
		t.Fatal(err)
	}
	if !summarisable() {
		t.Fatal("not summarisable after opting in again")
	}
	if _, err := db.ErasePerson(ctx, "g1", "u1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if summarisable() {
		t.Fatal("summarisable after erasure")
	}
}

// A transaction sees its own changes (it does not read the cache after
// making one), nothing it read is kept before it commits, and a rolled
// back change leaves the cache as the database is.
func TestCacheAndTransactions(t *testing.T) { bothBackends(t, testCacheAndTransactions) }

func testCacheAndTransactions(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	db.Summarisable(ctx, "g1", "u1") // cached: false
	err := db.Atomically(ctx, func(tx bot.Store) error {
		if err := tx.SaveConsent(ctx, bot.Consent{GuildID: "g1", UserID: "u1", Version: 1, AcceptedAt: time.Now()}); err != nil {
			return err
		}
		if ok, err := tx.Summarisable(ctx, "g1", "u1"); err != nil || !ok {
			t.Errorf("inside the transaction: %v, %v; want its own consent", ok, err)
		}
		// Another reader now sees the committed state, and may cache it.
		if ok, _ := db.Summarisable(ctx, "g1", "u1"); ok {
			t.Error("another reader saw an uncommitted consent")
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("the transaction committed")
	}
	if ok, _ := db.Summarisable(ctx, "g1", "u1"); ok {
		t.Error("a rolled-back consent is shown as given")
	}
	if err := db.Atomically(ctx, func(tx bot.Store) error {
		return tx.SaveConsent(ctx, bot.Consent{GuildID: "g1", UserID: "u1", Version: 1, AcceptedAt: time.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.Summarisable(ctx, "g1", "u1"); !ok {
		t.Error("a committed consent is not seen")
	}
}

// Readers racing a writer never keep an answer from before the write.
func TestCacheUnderConcurrentChanges(t *testing.T) { bothBackends(t, testCacheUnderConcurrentChanges) }

func testCacheUnderConcurrentChanges(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for u := range 20 {
					db.Summarisable(ctx, "g1", fmt.Sprint("u", u))
				}
			}
		})
	}
	for u := range 20 {
		if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g1", UserID: fmt.Sprint("u", u), Version: 1, AcceptedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	for u := range 20 {
		if ok, err := db.Summarisable(ctx, "g1", fmt.Sprint("u", u)); err != nil || !ok {
			t.Errorf("u%d: summarisable %v, %v after consent", u, ok, err)
		}
	}
}

// A grouped write that fails undoes its own statements only; the rest of
// its group commits.
func TestGroupedWriteFailsAlone(t *testing.T) { bothBackends(t, testGroupedWriteFailsAlone) }

func testGroupedWriteFailsAlone(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c, err := db.CreateCondition(ctx, sampleCondition("g1", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	grouped := func(id string, fail bool) *groupWrite {
		return &groupWrite{ctx: ctx, atomic: true, done: make(chan struct{}), fn: func(ctx context.Context, q *Queries) (bool, error) {
			if _, err := q.RecordDecision(ctx, sampleDecision(id, c.ID)); err != nil {
				return false, err
			}
			if err := q.EnqueueJob(ctx, bot.Job{Kind: "x", Key: "job:" + id, DueAt: time.Now()}); err != nil {
				return false, err
			}
			if fail {
				return false, bot.ErrDuplicate
			}
			return true, nil
		}}
	}
	batch := []*groupWrite{grouped("a", false), grouped("b", true), grouped("c", false)}
	db.group.commit(batch)
	for _, w := range batch {
		<-w.done
	}
	if batch[1].err != bot.ErrDuplicate || batch[0].err != nil || batch[2].err != nil {
		t.Fatalf("errors: %v, %v, %v", batch[0].err, batch[1].err, batch[2].err)
	}
	for id, want := range map[string]bool{"a": true, "b": false, "c": true} {
		_, err := db.Decision(ctx, id)
		var jobs int
		db.read.QueryRow(`SELECT count(*) FROM jobs WHERE key = ?`, "job:"+id).Scan(&jobs)
		if got := err == nil; got != want || (jobs == 1) != want {
			t.Errorf("%s: decision stored %v, %d jobs; want %v", id, got, jobs, want)
		}
	}
	// Through the public method, on its own.
	if err := db.Grouped(ctx, func(tx bot.Store) error {
		if _, err := tx.RecordDecision(ctx, sampleDecision("d", c.ID)); err != nil {
			return err
		}
		return bot.ErrDuplicate
	}); err != bot.ErrDuplicate {
		t.Fatalf("Grouped: %v", err)
	}
	if _, err := db.Decision(ctx, "d"); err == nil {
		t.Error("a failed grouped write was stored")
	}
}

// Which channels have a current summary is answered from memory, and
// follows every summary added or outdated: in and out of transactions,
// rolled back or committed, and while readers race the writer.
func TestCacheOfCurrentSummaries(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c := testCondition(t, db)
	add := func(s bot.Store, channel, parent string) bot.SummaryID {
		t.Helper()
		got, err := s.AddSummary(ctx, bot.Summary{GuildID: "g", ConditionID: c.ID, ChannelID: channel, ParentID: parent,
			Fingerprint: channel, Kind: bot.SummaryExtractive, Origin: bot.OriginCommand, CreatedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	outdated := func(s bot.Store, channels ...string) []bot.SummaryID {
		t.Helper()
		ids, err := s.MarkSummariesOutdated(ctx, channels...)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if ids := outdated(db, "peer", "thread"); len(ids) != 0 { // the set is read, empty
		t.Fatalf("outdated before any summary: %v", ids)
	}
	id := add(db, "thread", "peer")
	if ids := outdated(db, "peer"); len(ids) != 1 || ids[0] != id {
		t.Fatalf("a message in the thread's channel: %v, want [%d]", ids, id)
	}
	if ids := outdated(db, "thread"); len(ids) != 0 {
		t.Fatalf("outdated twice: %v", ids)
	}

	// Added and outdated in one transaction (as the group commit may put a
	// summary and a captured message together): the transaction sees it.
	err := db.Atomically(ctx, func(tx bot.Store) error {
		id := add(tx, "thread2", "peer")
		if ids := outdated(tx, "thread2"); len(ids) != 1 || ids[0] != id {
			t.Errorf("inside the transaction that added it: %v, want [%d]", ids, id)
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("the transaction committed")
	}
	if ids := outdated(db, "thread2", "peer"); len(ids) != 0 {
		t.Fatalf("a rolled-back summary outdated: %v", ids)
	}
	// Added in a transaction that commits, while another reader fills the
	// cache from before the commit: the committed summary is still found.
	var id3 bot.SummaryID
	if err := db.Atomically(ctx, func(tx bot.Store) error {
		id3 = add(tx, "thread3", "peer")
		if ids := outdated(db, "thread3"); len(ids) != 0 {
			t.Errorf("another reader outdated an uncommitted summary: %v", ids)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if ids := outdated(db, "thread3"); len(ids) != 1 || ids[0] != id3 {
		t.Fatalf("after the commit: %v, want [%d]", ids, id3)
	}
}
