package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/storage"
)

// Active/standby (docs/operations.md, "Two processes"): on PostgreSQL any
// number of `peerhours run` processes share one database, and only the
// one holding the leadership lock (storage/leader.go) opens a gateway
// session, answers interactions and runs the jobs. The others wait, trying
// for the lock every standbyRetry; when the leader dies or is cut off from
// the database the server releases its lock, and the next try of one of
// them takes it and starts as a fresh process would. On SQLite the
// process always leads.

// standbyRetry is how often a standby tries for the lock: with the
// server's release (at once for a dead process, within about 5 s for a
// silent one: leader.go's keepalives), it bounds the takeover.
const standbyRetry = time.Second

// errLeadershipLost ends a leader that can no longer be sure it holds the
// lock. It exits non-zero, so that its supervisor restarts it, as a
// standby: a process never keeps serving without the lock.
var errLeadershipLost = errors.New("lost leadership (the database connection holding the lock failed): stopped serving; restart to stand by")

// awaitLeadership returns once this process leads (at once on SQLite), or
// nil when ctx ends first.
func awaitLeadership(ctx context.Context, db *storage.DB, log zerolog.Logger) *storage.Leadership {
	standby, failing := false, false
	for {
		l, ok, err := db.TryLead(ctx)
		if ok {
			if standby {
				log.Info().Msg("standby: leading now")
			}
			return l
		}
		switch {
		case err != nil && ctx.Err() == nil && !failing:
			// A database outage is logged once, not at every try.
			log.Error().Err(err).Msg("standby: cannot try for leadership")
			failing = true
		case err == nil && !standby:
			log.Info().Msg("standby: waiting for leadership")
			standby = true
		}
		if err == nil {
			failing = false
		}
		t := time.NewTimer(standbyRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// lostExitBudget is how long a leader that lost its lock has to stop once
// its gateway is closed: the drain and the HTTP server's, and a little
// more. What it can be left waiting for is a database call on a connection
// that will never answer (a cut-off database: the group commit's
// transactions, which no caller's context cancels, and the alert lane's
// posts), so past it the process exits at once (exitNow). Nothing it
// leaves undone is lost: the jobs are in the database, and the new
// leader's epoch fences off whatever the stuck calls would claim.
const lostExitBudget = drainBudget + httpBudget + 5*time.Second

// exitNow ends the process; a variable so that nothing else has to.
var exitNow = os.Exit

// whileLeading returns a context that ends with ctx or as soon as l is
// lost, a function to call when serving has ended (it cancels the
// context), and a function that says whether l was lost.
func whileLeading(ctx context.Context, l *storage.Leadership, log zerolog.Logger) (context.Context, func(), func() bool) {
	ctx, cancel := context.WithCancel(ctx)
	returned := make(chan struct{})
	var lost atomic.Bool
	go func() {
		select {
		case <-l.Lost():
		case <-returned:
			return
		}
		lost.Store(true)
		log.Error().Msg("lost leadership: stopping the gateway and the jobs now")
		cancel()
		t := time.NewTimer(lostExitBudget)
		defer t.Stop()
		select {
		case <-returned:
		case <-t.C:
			log.Error().Dur("after", lostExitBudget).Msg("lost leadership, and some work is still waiting for the database: exiting now")
			exitNow(1)
		}
	}()
	var once sync.Once
	return ctx, func() { once.Do(func() { cancel(); close(returned) }) }, lost.Load
}

// swappable is the HTTP server's handler, which changes when a standby
// starts to lead: the listener is open from the start, so a supervisor's
// health check sees a standby alive.
type swappable struct{ h atomic.Pointer[http.Handler] }

func (s *swappable) set(h http.Handler) { s.h.Store(&h) }

func (s *swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }

// standbyHandler serves /healthz (the process lives) and /readyz (not
// ready: another process leads) while this one waits.
func standbyHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok (standby)\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "standby: another process leads", http.StatusServiceUnavailable)
	})
	return mux
}
