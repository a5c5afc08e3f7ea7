package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
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

// insertID runs an INSERT and returns the new row's id: sql.ErrNoRows when
// its ON CONFLICT clause left the row out. RETURNING works on both
// backends; LastInsertId has no PostgreSQL counterpart.
func (q *Queries) insertID(ctx context.Context, insert string, args ...any) (int64, error) {
	var id int64
	err := q.x.QueryRowContext(ctx, insert+`
		RETURNING id`, args...).Scan(&id)
	return id, err
}

// Queries holds every query; DB runs them on the pool, Atomically inside a
// transaction.
type Queries struct {
	x  execer
	c  *caches  // what the database answers from memory (cache.go)
	tx *txState // nil outside a transaction
	// postgres is set on PostgreSQL (postgres.go), for the few things
	// that are not a query: the catalogue, VACUUM, migrations.
	postgres bool
	// epoch is this process's job epoch once it runs the jobs (jobs.go),
	// shared by the DB and its transactions.
	epoch *atomic.Int64
	// shard is this process's Discord shard (shard.go), set before it
	// serves; shared like epoch.
	shard *Shard
}

// DB is the peerhours database: one writer connection and a pool of
// readers (see the package documentation).
type DB struct {
	*Queries
	sql   *sql.DB // the writer: one connection
	read  *sql.DB // readers, which cannot write
	group *groupCommit
	path  string
	// ckpt is the connection that checkpoints the WAL (erasure.go).
	ckpt      *sql.DB
	compactMu sync.Mutex
	// pgcfg is PostgreSQL's connection settings, for connections of
	// other kinds (leader.go); nil on SQLite.
	pgcfg *pgx.ConnConfig
}

// dsnParams are the connection settings every pooled connection gets; see the
// package documentation for why each is there.
const dsnParams = "_foreign_keys=on&_busy_timeout=5000&_journal_mode=WAL&_secure_delete=on&_synchronous=NORMAL&_txlock=immediate&_stmt_cache_size=64"

// readers is how many read connections are kept open between uses: as
// many as the messages handled at once plus the interactions beside them,
// so a busy bot does not open and close connections all the time.
const readers = 16

// Open opens (creating when needed, with FileMode) the SQLite file at path.
// It does not migrate; call Migrate before use.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite3", "file:"+path+"?"+dsnParams)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	w.SetMaxOpenConns(1)
	// The writer opens the file first, so that it exists in WAL mode
	// before a read-only connection looks at it.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite3", "file:"+path+"?"+dsnParams+"&_query_only=true")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	r.SetMaxIdleConns(readers)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	c, err := sql.Open("sqlite3", "file:"+path+"?"+checkpointDSN)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	c.SetMaxOpenConns(1)
	db := &DB{Queries: &Queries{x: router{w: w, r: r}, c: newCaches(r), epoch: new(atomic.Int64), shard: &Shard{Count: 1}}, sql: w, read: r, path: path, ckpt: c}
	db.group = newGroupCommit(db)
	return db, nil
}

// router sends each statement to the pool it belongs to: anything that
// writes to the writer, plain reads to the readers.
type router struct{ w, r *sql.DB }

func (p router) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.w.ExecContext(ctx, query, args...)
}

func (p router) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.pool(query).QueryContext(ctx, query, args...)
}

func (p router) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.pool(query).QueryRowContext(ctx, query, args...)
}

func (p router) pool(query string) *sql.DB {
	if writes(query) {
		return p.w
	}
	return p.r
}

// writes reports whether a statement changes the database: one that
// starts with INSERT, UPDATE, DELETE or REPLACE (with RETURNING, they come
// through Query), or a CTE feeding one. A read sent to the writer is only
// slower; a write sent to a reader fails loudly (query_only), so the tests
// catch a mistake here.
func writes(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n")
	first := q
	if i := strings.IndexAny(q, " \t\r\n("); i >= 0 {
		first = q[:i]
	}
	for _, w := range []string{"INSERT", "UPDATE", "DELETE", "REPLACE"} {
		if strings.EqualFold(first, w) {
			return true
		}
	}
	// Only a CTE is worth upper-casing whole: this runs for every query.
	return strings.EqualFold(first, "WITH") && strings.Contains(strings.ToUpper(q), "RETURNING")
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
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Atomically runs fn in one transaction: everything fn stores through the
// Store it is given lands together, or (when fn or the commit fails) not at
// all.
func (db *DB) Atomically(ctx context.Context, fn func(bot.Store) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	q := db.inTx(tx)
	defer q.tx.ended(q.c)
	if err := fn(&txStore{Queries: q}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// inTx returns the queries of a transaction.
func (db *DB) inTx(tx *sql.Tx) *Queries {
	return &Queries{x: tx, c: db.c, tx: &txState{}, postgres: db.postgres, epoch: db.epoch, shard: db.shard}
}

// txStore is the Store inside a transaction.
type txStore struct {
	*Queries
}

func (t *txStore) Ping(context.Context) error { return nil }

// Atomically inside a transaction joins it.
func (t *txStore) Atomically(_ context.Context, fn func(bot.Store) error) error { return fn(t) }

// Grouped inside a transaction joins it.
func (t *txStore) Grouped(_ context.Context, fn func(bot.Store) error) error { return fn(t) }

// Path is the file the database lives in; on PostgreSQL, the user,
// server and database (never the password).
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	db.group.close()
	return errors.Join(db.ckpt.Close(), db.read.Close(), db.sql.Close())
}
