package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// botProcess is the built binary running against the emulator, so that it
// can be killed with SIGKILL: no deferred function, no drain, no clean
// close of the database runs.
type botProcess struct {
	t    *testing.T
	cmd  *exec.Cmd
	logs *lockedBuffer
	name string // its log lines' prefix in logs, when several run at once
	// handled counts "message handled" log lines of this process;
	// progress is closed and replaced at each line.
	mu       sync.Mutex
	handled  int
	own      strings.Builder // this process's lines
	progress chan struct{}
	exited   chan struct{} // closed when its output ends
	waitOnce sync.Once
	waitErr  error
}

// builtDir holds the binary buildBinary built, if it did.
var builtDir string

// buildFlags are the Dockerfile's `go build` flags (deploy's test holds the
// Dockerfile to them, and .ci/run builds with them before the tests), so
// the binary the tests run is the one the container runs, and building it
// finds SQLite in the build cache instead of compiling it once more (two
// minutes of CPU on a 2-core machine) beside the tests.
var buildFlags = []string{"-trimpath", "-buildvcs=false", "-tags", "sqlite_omit_load_extension"}

// buildBinary builds ./cmd/peerhours once per test binary.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "peerhours-bin-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	bin := filepath.Join(dir, "peerhours")
	build := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", bin, ".")...)
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// peerhoursBinary returns the built binary, building it on first use. Call
// it before newWorld: a cold build takes minutes on a loaded machine, and
// must not eat into the world's deadline (TestFaultSlowBackendAcksWithin3s
// once failed that way, "commands never registered" after 143 s).
func peerhoursBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// startProcess runs the binary and waits until it has registered its
// commands.
func (h *harness) startProcess(bin string) *botProcess {
	h.t.Helper()
	return h.startAs(bin, "", nil)
}

// startAs is startProcess with launch's name and settings.
func (h *harness) startAs(bin, name string, env map[string]string) *botProcess {
	h.t.Helper()
	seen := len(h.dc.Calls())
	p := h.launch(bin, name, env)
	if _, err := h.dc.WaitCall(h.ctx, func(c fakediscord.Call) bool {
		return c.Seq > seen && c.Route == "PUT /applications/{app}/guilds/{g}/commands" && c.Status == 200
	}); err != nil {
		h.t.Fatalf("commands never registered: %v\nlogs:\n%s", err, h.logs)
	}
	return p
}

// launch runs the binary with h.env and env's settings over it; name, if
// any, prefixes its lines in h.logs.
func (h *harness) launch(bin, name string, env map[string]string) *botProcess {
	h.t.Helper()
	p := &botProcess{t: h.t, logs: h.logs, name: name, progress: make(chan struct{}), exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "run")
	p.cmd.Dir = h.t.TempDir()
	p.cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range h.env {
		if _, over := env[k]; !over {
			p.cmd.Env = append(p.cmd.Env, k+"="+v)
		}
	}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	go p.read(stderr)
	h.t.Cleanup(func() { p.kill() })
	return p
}

func (p *botProcess) read(r io.Reader) {
	defer close(p.exited)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		out := append(bytes.Clone(line), '\n')
		if p.name != "" {
			out = append([]byte(p.name+": "), out...)
		}
		p.logs.Write(out)
		p.mu.Lock()
		if bytes.Contains(line, []byte(`"message handled"`)) {
			p.handled++
		}
		p.own.Write(out)
		close(p.progress)
		p.progress = make(chan struct{})
		p.mu.Unlock()
	}
}

// waitLog waits until the process has logged a line containing s.
func (p *botProcess) waitLog(ctx context.Context, s string) error {
	for {
		p.mu.Lock()
		found, progress := strings.Contains(p.own.String(), s), p.progress
		p.mu.Unlock()
		if found {
			return nil
		}
		select {
		case <-progress:
		case <-p.exited:
			return fmt.Errorf("exited before logging %q", s)
		case <-ctx.Done():
			return fmt.Errorf("no %q in its log: %w", s, ctx.Err())
		}
	}
}

func (p *botProcess) state() (int, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.handled, p.progress
}

// wait reaps the process once it is gone and returns how it exited. Wait
// closes the stderr pipe, so it waits for the reader to reach the end
// first: no last line is lost. Any number of callers may wait.
func (p *botProcess) wait() error {
	p.waitOnce.Do(func() {
		<-p.exited
		p.waitErr = p.cmd.Wait()
	})
	return p.waitErr
}

// kill sends SIGKILL and reaps the process.
func (p *botProcess) kill() {
	p.cmd.Process.Kill() // an error when it is gone already
	p.wait()
}

// stop sends SIGTERM and waits for a clean exit.
func (p *botProcess) stop() error {
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		p.kill()
		return fmt.Errorf("still running 15 s after SIGTERM")
	}
}

// kill -9 at random moments while 1,000 questions are queued across four
// conditions, two of them in an office-hours session that is running, and
// a crisis is posted now and then. The process is killed 20 times (100 in
// the long mode), each time after a random number of events (messages
// handled plus messages it posted) of its current life, so the kills land
// in triage, in the outbox's sends and in the session's posts alike; it is
// started again at once, with half the batches posted while it is down (so
// they come back through the history catch-up). In the end: every question
// stored exactly once, every question and every crisis answered exactly
// once, every job done, and PRAGMA integrity_check ok after every kill.
func TestFaultKill9WhileQueueing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it 20 times")
	}
	t.Parallel()
	kills := reps(20, 100)
	const questions = 1000
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)

	bin := peerhoursBinary(t)
	h := newWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	h.ctx = ctx
	p := h.startProcess(bin)
	h.setup()
	var peers, offices []string
	var users []string
	for i, name := range []string{"Diabetes", "Asthma", "Lupus", "Migraine"} {
		_, peer, office, roleID := h.createCondition(name)
		peers = append(peers, peer.ID)
		offices = append(offices, office.ID)
		users = append(users, h.patients(10, roleID)...)
		if i < 2 {
			// The session runs while its questions arrive.
			got := text(h.command(h.doc, h.general, "officehours", "start", opt("condition", name)))
			if !strings.Contains(got, "are open") {
				t.Fatalf("/officehours start %s: %s", name, got)
			}
		}
	}
	crisisUsers := h.patients(kills, h.roleIDOf("Diabetes"))

	type question struct{ id, channel string }
	var asked []question
	var crises []string
	perRound := questions / kills
	posted := 0
	post := func(round int) {
		var batch []fakediscord.UserMessage
		for range perRound {
			i := posted + len(batch)
			c := i % len(peers)
			batch = append(batch, fakediscord.UserMessage{ChannelID: peers[c], AuthorID: users[c*10+(i/len(peers))%10],
				Content: fmt.Sprintf("how much insulin should I take before running? (q%04d)", i)})
		}
		batch = append(batch, fakediscord.UserMessage{ChannelID: peers[0], AuthorID: crisisUsers[round], Content: textEmergency})
		ms, err := h.dc.PostMessages(batch)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms[:perRound] {
			asked = append(asked, question{m.ID, m.ChannelID})
		}
		crises = append(crises, ms[perRound].ID)
		posted += perRound
	}

	began := time.Now()
	for round := range kills {
		if round%2 == 1 {
			post(round) // while the bot is down: only history has them
			p = h.startProcess(bin)
		} else {
			if round > 0 {
				p = h.startProcess(bin)
			}
			post(round)
		}
		// Kill after a random number of this life's events. Each batch
		// brings at least perRound receipts to send, so the number is
		// always reached.
		target := 1 + rng.IntN(perRound)
		seen := len(h.dc.Calls())
		events := func() int {
			n, _ := p.state()
			for _, c := range h.dc.CallsSince(seen) {
				if c.Method == "POST" && c.Route == "POST /channels/{id}/messages" {
					n++
				}
			}
			return n
		}
		for events() < target {
			_, progress := p.state()
			select {
			case <-progress:
			case <-h.dc.Changed():
			case <-h.ctx.Done():
				t.Fatalf("round %d: %d of %d events\nlogs:\n%s", round, events(), target, h.logs)
			}
		}
		p.kill()
		integrityOK(t, h.env["DATABASE_PATH"])
		t.Logf("round %d: killed after %d events at %v", round, target, time.Since(began).Round(time.Millisecond))
	}

	// The last life finishes the work. The replies are followed through
	// the call log, incrementally: scanning every channel at each change
	// would cost more than the bot's work.
	p = h.startProcess(bin)
	replied := map[string]int{}
	cursor := 0
	follow := func() {
		for _, c := range h.dc.CallsSince(cursor) {
			cursor++
			if id, ok := repliedTo(c); ok {
				replied[id]++
			}
		}
	}
	missing := func() int {
		n := 0
		for _, q := range asked {
			if replied[q.id] == 0 {
				n++
			}
		}
		for _, id := range crises {
			if replied[id] == 0 {
				n++
			}
		}
		return n
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { follow(); return missing() == 0 }); err != nil {
		db := h.rawDB()
		var nq, nd int
		db.QueryRow(`SELECT count(*) FROM questions`).Scan(&nq)
		db.QueryRow(`SELECT count(*) FROM triage_decisions`).Scan(&nd)
		rows, _ := db.Query(`SELECT kind, count(*), min(due_at), max(attempts), max(last_error), sum(claimed_until > 0) FROM jobs WHERE done_at = 0 GROUP BY kind`)
		for rows != nil && rows.Next() {
			var kind, lastErr string
			var n, due, att, claimed int64
			rows.Scan(&kind, &n, &due, &att, &lastErr, &claimed)
			t.Logf("pending %s: %d, first due %v, attempts ≤ %d, claimed %d, last error %q", kind, n, time.UnixMilli(due), att, claimed, lastErr)
		}
		t.Logf("%d questions, %d decisions stored; now %v", nq, nd, time.Now())
		t.Fatalf("%d questions and crises still unanswered in the end: %v\n%s", missing(), err, tail(h.logs.String(), 60))
	}
	for _, id := range crises {
		h.botMessage(h.alerts, func(m *discordgo.Message) bool { return strings.Contains(text(m), id) })
	}
	t.Logf("all answered at %v", time.Since(began).Round(time.Millisecond))
	if err := p.stop(); err != nil {
		t.Errorf("last life: %v", err)
	}
	integrityOK(t, h.env["DATABASE_PATH"])

	// Count the bot's replies in each channel once.
	replies := map[string]int{}
	for _, ch := range peers {
		for _, m := range h.botMessages(ch) {
			if m.MessageReference != nil {
				replies[m.MessageReference.MessageID]++
			}
		}
	}
	alerts := map[string]int{}
	for _, m := range h.botMessages(h.alerts) {
		for _, id := range crises {
			if len(m.Embeds) > 0 && strings.Contains(text(m), id) {
				alerts[id]++
			}
		}
	}
	db := h.rawDB()
	lost, twice := 0, 0
	for _, q := range asked {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM questions WHERE source_message_id = ?`, q.id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			lost++
		}
		if r := replies[q.id]; r > 1 {
			twice++
			t.Errorf("question %s answered %d times", q.id, r)
		}
	}
	for _, id := range crises {
		if r, a := replies[id], alerts[id]; r != 1 || a != 1 {
			twice++
			t.Errorf("crisis %s: %d replies, %d alerts", id, r, a)
		}
	}
	// Each question is posted in its session's channel at most once.
	for _, office := range offices {
		items := map[string]int{}
		for _, m := range h.items(office) {
			if i := strings.Index(text(m), "(q"); i >= 0 {
				items[text(m)[i:i+7]]++
			}
		}
		for tag, n := range items {
			if n > 1 {
				twice++
				t.Errorf("%s posted %d times in the session", tag, n)
			}
		}
	}
	var pending int
	if err := db.QueryRow(`SELECT count(*) FROM jobs WHERE done_at = 0 AND kind IN ('crisis_reply', 'alert', 'receipt')`).Scan(&pending); err != nil {
		t.Fatal(err)
	}
	if pending > 0 {
		t.Errorf("%d crisis replies, alerts or receipts still pending", pending)
	}
	if lost > 0 {
		t.Errorf("%d of %d questions lost", lost, len(asked))
	}
	t.Logf("%d kills (seed %d): %d questions, %d crises; %d lost, %d handled twice, integrity ok after every kill",
		kills, seed, len(asked), len(crises), lost, twice)
	h.checkNoPingByAccident()
}

func (h *harness) roleIDOf(name string) string {
	r, ok := h.dc.RoleByName(h.guild, name)
	if !ok {
		h.t.Fatalf("no role %s", name)
	}
	return r.ID
}

// repliedTo is the message a call posted a reply to, if it did.
func repliedTo(c fakediscord.Call) (string, bool) {
	if c.Route != "POST /channels/{id}/messages" || c.Status != 200 {
		return "", false
	}
	var body struct {
		Ref *struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if c.Decode(&body) != nil || body.Ref == nil {
		return "", false
	}
	return body.Ref.MessageID, true
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
