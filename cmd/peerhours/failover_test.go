package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/pgtest"
)

// Active/standby (issue 20): two `peerhours run` processes on one
// PostgreSQL database, emergencies arriving steadily in three channels,
// and the leader taken away mid-stream — killed with SIGKILL, or cut off
// from the database. Every emergency gets exactly one crisis reply and one
// alert, whether the old leader, the new one live, or the new one's
// catch-up from history answered it, and the longest delay from post to
// crisis reply is measured.

func TestFailoverWhenTheLeaderIsKilled(t *testing.T) { testFailover(t, leaderKilled) }

// The leader's connections to PostgreSQL go through a proxy, which is cut
// mid-run: the server sees them end (and releases the lock at once, as it
// does within about 5 s of a silent peer through the lock's keepalives),
// while the leader's side stays open and silent, as in a network
// partition. The leader must notice by itself, stop serving and exit
// non-zero; the standby takes over.
func TestFailoverWhenTheLeaderIsCutOff(t *testing.T) { testFailover(t, leaderCutOff) }

// The leader is paused (SIGSTOP): its kernel still answers for it, so only
// the lock session's idle timeout ends its lock. Once the standby leads,
// the old leader is woken (SIGCONT): it must find it lost the lock, stop
// and exit non-zero, without answering what it finds waiting.
func TestFailoverWhenTheLeaderIsPaused(t *testing.T) { testFailover(t, leaderPaused) }

type failure int

const (
	leaderKilled failure = iota
	leaderCutOff
	leaderPaused
)

const (
	failoverEmergencies = 60                     // 20 in each of three channels
	failoverEvery       = 250 * time.Millisecond // one emergency posted every 250 ms: 15 s in all
	failoverAfter       = 10                     // the leader goes once it has answered this many
	// failoverBound is the longest post-to-reply delay the test accepts.
	// The goal is 10 s, and on a quiet 2-core machine a takeover answers
	// in a few seconds (docs/operations.md gives the figures). The bound
	// is generous because the delay is the new leader's whole start (a
	// gateway session, command registration, the catch-up from history)
	// on a machine that may be running other test binaries beside this
	// one; the measured figure is printed either way.
	failoverBound = 45 * time.Second
	// oldLeaderExit bounds how long an old leader may take to exit once
	// it went: it stops serving within about 2 s, then drains for up to
	// 5 s and closes its connections, some of them cut off.
	oldLeaderExit = time.Minute
)

func testFailover(t *testing.T, how failure) {
	if testing.Short() {
		t.Skip("runs two processes and a PostgreSQL server")
	}
	dbURL := pgtest.Database(t) // skips with a line when there is no PostgreSQL
	bin := peerhoursBinary(t)
	h := newWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	h.ctx = ctx
	h.env["DATABASE_URL"] = dbURL
	h.env["LOG_LEVEL"] = "info"

	var leaderEnv map[string]string
	var proxy *pgProxy
	if how == leaderCutOff {
		proxy = startPGProxy(t, dbURL)
		leaderEnv = map[string]string{"DATABASE_URL": proxy.url}
	}
	a := h.startAs(bin, "a", leaderEnv)
	h.setup()
	var channels []string
	var authors [][]string
	for _, name := range []string{"Diabetes", "Asthma", "Lupus"} {
		_, peer, _, roleID := h.createCondition(name)
		channels = append(channels, peer.ID)
		authors = append(authors, h.patients(failoverEmergencies/3, roleID))
	}
	b := h.launch(bin, "b", map[string]string{"HTTP_ADDR": "127.0.0.1:0"})
	if err := b.waitLog(h.ctx, "standby: waiting for leadership"); err != nil {
		t.Fatalf("the second process: %v\nlogs:\n%s", err, h.logs)
	}
	// Monitoring sees the standby: its /metrics says it does not lead.
	if v, err := b.metric("peerhours_leader"); err != nil || v != 0 {
		t.Errorf("the standby's peerhours_leader = %v (%v), want 0", v, err)
	}

	// Emergencies arrive at a steady rate (the ticker paces the posts; no
	// wait below depends on it), each from a person of its own, so that
	// each has an alert of its own.
	var mu sync.Mutex
	posted := map[string]time.Time{} // message ID → when it was posted
	var order []string
	postErr := make(chan error, 1)
	go func() {
		tick := time.NewTicker(failoverEvery)
		defer tick.Stop()
		for i := range failoverEmergencies {
			c := i % len(channels)
			at := time.Now()
			ms, err := h.dc.PostMessages([]fakediscord.UserMessage{{ChannelID: channels[c], AuthorID: authors[c][i/len(channels)], Content: textEmergency}})
			if err != nil {
				postErr <- err
				return
			}
			mu.Lock()
			posted[ms[0].ID] = at
			order = append(order, ms[0].ID)
			mu.Unlock()
			select {
			case <-tick.C:
			case <-h.ctx.Done():
				postErr <- h.ctx.Err()
				return
			}
		}
		postErr <- nil
	}()

	// The crisis replies are followed through the emulator's call log as
	// they are posted, and timed when first seen: the follower wakes at
	// every change the emulator makes.
	replied := map[string]time.Time{} // message ID → when its crisis reply was seen
	cursor := 0
	follow := func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range h.dc.CallsSince(cursor) {
			cursor++
			if id, ok := repliedTo(c); ok {
				if _, seen := replied[id]; !seen {
					replied[id] = time.Now()
				}
			}
		}
	}
	followCtx, stopFollowing := context.WithCancel(h.ctx)
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		for {
			changed := h.dc.Changed()
			follow()
			select {
			case <-changed:
			case <-followCtx.Done():
				return
			}
		}
	}()
	// (On a failure, ctx's cancel ends it.)
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		if err := h.dc.WaitFor(h.ctx, func() bool { follow(); mu.Lock(); defer mu.Unlock(); return cond() }); err != nil {
			t.Fatalf("%s: %v\nlogs:\n%s", what, err, tail(h.logs.String(), 80))
		}
	}
	waitFor("the first leader's replies", func() bool { return len(replied) >= failoverAfter })

	took := time.Now()
	exited := make(chan error, 1)
	go func() { exited <- a.wait() }()
	switch how {
	case leaderKilled:
		a.kill()
	case leaderCutOff:
		proxy.cut()
	case leaderPaused:
		if err := a.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.waitLog(h.ctx, "standby: leading now"); err != nil {
		t.Fatalf("the standby: %v\nlogs:\n%s", err, tail(h.logs.String(), 80))
	}
	t.Logf("the standby leads %v after the leader went", time.Since(took).Round(time.Millisecond))
	if v, err := b.metric("peerhours_leader"); err != nil || v != 1 {
		t.Errorf("the new leader's peerhours_leader = %v (%v), want 1", v, err)
	}
	if how == leaderPaused {
		if err := a.cmd.Process.Signal(syscall.SIGCONT); err != nil {
			t.Fatal(err)
		}
	}
	if how != leaderKilled {
		// The old leader stops serving and exits non-zero by itself.
		select {
		case err := <-exited:
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Errorf("the old leader exited with %v, want a non-zero status", err)
			}
			t.Logf("the old leader exited (%v) %v after it went", err, time.Since(took).Round(time.Millisecond))
		case <-time.After(oldLeaderExit):
			// Its goroutines' stacks, to see what it waits for.
			a.cmd.Process.Signal(syscall.SIGQUIT)
			a.wait()
			t.Fatalf("the old leader still ran %v after it went\nlogs:\n%s", oldLeaderExit, tail(h.logs.String(), 400))
		}
		if err := a.waitLog(h.ctx, "lost leadership"); err != nil {
			t.Errorf("the old leader did not say it lost leadership: %v", err)
		}
	}

	if err := <-postErr; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	ids := append([]string(nil), order...)
	mu.Unlock()
	waitFor("crisis replies", func() bool {
		for _, id := range ids {
			if _, ok := replied[id]; !ok {
				return false
			}
		}
		return true
	})
	alerted := func() map[string]int {
		n := map[string]int{}
		for _, m := range h.botMessages(h.alerts) {
			for _, id := range ids {
				if len(m.Embeds) > 0 && strings.Contains(text(m), id) {
					n[id]++
				}
			}
		}
		return n
	}
	waitFor("alerts", func() bool { return len(alerted()) == len(ids) })
	stopFollowing()
	<-followed

	// Exactly once: each emergency's crisis replies in its channel, and
	// the alerts naming it.
	replies := map[string]int{}
	for _, ch := range channels {
		for _, m := range h.botMessages(ch) {
			if m.MessageReference != nil {
				replies[m.MessageReference.MessageID]++
			}
		}
	}
	alerts := alerted()
	var longest time.Duration
	var longestID string
	before, after := 0, 0
	for _, id := range ids {
		if r, n := replies[id], alerts[id]; r != 1 || n != 1 {
			t.Errorf("emergency %s: %d crisis replies, %d alerts (want 1 and 1)", id, r, n)
		}
		if d := replied[id].Sub(posted[id]); d > longest {
			longest, longestID = d, id
		}
		if posted[id].Before(took) {
			before++
		} else {
			after++
		}
	}
	t.Logf("%d emergencies (%d posted before the leader went, %d after): every one answered once and alerted once; longest post-to-reply delay %v (%s)",
		len(ids), before, after, longest.Round(time.Millisecond), longestID)
	if longest > failoverBound {
		t.Errorf("longest delay %v, over the test's bound of %v (the goal is 10 s)", longest, failoverBound)
	}
	h.checkNoPingByAccident()
	if err := b.stop(); err != nil {
		t.Errorf("the new leader: %v", err)
	}
}

// pgProxy stands between a process and PostgreSQL, so that a test can cut
// that process off: cut closes the server's side of every connection (the
// server ends those sessions) and leaves the process's side open and
// silent, as is every connection it makes afterwards.
type pgProxy struct {
	url  string // the database's URL, through the proxy
	dial func() (net.Conn, error)
	ln   net.Listener

	mu     sync.Mutex
	isCut  bool
	server []net.Conn // the proxy's connections to PostgreSQL
	client []net.Conn // the process's connections to the proxy
}

// startPGProxy listens on a loopback TCP port for the database at dbURL
// (on a Unix socket, as internal/pgtest's servers are, or on TCP).
func startPGProxy(t *testing.T, dbURL string) *pgProxy {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	port := q.Get("port")
	if port == "" {
		port = u.Port()
	}
	if port == "" {
		port = "5432"
	}
	p := &pgProxy{}
	if host := q.Get("host"); strings.HasPrefix(host, "/") {
		sock := filepath.Join(host, ".s.PGSQL."+port)
		p.dial = func() (net.Conn, error) { return net.Dial("unix", sock) }
	} else {
		addr := net.JoinHostPort(u.Hostname(), port)
		if host != "" {
			addr = net.JoinHostPort(host, port)
		}
		p.dial = func() (net.Conn, error) { return net.Dial("tcp", addr) }
	}
	if p.ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	q.Del("host")
	q.Del("port")
	u.Host = p.ln.Addr().String()
	u.RawQuery = q.Encode()
	p.url = u.String()
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *pgProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.client = append(p.client, c)
		cut := p.isCut
		p.mu.Unlock()
		if cut {
			continue // silent
		}
		s, err := p.dial()
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.server = append(p.server, s)
		p.mu.Unlock()
		go p.pipe(s, c)
		go p.pipe(c, s)
	}
}

// pipe copies until either side ends; before a cut, the end of one side
// ends the other (the process or the server closed it), after it the
// process's side stays open.
func (p *pgProxy) pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	p.mu.Lock()
	cut := p.isCut
	p.mu.Unlock()
	if !cut {
		dst.Close()
		src.Close()
	}
}

func (p *pgProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isCut = true
	for _, s := range p.server {
		s.Close()
	}
}

func (p *pgProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isCut = true
	for _, c := range append(p.server, p.client...) {
		c.Close()
	}
}

// metric reads one series' value from the process's /metrics (it must
// have been launched with HTTP_ADDR=127.0.0.1:0).
func (p *botProcess) metric(series string) (float64, error) {
	p.mu.Lock()
	logs := p.own.String()
	p.mu.Unlock()
	return metricFrom(logs, series)
}
