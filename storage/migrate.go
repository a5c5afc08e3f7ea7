package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"testing/fstest"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// Migrate applies every migration the database has not seen yet, each once
// and in its own transaction, and returns the schema version afterwards.
func (db *DB) Migrate(ctx context.Context) (int64, error) {
	p, err := db.migrator()
	if err != nil {
		return 0, err
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// SchemaVersion returns the version of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := db.migrator()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// LatestSchemaVersion is the version the embedded migrations lead to.
func LatestSchemaVersion() (int64, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil || len(names) == 0 {
		return 0, fmt.Errorf("no embedded migrations: %v", err)
	}
	var latest int64
	for _, n := range names {
		var v int64
		if _, err := fmt.Sscanf(n, "migrations/%d_", &v); err != nil {
			return 0, fmt.Errorf("migration %s has no version prefix", n)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

func (db *DB) migrator() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if db.postgres {
		dialect = goose.DialectPostgres
	}
	files, err := migrationsFor(db.postgres)
	if err != nil {
		return nil, err
	}
	// The global registry is for Go migrations registered from init();
	// this project has none and keeps no package state.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true),
		// Migrations written on different branches apply in whatever order
		// they were merged: each is independent of the others' numbers.
		goose.WithAllowOutofOrder(true)}
	if db.postgres {
		// Processes sharing a database (active/standby) start together:
		// the second to migrate waits for the first (goose's advisory
		// lock, tried every second for up to 5 minutes), then finds
		// nothing to do, instead of failing on tables the first made.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.sql, files, opts...)
}

// migrationsFor returns the migrations for a backend: the shared files as
// they are for SQLite; for PostgreSQL, each translated (dialect.go) or,
// where migrations/postgres/ holds one with the same name, that one.
func migrationsFor(postgres bool) (fs.FS, error) {
	shared, err := fs.Sub(migrationFiles, "migrations")
	if err != nil || !postgres {
		return shared, err
	}
	names, err := fs.Glob(shared, "*.sql")
	if err != nil {
		return nil, err
	}
	own, err := fs.Glob(shared, "postgres/*.sql")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for _, n := range names {
		b, err := fs.ReadFile(shared, n)
		if err != nil {
			return nil, err
		}
		out[n] = &fstest.MapFile{Data: []byte(postgresMigration(string(b)))}
	}
	for _, p := range own {
		n := path.Base(p)
		if out[n] == nil {
			// It would apply on PostgreSQL alone, and LatestSchemaVersion
			// (which reads the shared files) would not know it.
			return nil, fmt.Errorf("migration %s replaces no shared migration of that name", p)
		}
		b, err := fs.ReadFile(shared, p)
		if err != nil {
			return nil, err
		}
		out[n] = &fstest.MapFile{Data: b}
	}
	return out, nil
}
