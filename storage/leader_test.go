package storage

import (
	"context"
	"testing"
	"time"
)

// testLeaderCheck is how often a test's leader checks its lock, and how
// long each check may take: a check that takes longer gives the lock up,
// as it must, so on a loaded CI machine a check of 20 ms once lost a
// healthy leader's lock in the middle of a test. Half a second is far
// above a loaded machine's ping and keeps the tests that wait for a lost
// lock short.
const testLeaderCheck = 500 * time.Millisecond

// One leader at a time: a second process's try fails while the first
// leads, and succeeds once the first lets go, or once the server ends the
// first one's session (as it does when that process dies or is cut off),
// which the first one notices by itself.
func TestLeadershipIsExclusive(t *testing.T) {
	bothBackends(t, testLeadershipIsExclusive)
}

func testLeadershipIsExclusive(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	target := freshTarget(t)
	a, b := openMigrated(t, target), openMigrated(t, target)
	lead := func(db *DB) (*Leadership, bool) {
		t.Helper()
		l, ok, err := db.tryLead(ctx, testLeaderCheck)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			t.Cleanup(func() { l.Release() })
		}
		return l, ok
	}
	first, ok := lead(a)
	if !ok {
		t.Fatal("nobody leads, and the first try failed")
	}
	if !onPostgres(t) {
		// One process per SQLite file: it leads, and never loses it.
		select {
		case <-first.Lost():
			t.Error("lost leadership on SQLite")
		default:
		}
		if !first.Holds(ctx) {
			t.Error("Holds is false on SQLite")
		}
		return
	}
	if !first.Holds(ctx) {
		t.Error("the leader's Holds is false")
	}
	if _, ok := lead(b); ok {
		t.Fatal("a second leader while the first leads")
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	second, ok := lead(b)
	if !ok {
		t.Fatal("the first leader let go, and the second could not lead")
	}
	// The server ends the leader's session, as it would when the leader
	// died or its network went silent past the keepalives.
	var ended bool
	if err := a.sql.QueryRowContext(ctx, `
		SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&ended); err != nil || !ended {
		t.Fatalf("ending the leader's session: %v, %v", ended, err)
	}
	select {
	case <-second.Lost():
	case <-ctx.Done():
		t.Fatal("the leader did not notice it lost its lock")
	}
	if second.Holds(ctx) {
		t.Error("Holds is true after the leader lost its lock")
	}
	second.Release()
	if _, ok := lead(a); !ok {
		t.Error("nobody could lead after the leader's session ended")
	}
}
