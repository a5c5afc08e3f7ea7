package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/peerhours/peerhours/internal/pgtest"
)

// The end-to-end tests written as
//
//	func TestX(t *testing.T) { t.Parallel(); bothBackends(t, testX) }
//
// run the real program on each store: TestX/sqlite on an SQLite file
// (DATABASE_PATH) and TestX/postgres on a fresh PostgreSQL database
// (DATABASE_URL, internal/pgtest; skipped with a line when there is no
// PostgreSQL outside CI).
var (
	bothBackends = pgtest.Each
	onPostgres   = pgtest.OnPostgres
)

// migrate and audit verify work on PostgreSQL: a new database is made, a
// second run finds it current, and its audit log verifies.
func TestMigrateAndAuditOnPostgres(t *testing.T) {
	url := pgtest.Database(t)
	env := envOf(map[string]string{"DATABASE_URL": url, "DATABASE_PATH": "/nonexistent/never-used.db"})
	var out bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, env, nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "a new database (it held no tables)") || !strings.Contains(out.String(), "schema version") {
		t.Errorf("first migrate printed %q", out.String())
	}
	if strings.Contains(out.String(), "nonexistent") {
		t.Errorf("migrate used DATABASE_PATH beside DATABASE_URL: %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"migrate"}, env, nil, &out, &out); err != nil || strings.Contains(out.String(), "a new database") {
		t.Errorf("second migrate printed %q, %v", out.String(), err)
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify"}, env, nil, &out, &out); err != nil || !strings.Contains(out.String(), "audit log ok") {
		t.Errorf("audit verify printed %q, %v", out.String(), err)
	}
}
