package storage

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openTest opens a migrated database in a file of the test's own.
func openTest(t *testing.T) *DB {
	t.Helper()
	return openMigrated(t, freshTarget(t))
}

func TestMigrateIsIdempotent(t *testing.T) { bothBackends(t, testMigrateIsIdempotent) }

func testMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := freshTarget(t)
	latest, err := LatestSchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		db, err := openAt(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.Migrate(ctx)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if v != latest {
			t.Errorf("run %d: version = %d, want %d", i, v, latest)
		}
		db.Close()
	}
}

func TestConnectionSettings(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Every pooled connection must carry the settings, so ask the writer
	// and several readers at once.
	var conns []*sql.Conn
	for i := range 4 {
		pool := db.read
		if i == 0 {
			pool = db.sql
		}
		c, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		for pragma, want := range map[string]string{
			"journal_mode":  "wal",
			"foreign_keys":  "1",
			"secure_delete": "1",
			"busy_timeout":  "5000",
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %q, want %q", i, pragma, got, want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// A reader cannot write, so a write the router misreads fails in the
// tests instead of racing the writer.
func TestReadersCannotWrite(t *testing.T) { bothBackends(t, testReadersCannotWrite) }

func testReadersCannotWrite(t *testing.T) {
	db := openTest(t)
	_, err := db.read.ExecContext(context.Background(), `INSERT INTO triage_overrides DEFAULT VALUES`)
	// SQLite's query_only says readonly, PostgreSQL's read-only
	// transactions read-only.
	if err == nil || !strings.Contains(err.Error(), "readonly") && !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("a write through a reader: %v, want a read-only error", err)
	}
}

func TestWrites(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                                             false,
		"\n\t\tselect * FROM conditions":                       false,
		"WITH x AS (SELECT 1) SELECT * FROM x":                 false,
		"INSERT INTO t VALUES (1)":                             true,
		"\n\t\tUPDATE summaries SET outdated = 1 RETURNING id": true,
		"delete from t RETURNING id":                           true,
		"REPLACE INTO t VALUES (1)":                            true,
		"INSERT\nINTO t VALUES (1)":                            true,
		"UPDATEs":                                              false,
		"WITH x AS (SELECT 1) UPDATE t SET a = 1 RETURNING id": true,
	} {
		if got := writes(q); got != want {
			t.Errorf("writes(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestOpenRefusesPathsTheDSNCannotCarry(t *testing.T) {
	for _, p := range []string{"", ":memory:", "a?b.db", "file:x.db", "x#y.db"} {
		if db, err := Open(context.Background(), p); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", p)
		}
	}
}

// Inspect tells apart what audit verify and migrate must not take for a
// database: an empty file, a file that is not SQLite, and a copy of a
// database in use made without its -wal file (WAL mode in the header, no
// tables in the file, no -wal beside it).
func TestInspect(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// while it runs, the migrations are in the -wal file, not yet in the
	// database file: a plain copy of the file misses them
	b, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(copied, b, 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database at all, just some notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path                  string
		want                  FileState
		unusable, withoutTabs string
	}{
		{live, FileState{Exists: true, SQLite: true, WALMode: true, HasWAL: true}, "", "not a peerhours database yet"},
		{copied, FileState{Exists: true, SQLite: true, WALMode: true}, "", "without its write-ahead log"},
		{empty, FileState{Exists: true}, "empty file", ""},
		{text, FileState{Exists: true}, "not an SQLite database", ""},
		{filepath.Join(dir, "none.db"), FileState{}, "", ""},
	} {
		st, err := Inspect(c.path)
		if err != nil {
			t.Fatal(err)
		}
		c.want.Path, c.want.Size = c.path, st.Size
		if st != c.want {
			t.Errorf("%s: %+v, want %+v", filepath.Base(c.path), st, c.want)
		}
		if got := st.Unusable(); (c.unusable == "") != (got == "") || !strings.Contains(got, c.unusable) {
			t.Errorf("%s: Unusable() = %q, want %q", filepath.Base(c.path), got, c.unusable)
		}
		if c.withoutTabs != "" && !strings.Contains(st.WithoutTables(), c.withoutTabs) {
			t.Errorf("%s: WithoutTables() = %q", filepath.Base(c.path), st.WithoutTables())
		}
	}
}

// Two processes starting at once on a new database both migrate it: one
// makes the tables, the other waits for it and finds nothing to do.
func TestConcurrentMigrations(t *testing.T) { bothBackends(t, testConcurrentMigrations) }

func testConcurrentMigrations(t *testing.T) {
	if !onPostgres(t) {
		t.Skip("one process per SQLite file")
	}
	ctx := context.Background()
	target := freshTarget(t)
	latest, err := LatestSchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			db, err := openAt(ctx, target)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			v, err := db.Migrate(ctx)
			if err == nil && v != latest {
				err = fmt.Errorf("schema version %d, want %d", v, latest)
			}
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
