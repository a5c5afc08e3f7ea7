package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL runs the same queries as SQLite through database/sql, with
// pgx's driver underneath (pgx/v5/stdlib), so that there is one set of
// query code for both. The layout is SQLite's too: one writer connection,
// on which every write transaction of this process queues (so what
// SQLite's single writer made safe, such as reading the last audit row
// and appending the next, stays safe), a pool of readers whose
// transactions are read-only (default_transaction_read_only, the twin of
// SQLite's query_only: a write routed to a reader fails loudly), and one
// maintenance connection for VACUUM (Compact, erasure.go). pgx keeps each
// connection's prepared statements, as _stmt_cache_size does for SQLite.

// IsPostgresURL reports whether a database setting names a PostgreSQL
// server rather than an SQLite file.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// OpenPostgres connects to the PostgreSQL database at url
// (postgres://user:password@host:port/database?sslmode=…). It does not
// migrate; call Migrate before use.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's error repeats the URL, password included.
		return nil, errors.New("DATABASE_URL is not a valid PostgreSQL URL")
	}
	cfg.RuntimeParams["application_name"] = "peerhours"
	w := openPostgresPool(cfg, false)
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	r := openPostgresPool(cfg, true)
	r.SetMaxIdleConns(readers)
	// Unlike SQLite's, these connections count against the server's
	// max_connections (100 by default), which other clients share.
	r.SetMaxOpenConns(2 * readers)
	mcfg := cfg.Copy()
	mcfg.RuntimeParams["lock_timeout"] = lockTimeout
	m := openPostgresPool(mcfg, false)
	m.SetMaxOpenConns(1)
	for _, p := range []*sql.DB{w, r} {
		if err := p.PingContext(ctx); err != nil {
			w.Close()
			r.Close()
			m.Close()
			return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", describe(cfg), err)
		}
	}
	db := &DB{Queries: &Queries{x: router{w: w, r: r}, c: newCaches(r), postgres: true, epoch: new(atomic.Int64), shard: &Shard{Count: 1}},
		sql: w, read: r, ckpt: m, path: describe(cfg), pgcfg: cfg}
	db.group = newGroupCommit(db)
	return db, nil
}

// describe names a server and database without the password, for
// messages and logs.
func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

func openPostgresPool(cfg *pgx.ConnConfig, readOnly bool) *sql.DB {
	c := cfg.Copy()
	if readOnly {
		c.RuntimeParams["default_transaction_read_only"] = "on"
	}
	return sql.OpenDB(pgConnector{stdlib.GetConnector(*c, stdlib.OptionAfterConnect(flagsAsIntegers))})
}

// flagsAsIntegers lets a Go bool be written as 1 or 0 where PostgreSQL
// expects an integer (a BIGINT column, or ? = 0): the schema's flags are
// integers, as SQLite has no boolean type, and pgx encodes a bool for a
// boolean only. (database/sql scans 0 and 1 back into a bool by itself.)
// Boolean columns, such as goose's, keep pgx's own encoding.
func flagsAsIntegers(_ context.Context, conn *pgx.Conn) error {
	m := conn.TypeMap()
	m.RegisterType(&pgtype.Type{Name: "int8", OID: pgtype.Int8OID, Codec: flagCodec{pgtype.Int8Codec{}}})
	m.RegisterType(&pgtype.Type{Name: "int4", OID: pgtype.Int4OID, Codec: flagCodec{pgtype.Int4Codec{}}})
	return nil
}

type flagCodec struct{ pgtype.Codec }

func (c flagCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(bool); ok {
		return flagPlan{m.PlanEncode(oid, format, int64(0))}
	}
	return c.Codec.PlanEncode(m, oid, format, value)
}

type flagPlan struct{ integer pgtype.EncodePlan }

func (p flagPlan) Encode(value any, buf []byte) ([]byte, error) {
	var n int64
	if value.(bool) {
		n = 1
	}
	return p.integer.Encode(n, buf)
}

// pgConnector hands out pgx connections that translate each statement
// (dialect.go) before pgx sees it.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return pgConn{conn.(*stdlib.Conn)}, nil
}

// pgConn is pgx's connection with every way a statement comes in
// translated; the rest (transactions, pings, session resets, argument
// checks) is pgx's own.
type pgConn struct{ *stdlib.Conn }

func (c pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(postgresQuery(query))
}

func (c pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, postgresQuery(query))
}

func (c pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, postgresQuery(query), args)
}

func (c pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, postgresQuery(query), args)
}
