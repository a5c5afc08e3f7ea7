package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
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
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	// The global registry is for Go migrations registered from init();
	// this project has none and keeps no package state.
	return goose.NewProvider(goose.DialectSQLite3, db.sql, sub, goose.WithDisableGlobalRegistry(true),
		// Migrations written on different branches apply in whatever order
		// they were merged: each is independent of the others' numbers.
		goose.WithAllowOutofOrder(true))
}
