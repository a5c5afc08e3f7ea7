// Package pgtest gives tests a PostgreSQL database of their own, fresh and
// empty, on the server PEERHOURS_TEST_POSTGRES names (a postgres:// URL of
// a role that may create databases) or, without it, on a server started
// once per test binary from the distribution's binaries (initdb and
// postgres, on a private data directory, listening on a Unix socket in it
// and on no TCP port). A test that finds neither skips with one line;
// under CI (the CI variable set) it fails instead, so that a CI machine
// without PostgreSQL cannot pass the PostgreSQL tests by skipping them.
//
// A package whose tests use it stops the server in TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
//
// A program that measures against PostgreSQL (cmd/peerload) starts a
// server of its own the same way with StartServer.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvURL names the server to use instead of starting one.
const EnvURL = "PEERHOURS_TEST_POSTGRES"

var (
	once    sync.Once
	admin   *url.URL // the server's maintenance database, postgres
	pool    *sql.DB  // connected to it, to create and drop databases
	unavail string   // why there is no server, when there is none
	srv     *Server  // the server this binary started, if any
	made    atomic.Int64
)

// Each runs test once on each store, as the subtests "sqlite" and
// "postgres"; OnPostgres tells the test (and its helpers) which it is. A
// package's tests choose the store from it, so that one test body serves
// both and they cannot drift apart.
func Each(t *testing.T, test func(*testing.T)) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, test)
	}
}

// OnPostgres reports whether a test runs as Each's postgres subtest, or
// inside one.
func OnPostgres(t testing.TB) bool {
	parts := strings.Split(t.Name(), "/")
	return len(parts) > 1 && parts[1] == "postgres"
}

// Run runs the tests, then stops the server they started, and returns
// the exit code.
func Run(m *testing.M) int {
	code := m.Run()
	if pool != nil {
		pool.Close()
	}
	if srv != nil {
		srv.Stop()
	}
	return code
}

// Database creates an empty database for the test and returns its URL;
// the database is dropped when the test ends. It skips the test (fails it
// under CI) when there is no PostgreSQL to use.
func Database(t testing.TB) string {
	t.Helper()
	once.Do(setUp)
	if unavail != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required in CI: %s", unavail)
		}
		t.Skipf("no PostgreSQL: %s", unavail)
	}
	// Names unique across the test binaries sharing a server.
	name := fmt.Sprintf("peerhours_test_%d_%d", os.Getpid(), made.Add(1))
	ctx := context.Background()
	if _, err := pool.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		// FORCE closes what the test left connected.
		if _, err := pool.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u := *admin
	u.Path = "/" + name
	return u.String()
}

func setUp() {
	raw := os.Getenv(EnvURL)
	if raw == "" {
		var err error
		srv, err = StartServer()
		switch {
		case errors.Is(err, ErrNoBinaries):
			unavail = err.Error() + " (set " + EnvURL + " to a server's URL, or install postgresql)"
			return
		case err != nil:
			unavail = "starting a private server: " + err.Error()
			return
		}
		raw = srv.URL()
	}
	u, err := url.Parse(raw)
	if err != nil {
		unavail = EnvURL + " is not a URL"
		return
	}
	admin = u
	pool, err = sql.Open("pgx", u.String())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = pool.PingContext(ctx)
		cancel()
	}
	if err != nil {
		unavail = "connecting to " + u.Redacted() + ": " + err.Error()
	}
}

// ErrNoBinaries is StartServer's error when PostgreSQL is not installed.
var ErrNoBinaries = errors.New("no postgres binary found on PATH or in /usr/lib/postgresql/*/bin")

// StartServer starts a private PostgreSQL server as the tests' own is
// started: from the distribution's binaries (ErrNoBinaries when there are
// none), on a new data directory, durability off, listening only on a
// Unix socket, and dying with this process. Stop it when done.
func StartServer() (*Server, error) {
	bin, err := findBinaries()
	if err != nil {
		return nil, err
	}
	return start(bin)
}

// URL is the server's maintenance database, postgres, as its superuser:
// a role that may create databases.
func (s *Server) URL() string { return s.url }

// findBinaries returns the directory holding initdb and postgres: the
// one on PATH, or else the newest of Debian's /usr/lib/postgresql/N/bin.
func findBinaries() (string, error) {
	if p, err := exec.LookPath("postgres"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			if dir := filepath.Dir(real); usable(dir) {
				return dir, nil
			}
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	for _, d := range dirs {
		if usable(d) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func usable(dir string) bool {
	for _, b := range []string{"postgres", "initdb"} {
		if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// tail keeps the last lines a server wrote, for an error that needs them.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > 20 {
		t.lines = t.lines[1:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
