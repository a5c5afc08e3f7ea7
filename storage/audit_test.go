package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func TestAuditChainAppendsAndVerifies(t *testing.T) {
	bothBackends(t, testAuditChainAppendsAndVerifies)
}

func testAuditChainAppendsAndVerifies(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for i := range 5 {
		e, err := db.AppendAudit(ctx, bot.AuditEntry{At: t0.Add(time.Duration(i) * time.Second), GuildID: "g", ActorID: "u1",
			Action: bot.AuditSummaryApproved, Target: fmt.Sprintf("summary:%d", i), Detail: "condition=1"})
		if err != nil {
			t.Fatal(err)
		}
		if e.ID != bot.AuditID(i+1) || e.Hash != e.ComputeHash() {
			t.Fatalf("row %d: got ID %d, hash ok %v", i+1, e.ID, e.Hash == e.ComputeHash())
		}
	}
	sum, err := bot.VerifyAudit(ctx, db)
	if err != nil || sum.Rows != 5 || sum.Head.ID != 5 {
		t.Fatalf("VerifyAudit = %+v, %v", sum, err)
	}
	recent, err := db.RecentAudit(ctx, "g", 2)
	if err != nil || len(recent) != 2 || recent[0].ID != 5 || recent[1].ID != 4 {
		t.Fatalf("RecentAudit = %+v, %v", recent, err)
	}
	if !recent[0].At.Equal(t0.Add(4 * time.Second)) {
		t.Errorf("At = %v", recent[0].At)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) { bothBackends(t, testAuditLogIsAppendOnly) }

func testAuditLogIsAppendOnly(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.AppendAudit(ctx, bot.AuditEntry{At: time.Now(), GuildID: "g", Action: bot.AuditPrivacyShow, Target: "user:1"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit_log SET detail = 'x'`, `DELETE FROM audit_log`} {
		if _, err := db.sql.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}

// Appends from many goroutines at once still form one chain: each append
// reads the last row and writes the next inside one immediate transaction.
func TestAuditConcurrentAppends(t *testing.T) { bothBackends(t, testAuditConcurrentAppends) }

func testAuditConcurrentAppends(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 80)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if _, err := db.AppendAudit(ctx, bot.AuditEntry{At: time.Now(), GuildID: "g", ActorID: fmt.Sprint(g),
					Action: bot.AuditTriageOverride, Target: fmt.Sprintf("message:%d", i)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sum, err := bot.VerifyAudit(ctx, db)
	if err != nil || sum.Rows != 80 {
		t.Fatalf("VerifyAudit = %+v, %v", sum, err)
	}
}

// A row altered in the file, by someone who first drops the triggers, is
// found by its hash; a row removed is found by the gap it leaves; a row
// altered with its hash recomputed is found by the next row's link.
func TestAuditVerifyFindsTampering(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper []string
		badRow bot.AuditID
	}{
		{"altered", []string{`UPDATE audit_log SET actor_id = 'someone-else' WHERE id = 3`}, 3},
		{"removed", []string{`DELETE FROM audit_log WHERE id = 2`}, 3},
		{"hash replaced", []string{`UPDATE audit_log SET detail = 'x', hash = 'f00d' WHERE id = 2`}, 2},
		// Row 2 rewritten with a hash that matches its new content: row 3's
		// link to it gives it away.
		{"rehashed", []string{rehash(2, "action = 'privacy.delete'")}, 3},
		{"relinked", []string{`UPDATE audit_log SET prev_hash = 'f00d' WHERE id = 4`}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			ctx := context.Background()
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				if _, err := db.AppendAudit(ctx, bot.AuditEntry{At: time.Now(), GuildID: "g", ActorID: "u",
					Action: bot.AuditAlertAcknowledged, Target: fmt.Sprintf("alert:%d", i)}); err != nil {
					t.Fatal(err)
				}
			}
			// A separate connection, as an attacker with the file would use.
			raw, err := sql.Open("sqlite3", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, q := range append([]string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}, tc.tamper...) {
				if _, err := raw.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				_, mark, rehashed := strings.Cut(q, "-- rehash ")
				var id bot.AuditID
				if _, err := fmt.Sscanf(mark, "%d", &id); rehashed && err == nil {
					rows, err := db.AuditAfter(ctx, id-1, 1)
					if err != nil || len(rows) != 1 {
						t.Fatal(rows, err)
					}
					if _, err := raw.ExecContext(ctx, `UPDATE audit_log SET hash = ? WHERE id = ?`, rows[0].ComputeHash(), id); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, err = bot.VerifyAudit(ctx, db)
			var ce *bot.ChainError
			if !errors.As(err, &ce) || ce.ID != tc.badRow {
				t.Fatalf("VerifyAudit = %v, want a break at row %d", err, tc.badRow)
			}
		})
	}
}

// rehash returns SQL that changes row id and recomputes its hash the way
// AuditEntry.ComputeHash does, as a careful attacker would.
func rehash(id int64, set string) string {
	return fmt.Sprintf("UPDATE audit_log SET %s WHERE id = %d; -- rehash %d", set, id, id)
}

// BenchmarkAuditAppend appends one entry in a transaction of its own, as
// an action without a transaction does.
func BenchmarkAuditAppend(b *testing.B) {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	e := bot.AuditEntry{At: time.Now(), GuildID: "100000000000000001", ActorID: "200000000000000002",
		Action: bot.AuditSummaryApproved, Target: "summary:12", Detail: "condition=3"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.AppendAudit(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditVerify checks a 10,000-row chain; the figure is per chain.
func BenchmarkAuditVerify(b *testing.B) {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	err = db.Atomically(ctx, func(st bot.Store) error {
		for i := range 10_000 {
			if _, err := st.AppendAudit(ctx, bot.AuditEntry{At: time.Now(), GuildID: "g", ActorID: "u",
				Action: bot.AuditTriageOverride, Target: fmt.Sprintf("message:%d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if sum, err := bot.VerifyAudit(ctx, db); err != nil || sum.Rows != 10_000 {
			b.Fatal(sum, err)
		}
	}
}

// Rows added outside the chain (an ID of 0 or below, which a walk from
// row 1 would never read) break it, and so does the loss of the triggers
// that keep the log append-only, even when every row still verifies.
func TestAuditVerifyChecksTheWholeTableAndItsTriggers(t *testing.T) {
	bothBackends(t, testAuditVerifyChecksTheWholeTableAndItsTriggers)
}

func testAuditVerifyChecksTheWholeTableAndItsTriggers(t *testing.T) {
	pg := onPostgres(t)
	const pgFunction = `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$`
	for _, tc := range []struct {
		name    string
		tamper  []string
		badRow  bot.AuditID // a *ChainError at this row, or
		problem string      // an *UnprotectedError saying this
		// On PostgreSQL, when its SQL or its finding differs.
		pgTamper  []string
		pgProblem string
	}{
		{name: "row 0", tamper: []string{forged(0)}, badRow: 0},
		{name: "negative row", tamper: []string{forged(-5)}, badRow: -5},
		{name: "lowest possible row", tamper: []string{forged(math.MinInt64)}, badRow: math.MinInt64},
		{name: "triggers dropped", tamper: []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`},
			problem:  "trigger audit_log_no_delete is missing (dropped); trigger audit_log_no_update is missing (dropped)",
			pgTamper: []string{`DROP TRIGGER audit_log_no_update ON audit_log`, `DROP TRIGGER audit_log_no_delete ON audit_log`}},
		{name: "trigger emptied", tamper: []string{`DROP TRIGGER audit_log_no_delete`,
			`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END`},
			problem:  "trigger audit_log_no_delete was changed",
			pgTamper: []string{pgFunction}, // what all three call
			pgProblem: "trigger audit_log_no_delete was changed; trigger audit_log_no_truncate was changed; " +
				"trigger audit_log_no_update was changed"},
		{name: "insert trigger added", tamper: []string{`CREATE TRIGGER drop_new BEFORE INSERT ON audit_log BEGIN SELECT RAISE(IGNORE); END`},
			problem: "trigger drop_new on audit_log is not peerhours'",
			pgTamper: []string{`CREATE FUNCTION drop_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$`,
				`CREATE TRIGGER drop_new BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION drop_new()`}},
		{name: "trigger disabled",
			pgTamper: []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete`}, pgProblem: "trigger audit_log_no_delete was changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if pg && tc.pgTamper != nil {
				tc.tamper = tc.pgTamper
			}
			if pg && tc.pgProblem != "" {
				tc.problem = tc.pgProblem
			}
			if tc.tamper == nil {
				t.Skip("SQLite has no such thing")
			}
			ctx := context.Background()
			db, err := openAt(ctx, freshTarget(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				if _, err := db.AppendAudit(ctx, bot.AuditEntry{At: time.Now(), GuildID: "g", ActorID: "u",
					Action: bot.AuditAlertAcknowledged, Target: fmt.Sprintf("alert:%d", i)}); err != nil {
					t.Fatal(err)
				}
			}
			// As someone with the file or the database's owner would.
			raw := db.sql
			if !pg {
				if raw, err = sql.Open("sqlite3", "file:"+db.Path()); err != nil {
					t.Fatal(err)
				}
				defer raw.Close()
			}
			for _, q := range tc.tamper {
				if _, err := raw.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			sum, err := bot.VerifyAudit(ctx, db)
			var ce *bot.ChainError
			var ue *bot.UnprotectedError
			switch {
			case tc.problem == "":
				if !errors.As(err, &ce) || ce.ID != tc.badRow {
					t.Errorf("VerifyAudit = %v, want a break at row %d", err, tc.badRow)
				}
			case !errors.As(err, &ue) || strings.Join(ue.Problems, "; ") != tc.problem:
				t.Errorf("VerifyAudit = %v, want it unprotected: %s", err, tc.problem)
			case sum.Rows != 3:
				t.Errorf("the chain verified %d rows, want 3", sum.Rows)
			}
		})
	}
}

// forged is SQL inserting a well-formed row with this ID, its hash
// computed as the program would, as a careful attacker with the file would.
func forged(id bot.AuditID) string {
	e := bot.AuditEntry{ID: id, At: time.UnixMilli(1_700_000_000_000).UTC(), GuildID: "g", ActorID: "u",
		Action: bot.AuditPrivacyDelete, Target: "user:x", PrevHash: bot.GenesisHash}
	e.Hash = e.ComputeHash()
	return fmt.Sprintf(`INSERT INTO audit_log (id, at, guild_id, actor_id, action, target, detail, prev_hash, hash)
		VALUES (%d, %d, 'g', 'u', '%s', 'user:x', '', '%s', '%s')`, id, e.At.UnixMilli(), e.Action, e.PrevHash, e.Hash)
}
