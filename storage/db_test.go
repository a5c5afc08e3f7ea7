package storage

import (
	"context"
	"path/filepath"
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
	// Every pooled connection must carry the settings, so ask several at once.
	conns := make([]interface{ Close() error }, 0, 3)
	for range 3 {
		c, err := db.sql.Conn(ctx)
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
				t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
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
