package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "github.com/mattn/go-sqlite3"

	"github.com/peerhours/peerhours/internal/pgtest"
)

// store is the database a bot keeps its data in: what points the bot at
// it, and how peerload opens it to count what the bot decided. The runs
// on SQLite and on PostgreSQL differ in this alone. peerload's queries
// number their parameters ($1), which both read.
type store struct {
	name        string   // "SQLite" or "PostgreSQL"
	env         []string // DATABASE_PATH=… or DATABASE_URL=…
	driver, dsn string   // for database/sql
	// serverCPU is the database server's CPU time so far: nil for SQLite,
	// which runs inside the bot (so the bot's CPU includes it), and for a
	// server peerload did not start (its processes are not peerload's to
	// find).
	serverCPU func() time.Duration
	release   func() // once the bot has stopped
}

// sqliteStore is the SQLite file in a bot's directory, read-only for
// peerload.
func sqliteStore(dir string) store {
	file := filepath.Join(dir, "peerhours.db")
	return store{name: "SQLite", env: []string{"DATABASE_PATH=" + file},
		driver: "sqlite3", dsn: "file:" + file + "?mode=ro&_busy_timeout=5000", release: func() {}}
}

// postgres is the server -postgres names: one peerload started (auto), or
// one given by the URL of a role that may create databases.
type postgres struct {
	admin *sql.DB
	url   url.URL // of its maintenance database
	pid   int     // its postmaster, when peerload started it
	stop  func()
}

// openPostgres connects to the server -postgres names, starting it first
// for auto: the way internal/pgtest starts the tests' own, and with
// pgtest.ErrNoBinaries when PostgreSQL is not installed.
func openPostgres(spec string) (_ *postgres, err error) {
	pg := &postgres{stop: func() {}}
	raw := spec
	if spec == "auto" {
		srv, err := pgtest.StartServer()
		if err != nil {
			return nil, err
		}
		raw, pg.pid, pg.stop = srv.URL(), srv.Pid(), srv.Stop
	}
	defer func() {
		if err != nil {
			pg.stop()
		}
	}()
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("-postgres takes auto or a postgres:// URL")
	}
	pg.url = *u
	if pg.admin, err = sql.Open("pgx", raw); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := pg.admin.PingContext(ctx); err != nil {
		pg.admin.Close()
		return nil, fmt.Errorf("connecting to %s: %w", u.Redacted(), err)
	}
	return pg, nil
}

func (pg *postgres) close() {
	pg.admin.Close()
	pg.stop()
}

// newStore creates a fresh, empty database for a bot, dropped once the
// bot has stopped unless keep.
func (pg *postgres) newStore(keep bool) (store, error) {
	name := fmt.Sprintf("peerload_%d", os.Getpid())
	if _, err := pg.admin.Exec("CREATE DATABASE " + name); err != nil {
		return store{}, fmt.Errorf("create database %s: %w", name, err)
	}
	u := pg.url
	u.Path = "/" + name
	s := store{name: "PostgreSQL", env: []string{"DATABASE_URL=" + u.String()}, driver: "pgx", dsn: u.String()}
	if pid := pg.pid; pid != 0 {
		s.serverCPU = func() time.Duration { return treeCPU(pid) }
	}
	s.release = func() {
		switch {
		case keep && pg.pid != 0:
			fmt.Printf("database %s goes with the server peerload started; give -postgres a server's URL to keep it\n", name)
		case keep:
			fmt.Printf("kept database %s on %s\n", name, pg.url.Redacted())
			return
		}
		// FORCE closes what is still connected.
		if _, err := pg.admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Printf("drop database %s: %v\n", name, err)
		}
	}
	return s, nil
}

// postgresRun measures the bot without an LLM once more, on a fresh
// database on the server: the same world, messages, burst and paced run
// as on SQLite.
func postgresRun(o options, bin, dir string, pg *postgres) (botResult, error) {
	st, err := pg.newStore(o.keep)
	if err != nil {
		return botResult{}, err
	}
	defer st.release()
	b, err := newBotWorld(o, bin, dir, llmNone, st)
	if err != nil {
		return botResult{}, err
	}
	defer b.close()
	return firstRun(o, bin, b, nil, false)
}

// treeCPU is the CPU time so far of a process and of its children, living
// and reaped: a PostgreSQL server's, whose backends are the postmaster's
// children.
func treeCPU(root int) time.Duration {
	st, _ := readStat(root)
	total := st.cpu + st.reaped
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if c, ok := readStat(pid); ok && c.ppid == root {
			total += c.cpu + c.reaped
		}
	}
	return total
}

// startPostgres opens the server -postgres names, or none when it is
// empty. When auto finds PostgreSQL not installed, it says so in a line
// and the run goes on without it.
func startPostgres(spec string) (*postgres, error) {
	if spec == "" {
		return nil, nil
	}
	pg, err := openPostgres(spec)
	if errors.Is(err, pgtest.ErrNoBinaries) {
		fmt.Printf("PostgreSQL: %v; its rows are left out\n", err)
		return nil, nil
	}
	return pg, err
}
