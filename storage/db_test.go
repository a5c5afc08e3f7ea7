package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// openTest opens a migrated database in a file of the test's own.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	latest, err := LatestSchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		db, err := Open(ctx, path)
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
func TestReadersCannotWrite(t *testing.T) {
	db := openTest(t)
	_, err := db.read.ExecContext(context.Background(), `INSERT INTO triage_overrides DEFAULT VALUES`)
	if err == nil || !strings.Contains(err.Error(), "readonly") {
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
