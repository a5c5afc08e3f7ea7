package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/peerhours/peerhours/bot"
)

// execer is what both *sql.DB and *sql.Tx offer, so every query runs the
// same inside and outside a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queries holds every query; DB runs them on the pool, Atomically inside a
// transaction.
type Queries struct {
	x execer
}

// DB is the peerhours database.
type DB struct {
	*Queries
	sql  *sql.DB
	path string
}

// dsnParams are the connection settings every pooled connection gets; see the
// package documentation for why each is there.
const dsnParams = "_foreign_keys=on&_busy_timeout=5000&_journal_mode=WAL&_secure_delete=on&_synchronous=NORMAL&_txlock=immediate"

// Open opens (creating when needed) the SQLite file at path. It does not
// migrate; call Migrate before use.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?"+dsnParams)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &DB{Queries: &Queries{x: db}, sql: db, path: path}, nil
}

// checkPath refuses paths that the DSN cannot carry or that would silently
// give every pooled connection a database of its own.
func checkPath(path string) error {
	switch {
	case path == "":
		return errors.New("database path is empty")
	case strings.ContainsAny(path, "?#"):
		return fmt.Errorf("database path %q contains ? or #, which SQLite would read as URI syntax", path)
	case path == ":memory:" || strings.HasPrefix(path, "file:"):
		return fmt.Errorf("database path %q is not a plain file path", path)
	}
	return nil
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.sql.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Atomically runs fn in one transaction: everything fn stores through the
// Store it is given lands together, or (when fn or the commit fails) not at
// all.
func (db *DB) Atomically(ctx context.Context, fn func(bot.Store) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(&txStore{Queries: &Queries{x: tx}}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// txStore is the Store inside a transaction.
type txStore struct {
	*Queries
}

func (t *txStore) Ping(context.Context) error { return nil }

// Atomically inside a transaction joins it.
func (t *txStore) Atomically(_ context.Context, fn func(bot.Store) error) error { return fn(t) }

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }
