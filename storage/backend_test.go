package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/peerhours/peerhours/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// The storage suite runs on both backends, so that neither drifts. A test
// written as
//
//	func TestX(t *testing.T) { bothBackends(t, testX) }
//
// runs testX as the subtests TestX/sqlite and TestX/postgres, and
// openTest, freshTarget and openAt in it use the subtest's backend. The
// PostgreSQL subtest skips with a line when there is no PostgreSQL to use
// (internal/pgtest), and fails instead under CI. Tests of what only one
// backend has (SQLite's files, pragmas and write-ahead log) stay plain.
var (
	bothBackends = pgtest.Each
	onPostgres   = pgtest.OnPostgres
)

// freshTarget is where a new, empty database is for the test's backend:
// an SQLite file's path, or a PostgreSQL database's URL.
func freshTarget(t testing.TB) string {
	if onPostgres(t) {
		return pgtest.Database(t)
	}
	return filepath.Join(t.TempDir(), "test.db")
}

// openAt opens the database freshTarget named.
func openAt(ctx context.Context, target string) (*DB, error) {
	if IsPostgresURL(target) {
		return OpenPostgres(ctx, target)
	}
	return Open(ctx, target)
}

// openMigrated opens the database at target, migrated, closed when the
// test ends: one of several processes sharing it.
func openMigrated(t testing.TB, target string) *DB {
	t.Helper()
	db, err := openAt(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
