// Package storage keeps peerhours' state in one SQLite file through
// mattn/go-sqlite3 or, when DATABASE_URL names one, in a PostgreSQL
// database through pgx (postgres.go), and implements the store interfaces
// declared in package bot. Both run the same queries and migrations; what
// differs between the two dialects is in dialect.go, and the storage tests
// run on both (backend_test.go).
//
// The connection settings live in the DSN, not in Exec'd pragmas: a pragma run
// with db.Exec reaches one pooled connection only, while DSN parameters apply
// to every connection the pool opens. WAL lets readers run beside the single
// writer, busy_timeout makes a second writer wait instead of failing,
// _txlock=immediate takes the write lock at BEGIN so two transactions cannot
// deadlock upgrading their locks, foreign keys are enforced, and secure_delete
// overwrites deleted rows so that erased message text does not linger in free
// pages.
//
// Writes go through one connection and reads through a pool of their own
// (opened query_only). SQLite allows one writer at a time anyway; with
// several writer connections, the ones waiting for the lock sleep in
// SQLite's busy handler (1, 2, 5, 10 ms and more between tries), which
// under a burst of messages wasted more time than the writes took. Queued
// for the one connection in Go, each write starts the moment the last one
// ends. The busy timeout still covers another process holding the lock.
// Each connection keeps its prepared statements (_stmt_cache_size): the
// same few queries run for every message, and preparing them again each
// time was an eighth of the bot's CPU under load. The decision and the
// text every message stores are written in group commits (group.go).
//
// The schema is a sequence of numbered SQL files in migrations/, embedded in
// the binary and applied once each, in a transaction, by goose.
package storage
