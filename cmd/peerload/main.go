// Command peerload measures peerhours under load. It builds the bot from
// ./cmd/peerhours, runs it as a process of its own (so its RSS and heap
// are its own) against the Discord emulator (internal/fakediscord) over
// loopback, and reports:
//
//   - the ceiling: a bare discordgo client that only decodes and counts
//     MESSAGE_CREATE events, run as a process of its own (peerload started
//     again with -bare-client) against an identical world (the same server,
//     roles, channels and members), fed the same messages as fast as the
//     emulator can send them;
//   - the bot's handled rate for the same messages (triaged and stored: a
//     row in triage_decisions each), and its ratio to the ceiling. Every
//     patient has joined their condition group (accepted the guidelines),
//     so the text of every message is stored for summaries too;
//   - CPU time per message of both processes (from /proc/<pid>/stat), and
//     their ratio, which does not move with what else the host runs;
//   - the host's load average before each measured phase. A throughput
//     ratio is reported only when the 1-minute load average was under
//     -max-load (default 1.5) before both phases; otherwise it is withheld
//     and only the CPU-per-message ratio is given;
//   - with -hang (the default), the bot's handled rate and memory again in
//     a world of its own with an LLM configured that never answers (a fake
//     OpenAI-compatible server in this process), and what that LLM costs:
//     its rate and its CPU per message ÷ the no-LLM bot's. A single burst
//     a world, minutes apart, moves that ratio ±12% with the host, so both
//     bots stay up after their first bursts (each idle while the other is
//     measured) and peerload alternates -pairs (default 4) further bursts
//     of -n messages, no LLM then LLM hanging, each pair adjacent in time;
//     the table gives the median of the pairs' ratios beside every pair's
//     (the rate's withheld when the host was busy before any of their
//     bursts), and the hanging bot's RSS after its last burst, which must
//     stay bounded.
//     Before every measured burst, each bot's outbox (the receipts and
//     threads a burst leaves, sent at the REST limit's 40 a second) is
//     drained, so that a burst starts as the first did and nothing else
//     sends while it is measured. -pairs 0 compares the first bursts;
//   - a paced run at -rate messages a second with 1% slash commands:
//     interaction acknowledgement p50/p99, emergency (crisis) reply p99,
//     REST requests a second, RSS and heap;
//   - with -postgres, the bot without an LLM once more, on PostgreSQL,
//     beside SQLite in the same run: on a fresh, empty database
//     (peerload_<pid>) on a server peerload starts (auto: as
//     internal/pgtest starts the tests' own, from the installed binaries)
//     or on the one a postgres:// URL names, dropped after unless -keep;
//     the same world, messages, burst and paced run, decisions counted
//     through pgx. Beside SQLite's, the table gives its handled rate, the
//     bot's CPU per message and, on a server peerload started, the
//     server's own (all its processes, from /proc), interaction ack and
//     emergency reply p50/p99, and RSS after the burst. With auto and no
//     PostgreSQL installed, a line says so and those rows are left out;
//   - RSS and heap with -guilds synthetic servers;
//   - with -cpuprofile FILE, a CPU profile of the bot over its first burst
//     without an LLM on SQLite (the bot is then built with -tags pprof,
//     which serves /debug/pprof/ beside /metrics; the release build does
//     not); with -trace FILE, an execution trace over the same burst (go
//     tool trace), which shows what waits on what.
//
// The message mix is about 90% chat, 7% peer questions, 2.5% clinical
// questions and 0.5% emergencies, across four condition channels. Targets
// are printed beside the figures, not asserted. Run it from the module
// root:
//
//	go run ./cmd/peerload
//
// It talks only to 127.0.0.1 (and to the PostgreSQL server a -postgres URL
// names) and stops by itself.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/openaitest"
)

type options struct {
	n, paced, rate, guilds int
	bin                    string
	keep                   bool
	maxLoad                float64
	hang                   bool
	pairs                  int
	postgres               string
	consent                bool
	settle                 time.Duration
	cpuprofile             string
	trace                  string
}

func main() {
	var o options
	var bare bareOptions
	flag.IntVar(&o.n, "n", 20000, "messages for the throughput runs (bare client and bot)")
	flag.IntVar(&o.paced, "paced", 20000, "messages for the paced run")
	flag.IntVar(&o.rate, "rate", 2000, "messages a second in the paced run")
	flag.IntVar(&o.guilds, "guilds", 1000, "synthetic servers for the RSS run (0 skips it)")
	flag.StringVar(&o.bin, "bin", "", "a built peerhours binary (default: go build ./cmd/peerhours)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (databases, logs) and the PostgreSQL database on a server given to -postgres by URL")
	flag.Float64Var(&o.maxLoad, "max-load", 1.5, "the host's 1-minute load average above which no throughput ratio is reported")
	flag.BoolVar(&o.hang, "hang", true, "measure the bot's throughput again with an LLM that never answers")
	flag.IntVar(&o.pairs, "pairs", 4, "with -hang, pairs of bursts alternating between the bots without and with the LLM, for the ratio of their rates (0: the two first bursts' ratio)")
	flag.StringVar(&o.postgres, "postgres", "", "measure the bot without an LLM again on PostgreSQL, on a fresh database on this server: auto (one peerload starts, as internal/pgtest does) or the postgres:// URL of a role that may create databases; the database is dropped after unless -keep")
	flag.BoolVar(&o.consent, "consent", true, "patients join their groups first, so their text is stored")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the bot during the throughput run to this file (peerload builds the bot with -tags pprof; a -bin must be built so too)")
	flag.StringVar(&o.trace, "trace", "", "write an execution trace of the bot during the throughput run to this file (built as for -cpuprofile; instead of it)")
	flag.DurationVar(&o.settle, "settle", 90*time.Second, "how long to wait before each measured phase for the load average to fall under -max-load")
	flag.BoolVar(&bare.on, "bare-client", false, "(internal) run as the bare discordgo client against -api")
	flag.StringVar(&bare.api, "api", "", "(internal) the emulator's base URL, for -bare-client")
	flag.StringVar(&bare.token, "token", "", "(internal) the bot token, for -bare-client")
	flag.Parse()
	if bare.on {
		if err := bareClient(bare, o.n); err != nil {
			fmt.Fprintln(os.Stderr, "peerload -bare-client:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "peerload:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	dir, err := os.MkdirTemp("", "peerload-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	} else {
		fmt.Println("working directory:", dir)
	}
	bin := o.bin
	if bin == "" {
		bin = filepath.Join(dir, "peerhours")
		fmt.Println("building ./cmd/peerhours …")
		args := []string{"build", "-o", bin}
		if o.cpuprofile != "" || o.trace != "" {
			args = append(args, "-tags", "pprof")
		}
		build := exec.Command("go", append(args, "./cmd/peerhours")...)
		build.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	fmt.Printf("machine: %d CPUs, %s\n", runtime.NumCPU(), cpuModel())
	fmt.Printf("load average at the start: %s\n", loadAverage())

	self, err := os.Executable()
	if err != nil {
		return err
	}
	// PostgreSQL first, so that a server that cannot be had stops the run
	// before it has measured anything.
	pg, err := startPostgres(o.postgres)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if pg != nil {
		defer pg.close()
	}
	ceilingLoad := waitQuiet(o.maxLoad, o.settle)
	ceiling, err := bareCeiling(o.n, self)
	if err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	fmt.Printf("ceiling (bare discordgo process, decode and count): %d events in %v = %.0f events/s, %.0f µs CPU a message (load before: %s)\n",
		o.n, ceiling.took.Round(time.Millisecond), ceiling.rate(), ceiling.cpuPerMessage(), ceilingLoad)

	r, hung, err := llmRuns(o, bin, dir)
	if err != nil {
		return err
	}
	var onPG botResult
	if pg != nil {
		if onPG, err = postgresRun(o, bin, filepath.Join(dir, "postgres"), pg); err != nil {
			return fmt.Errorf("bot on PostgreSQL: %w", err)
		}
	}
	var g guildsResult
	if o.guilds > 0 {
		if g, err = guildsRun(o, bin, dir); err != nil {
			return fmt.Errorf("guilds: %w", err)
		}
	}
	report(o, ceiling, ceilingLoad, r, hung, onPG, g)
	return nil
}

// The host's load, which moves every throughput figure taken on it.

// load is /proc/loadavg's first three fields.
type load struct{ one, five, fifteen float64 }

func (l load) String() string { return fmt.Sprintf("%.2f %.2f %.2f", l.one, l.five, l.fifteen) }

func loadAverage() load {
	var l load
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscanf(string(b), "%f %f %f", &l.one, &l.five, &l.fifteen)
	}
	return l
}

// waitQuiet waits up to settle for the 1-minute load average to fall under
// max (the phase before this one raised it) and returns the load then.
func waitQuiet(max float64, settle time.Duration) load {
	deadline := time.Now().Add(settle)
	l := loadAverage()
	for l.one >= max && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		l = loadAverage()
	}
	return l
}

// cpuTime is a process's user and system CPU time so far.
func cpuTime(pid int) time.Duration {
	st, _ := readStat(pid)
	return st.cpu
}

// procStat is what peerload reads of /proc/<pid>/stat.
type procStat struct {
	ppid   int
	cpu    time.Duration // user and system time
	reaped time.Duration // of its children that have exited and been waited for
}

// readStat reads a process's /proc/<pid>/stat (times in clock ticks of
// 10 ms).
func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, false
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(b), ") ")
	if !ok {
		return procStat{}, false
	}
	f := strings.Fields(rest)
	if len(f) < 15 {
		return procStat{}, false
	}
	ticks := func(i int) time.Duration {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		return time.Duration(n) * 10 * time.Millisecond
	}
	ppid, _ := strconv.Atoi(f[1])
	return procStat{ppid: ppid, cpu: ticks(11) + ticks(12), reaped: ticks(13) + ticks(14)}, true
}

// The world: one server with four conditions, a moderator, a clinician and
// enough patients that emergencies come from different people.

var conditions = []string{"Diabetes", "Asthma", "Long COVID", "Lupus"}

const patientsPerCondition = 250

type world struct {
	dc      *fakediscord.Server
	guild   string
	owner   string
	mod     string
	doc     string
	general string
	peers   []string            // peer channel per condition
	members map[string][]string // channel → its patients
}

func newEmulator() (*fakediscord.Server, error) {
	return fakediscord.New(fakediscord.Options{PrivilegedIntents: discordgo.IntentMessageContent, Now: time.Now})
}

// baseWorld makes the server, its roles and channels and the patients; the
// condition channels are plain channels until the bot creates real ones
// (for the bare client they are all it needs).
func baseWorld(dc *fakediscord.Server) (*world, error) {
	g, err := dc.AddGuild(fakediscord.GuildSpec{Name: "Peer Support", BotPermissions: 386815740944 | discordgo.PermissionCreatePrivateThreads})
	if err != nil {
		return nil, err
	}
	w := &world{dc: dc, guild: g.ID, owner: g.OwnerID, members: map[string][]string{}}
	mod, err := dc.AddRole(g.ID, fakediscord.RoleSpec{Name: "Moderators"})
	if err != nil {
		return nil, err
	}
	doc, err := dc.AddRole(g.ID, fakediscord.RoleSpec{Name: "Clinicians"})
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"general", "alerts", "review"} {
		ch, err := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: name})
		if err != nil {
			return nil, err
		}
		if name == "general" {
			w.general = ch.ID
		}
	}
	m, err := dc.AddMember(g.ID, fakediscord.MemberSpec{Username: "morgan", Roles: []string{mod.ID}})
	if err != nil {
		return nil, err
	}
	w.mod = m.User.ID
	m, err = dc.AddMember(g.ID, fakediscord.MemberSpec{Username: "drlee", Roles: []string{doc.ID}})
	if err != nil {
		return nil, err
	}
	w.doc = m.User.ID
	return w, nil
}

// bareConditions gives the bare client's world what the bot's /condition
// create makes for each condition (a category, a role, a peer channel and
// an office-hours channel), so both are sent the same GUILD_CREATE and
// the same members.
func (w *world) bareConditions() error {
	for i, name := range conditions {
		slug := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
		cat, err := w.dc.AddChannel(w.guild, fakediscord.ChannelSpec{Name: name, Type: discordgo.ChannelTypeGuildCategory})
		if err != nil {
			return err
		}
		role, err := w.dc.AddRole(w.guild, fakediscord.RoleSpec{Name: name})
		if err != nil {
			return err
		}
		ch, err := w.dc.AddChannel(w.guild, fakediscord.ChannelSpec{Name: slug, ParentID: cat.ID})
		if err != nil {
			return err
		}
		if _, err := w.dc.AddChannel(w.guild, fakediscord.ChannelSpec{Name: slug + "-office-hours", ParentID: cat.ID}); err != nil {
			return err
		}
		w.peers = append(w.peers, ch.ID)
		if err := w.addPatients(ch.ID, role.ID, i); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) addPatients(channelID, roleID string, prefix int) error {
	for i := range patientsPerCondition {
		spec := fakediscord.MemberSpec{Username: fmt.Sprintf("p%d_%03d", prefix, i)}
		if roleID != "" {
			spec.Roles = []string{roleID}
		}
		m, err := w.dc.AddMember(w.guild, spec)
		if err != nil {
			return err
		}
		w.members[channelID] = append(w.members[channelID], m.User.ID)
	}
	return nil
}

// The mix.

var (
	chatTexts = []string{
		"thanks everyone, feeling better today", "ugh, another bad night", "good morning all",
		"my cat sat on my keyboard again lol", "does anyone watch the new series?", "sending hugs",
		"just got back from a walk, lovely weather", "I made that soup recipe, it was great",
		"haha same here", "rough day at work but managing", "welcome to the group!",
		"I'm going to try the breathing app tonight", "congrats on the new job!",
	}
	peerTexts = []string{
		"how do you all deal with needle fatigue?", "anyone else find cold air makes it worse?",
		"what do you pack for a long flight?", "how do you explain this to your boss?",
		"any tips for sleeping through the night?",
	}
	clinicalTexts = []string{
		"how much insulin should I take before running?", "should I change my inhaler dose?",
		"is it normal to feel dizzy after a dose change?", "my HbA1c came back at 9, what does that mean?",
	}
	emergencyTexts = []string{"I took 30 pills", "I want to kill myself", "crushing chest pain and my left arm is numb"}
)

type kind int

const (
	chat kind = iota
	peerQ
	clinicalQ
	emergencyQ
	interaction
)

// pick draws from the mix: per 1,000 events 10 slash commands, and of the
// 990 messages 5 emergencies, 25 clinical, 70 peer, the rest chat.
func pick(r *rand.Rand) kind {
	switch x := r.IntN(1000); {
	case x < 10:
		return interaction
	case x < 15:
		return emergencyQ
	case x < 40:
		return clinicalQ
	case x < 110:
		return peerQ
	}
	return chat
}

type gen struct {
	w      *world
	r      *rand.Rand
	next   map[string]int // channel → next emergency author
	offset int
}

func (g *gen) message(k kind) fakediscord.UserMessage {
	ch := g.w.peers[g.r.IntN(len(g.w.peers))]
	users := g.w.members[ch]
	var text string
	author := users[g.r.IntN(len(users))]
	switch k {
	case emergencyQ:
		text = emergencyTexts[g.r.IntN(len(emergencyTexts))]
		// One crisis reply per person and channel in 30 minutes: each
		// emergency from someone new, so each gets its reply.
		author = users[(g.offset+g.next[ch])%len(users)]
		g.next[ch]++
	case clinicalQ:
		text = clinicalTexts[g.r.IntN(len(clinicalTexts))]
	case peerQ:
		text = peerTexts[g.r.IntN(len(peerTexts))]
	default:
		text = chatTexts[g.r.IntN(len(chatTexts))]
	}
	return fakediscord.UserMessage{ChannelID: ch, AuthorID: author, Content: text}
}

// The ceiling.

type throughput struct {
	n         int
	took      time.Duration
	cpu       time.Duration // the process's CPU time over the run
	serverCPU time.Duration // the database server's, when it is a server of peerload's
}

func (t throughput) rate() float64 { return float64(t.n) / t.took.Seconds() }

// cpuPerMessage is CPU microseconds a message.
func (t throughput) cpuPerMessage() float64 {
	return float64(t.cpu.Microseconds()) / float64(max(t.n, 1))
}

func (t throughput) serverCPUPerMessage() float64 {
	return float64(t.serverCPU.Microseconds()) / float64(max(t.n, 1))
}

// bareCeiling runs the bare client as a process of its own (peerload
// -bare-client), so that it and the emulator do not share a Go runtime,
// as the bot and the emulator do not, and times n messages through it.
func bareCeiling(n int, self string) (throughput, error) {
	dc, err := newEmulator()
	if err != nil {
		return throughput{}, err
	}
	defer dc.Close()
	w, err := baseWorld(dc)
	if err != nil {
		return throughput{}, err
	}
	if err := w.bareConditions(); err != nil {
		return throughput{}, err
	}
	cmd := exec.Command(self, "-bare-client", "-api", dc.URL(), "-token", dc.Token(), "-n", strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return throughput{}, err
	}
	if err := cmd.Start(); err != nil {
		return throughput{}, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	wait := func(want string) error {
		select {
		case l, ok := <-lines:
			if !ok || l != want {
				return fmt.Errorf("the bare client said %q, want %q", l, want)
			}
			return nil
		case <-time.After(5 * time.Minute):
			return fmt.Errorf("the bare client did not say %q", want)
		}
	}
	if err := wait("ready"); err != nil {
		return throughput{}, err
	}
	g := &gen{w: w, r: rand.New(rand.NewPCG(1, 2)), next: map[string]int{}}
	msgs := make([]fakediscord.UserMessage, 0, n)
	for len(msgs) < n {
		if k := pick(g.r); k != interaction {
			msgs = append(msgs, g.message(k))
		}
	}
	cpu0 := cpuTime(cmd.Process.Pid)
	start := time.Now()
	for b := 0; b < n; b += 500 {
		if _, err := dc.PostMessages(msgs[b:min(b+500, n)]); err != nil {
			return throughput{}, err
		}
	}
	if err := wait("done"); err != nil {
		return throughput{}, err
	}
	return throughput{n: n, took: time.Since(start), cpu: cpuTime(cmd.Process.Pid) - cpu0}, nil
}

type bareOptions struct {
	on         bool
	api, token string
}

// bareClient is the ceiling's process: a discordgo session (state on, as a
// bot has it) that decodes and counts MESSAGE_CREATE events. It prints
// "ready" once connected and "done" after n events.
func bareClient(o bareOptions, n int) error {
	base, err := url.Parse(o.api)
	if err != nil {
		return err
	}
	s, err := discordgo.New("Bot " + o.token)
	if err != nil {
		return err
	}
	s.Client = &http.Client{Timeout: 30 * time.Second, Transport: rewrite{base: base}}
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
	s.LogLevel = -1
	var count atomic.Int64
	done := make(chan struct{})
	var once sync.Once
	ready := make(chan struct{})
	var readyOnce sync.Once
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.GuildCreate) { readyOnce.Do(func() { close(ready) }) })
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		if count.Add(1) == int64(n) {
			once.Do(func() { close(done) })
		}
	})
	if err := s.Open(); err != nil {
		return err
	}
	defer s.Close()
	select {
	case <-ready:
	case <-time.After(time.Minute):
		return errors.New("no GUILD_CREATE")
	}
	fmt.Println("ready")
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("counted %d of %d events", count.Load(), n)
	}
	fmt.Println("done")
	return nil
}

// rewrite sends every request to the emulator, as DISCORD_API_URL does.
type rewrite struct{ base *url.URL }

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.base.Scheme, t.base.Host, t.base.Host
	return http.DefaultTransport.RoundTrip(r2)
}

// The bot.

type botProc struct {
	cmd      *exec.Cmd
	httpAddr string
	mu       sync.Mutex
	gcHeap   float64 // MB live after the last GC (GODEBUG=gctrace=1)
	gcMax    float64
	exited   chan struct{}
}

var gcLine = regexp.MustCompile(`->(\d+)->(\d+) MB`)

func startBot(bin, dir string, dc *fakediscord.Server, guildIDs string, logFile string, extraEnv ...string) (*botProc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p := &botProc{httpAddr: addr, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "run")
	p.cmd.Dir = dir
	p.cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"DISCORD_TOKEN=" + dc.Token(),
		"DISCORD_API_URL=" + dc.URL(),
		"DISCORD_GUILD_IDS=" + guildIDs,
		"HTTP_ADDR=" + addr,
		"LOG_LEVEL=info",
		"LOG_FORMAT=json",
		"GODEBUG=gctrace=1",
	}
	p.cmd.Env = append(p.cmd.Env, extraEnv...)
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		defer close(p.exited)
		defer log.Close()
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "gc ") {
				if m := gcLine.FindStringSubmatch(line); m != nil {
					live, _ := strconv.ParseFloat(m[2], 64)
					p.mu.Lock()
					p.gcHeap = live
					p.gcMax = max(p.gcMax, live)
					p.mu.Unlock()
				}
				continue
			}
			fmt.Fprintln(log, line)
		}
	}()
	return p, nil
}

func (p *botProc) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	<-p.exited
}

// memory is what the kernel and the Go runtime say about the process.
type memory struct {
	rss, hwm  float64 // MiB: resident now, and its peak
	heap      float64 // MiB: heap in use (from /metrics), or live after GC
	heapFrom  string
	heapPeak  float64
	goroutine int
}

func (p *botProc) memory() memory {
	var m memory
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			kb, _ := strconv.ParseFloat(f[1], 64)
			switch f[0] {
			case "VmRSS:":
				m.rss = kb / 1024
			case "VmHWM:":
				m.hwm = kb / 1024
			}
		}
	}
	if v, ok := scrape(p.httpAddr, "go_memstats_heap_inuse_bytes"); ok {
		m.heap, m.heapFrom = v/(1<<20), "/metrics heap_inuse"
		if g, ok := scrape(p.httpAddr, "go_goroutines"); ok {
			m.goroutine = int(g)
		}
	} else {
		p.mu.Lock()
		m.heap, m.heapFrom = p.gcHeap*1e6/(1<<20), "gctrace live heap"
		p.mu.Unlock()
	}
	p.mu.Lock()
	m.heapPeak = p.gcMax * 1e6 / (1 << 20)
	p.mu.Unlock()
	return m
}

// scrape reads one gauge from the bot's /metrics, when it serves one.
func scrape(addr, name string) (float64, bool) {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return 0, false
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == name {
			v, err := strconv.ParseFloat(f[1], 64)
			return v, err == nil
		}
	}
	return 0, false
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// The LLM the bot is given.
type llmMode int

const (
	llmNone llmMode = iota // none configured: rules-only triage
	llmHang                // a fake that never answers
)

// botResult is a world's first measurement: its burst, and, in the world
// without an LLM, the paced run after it.
type botResult struct {
	load               load // before the burst
	joined             int  // patients who accepted the guidelines
	handled            throughput
	memAfterThroughput memory
	paced              pacedResult
}

// pacedResult is the paced run's figures.
type pacedResult struct {
	n                            int
	took                         time.Duration // to send them
	handled                      int
	done                         time.Duration // from the first message to the last handled
	acks                         []time.Duration
	ackRefused                   int
	crisis                       []time.Duration
	crisisSent                   int
	emergencies                  int
	restLimited, restInteraction int
	restWindow                   time.Duration
	rate429                      int
	mem                          memory // after it
}

// botWorld is one bot process in a world of its own: an emulator whose
// server the bot set up through its commands, with every patient joined.
// It stays up between measurements, so that two worlds can be measured in
// turn.
type botWorld struct {
	name      string // how its lines are labelled
	dc        *fakediscord.Server
	w         *world
	p         *botProc
	db        *sql.DB              // the bot's database, read to count what it decided
	serverCPU func() time.Duration // the database server's CPU so far, when peerload can read it
	msgs      *gen                 // the bursts' messages: each burst continues the last
	joined    int
	closers   []func() // run last first by close
}

// newBotWorld starts the bot in a new world, keeping its data in st, and
// sets the world up.
func newBotWorld(o options, bin, dir string, llm llmMode, st store) (_ *botWorld, err error) {
	b := &botWorld{name: "bot" + llm.suffix() + " on " + st.name, serverCPU: st.serverCPU}
	defer func() {
		if err != nil {
			b.close()
		}
	}()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if b.dc, err = newEmulator(); err != nil {
		return nil, err
	}
	b.closers = append(b.closers, func() { b.dc.Close() })
	if b.w, err = baseWorld(b.dc); err != nil {
		return nil, err
	}
	env := slices.Clone(st.env)
	if llm == llmHang {
		fake := openaitest.New(openaitest.Options{Default: &openaitest.Reply{Hang: true}})
		b.closers = append(b.closers, fake.Close)
		env = append(env, "OPENAI_BASE_URL="+fake.URL(), "OPENAI_API_KEY=sk-peerload", "LLM_TIMEOUT=60s")
	}
	if b.p, err = startBot(bin, dir, b.dc, b.w.guild, filepath.Join(dir, "bot.log"), env...); err != nil {
		return nil, err
	}
	b.closers = append(b.closers, b.p.stop)
	if err := b.setUp(o.consent); err != nil {
		return nil, err
	}
	if b.db, err = sql.Open(st.driver, st.dsn); err != nil {
		return nil, err
	}
	b.closers = append(b.closers, func() { b.db.Close() })
	// Every world's first burst is the ceiling's messages.
	b.msgs = &gen{w: b.w, r: rand.New(rand.NewPCG(1, 2)), next: map[string]int{}}
	return b, nil
}

// close stops the bot and its world.
func (b *botWorld) close() {
	for i := len(b.closers) - 1; i >= 0; i-- {
		b.closers[i]()
	}
	b.closers = nil
}

// setUp waits for the bot to register its commands, then runs /setup,
// creates the conditions, adds their patients, and, with consent, has
// every patient join their group.
func (b *botWorld) setUp(consent bool) error {
	dc, w := b.dc, b.w
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := dc.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Route == "PUT /applications/{app}/guilds/{g}/commands" && c.Status == 200
	}); err != nil {
		return fmt.Errorf("the bot never registered its commands: %w", err)
	}
	commandMsg := func(user, name, sub string, opts ...fakediscord.Option) (*discordgo.Message, error) {
		i, err := dc.RunCommand(fakediscord.SlashCommand{ChannelID: w.general, UserID: user, Name: name, Subcommand: sub, Options: opts})
		if err != nil {
			return nil, err
		}
		return i.WaitReply(ctx)
	}
	alerts, _ := dc.ChannelByName(w.guild, "alerts")
	review, _ := dc.ChannelByName(w.guild, "review")
	modRole, _ := dc.RoleByName(w.guild, "Moderators")
	docRole, _ := dc.RoleByName(w.guild, "Clinicians")
	if _, err := commandMsg(w.owner, "setup", "", fakediscord.Option{Name: "moderator_role", Value: modRole.ID},
		fakediscord.Option{Name: "clinician_role", Value: docRole.ID}, fakediscord.Option{Name: "review_channel", Value: review.ID},
		fakediscord.Option{Name: "alert_channel", Value: alerts.ID}, fakediscord.Option{Name: "timezone", Value: "Europe/Berlin"}); err != nil {
		return fmt.Errorf("/setup: %w", err)
	}
	for i, name := range conditions {
		if _, err := commandMsg(w.mod, "condition", "create", fakediscord.Option{Name: "name", Value: name}); err != nil {
			return fmt.Errorf("/condition create: %w", err)
		}
		ch, ok := dc.ChannelByName(w.guild, strings.ToLower(strings.ReplaceAll(name, " ", "-")))
		role, ok2 := dc.RoleByName(w.guild, name)
		if !ok || !ok2 {
			return fmt.Errorf("condition %s was not created", name)
		}
		w.peers = append(w.peers, ch.ID)
		if err := w.addPatients(ch.ID, role.ID, i); err != nil {
			return err
		}
	}
	if !consent {
		return nil
	}
	// Every patient joins their group and accepts the guidelines, so what
	// they write is kept for summaries (the bot stores it in the
	// decision's group commit). Eight at a time.
	fmt.Printf("%d patients joining their groups …\n", patientsPerCondition*len(conditions))
	var joined atomic.Int64
	var firstErr error
	var errOnce sync.Once
	work := make(chan [2]string)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if err := join(dc, ctx, w.general, j[0], j[1], commandMsg); err != nil {
					errOnce.Do(func() { firstErr = err })
					continue
				}
				joined.Add(1)
			}
		}()
	}
	for i, ch := range w.peers {
		for _, u := range w.members[ch] {
			work <- [2]string{u, conditions[i]}
		}
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return fmt.Errorf("/join: %w", firstErr)
	}
	b.joined = int(joined.Load())
	return nil
}

// count reads a count from the bot's database (while the bot writes it).
func (b *botWorld) count(query string, args ...any) int {
	var n int
	b.db.QueryRow(query, args...).Scan(&n)
	return n
}

func (b *botWorld) decided() int { return b.count(`SELECT count(*) FROM triage_decisions`) }

// burst posts the next n messages as fast as the emulator sends them and
// times them until the bot has decided every one (a row each in
// triage_decisions).
func (b *botWorld) burst(n int) (throughput, error) {
	msgs := make([]fakediscord.UserMessage, 0, n)
	for len(msgs) < n {
		if k := pick(b.msgs.r); k != interaction {
			msgs = append(msgs, b.msgs.message(k))
		}
	}
	base := b.decided()
	pid := b.p.cmd.Process.Pid
	cpu0, server0 := cpuTime(pid), b.serverCPUNow()
	start := time.Now()
	var last string
	for i := 0; i < n; i += 500 {
		posted, err := b.dc.PostMessages(msgs[i:min(i+500, n)])
		if err != nil {
			return throughput{}, err
		}
		last = posted[len(posted)-1].ID
	}
	// Counting every decision costs more as the table grows (a burst
	// after burst), so the count waits until the last message's decision
	// is in, which costs little.
	lastDecided := func() bool {
		return b.count(`SELECT count(*) FROM triage_decisions WHERE message_id = $1`, last) > 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := until(ctx, 20*time.Millisecond, func() bool { return lastDecided() && b.decided()-base >= n }); err != nil {
		return throughput{}, fmt.Errorf("%d of %d handled: %w", b.decided()-base, n, err)
	}
	return throughput{n: n, took: time.Since(start), cpu: cpuTime(pid) - cpu0, serverCPU: b.serverCPUNow() - server0}, nil
}

// serverCPUNow is the database server's CPU time so far, or 0.
func (b *botWorld) serverCPUNow() time.Duration {
	if b.serverCPU == nil {
		return 0
	}
	return b.serverCPU()
}

// drain waits, five minutes at most, until nothing is due in the bot's
// outbox: what a burst left (receipts, threads) goes out at the REST
// limit's pace, and would otherwise be sent while the next burst, in this
// world or another, is measured.
func (b *botWorld) drain() {
	pending := func() int {
		return b.count(`SELECT count(*) FROM jobs WHERE done_at = 0 AND due_at <= $1`, time.Now().UnixMilli())
	}
	n := pending()
	if n == 0 {
		return
	}
	fmt.Printf("%s: draining the outbox (%d jobs due) …\n", b.name, n)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if until(ctx, 250*time.Millisecond, func() bool { return pending() == 0 }) != nil {
		fmt.Printf("%s: %d jobs still due after five minutes; measuring anyway\n", b.name, pending())
	}
}

// ready readies the host for a measured burst: every live bot's outbox
// drained, then the load average given time to fall (waitQuiet). It
// returns the load then.
func ready(o options, live ...*botWorld) load {
	for _, b := range live {
		b.drain()
	}
	return waitQuiet(o.maxLoad, o.settle)
}

// firstRun measures a world's first burst (profiled when asked) and then,
// unless o.paced is 0, its paced run. live are the other worlds up beside
// it, drained first.
func firstRun(o options, bin string, b *botWorld, live []*botWorld, profile bool) (botResult, error) {
	r := botResult{joined: b.joined}
	r.load = ready(o, append(live, b)...)
	var profiled func()
	if profile {
		profiled = startProfile(o, bin, b.p)
	}
	var err error
	if r.handled, err = b.burst(o.n); err != nil {
		return r, fmt.Errorf("throughput: %w", err)
	}
	if profiled != nil {
		profiled()
	}
	r.memAfterThroughput = b.p.memory()
	fmt.Printf("%s handled (triaged and stored): %d in %v = %.0f events/s, %.0f µs CPU a message; %d texts stored; RSS %.0f MiB, %d goroutines; load after: %s\n",
		b.name, o.n, r.handled.took.Round(time.Millisecond), r.handled.rate(), r.handled.cpuPerMessage(), b.count(`SELECT count(*) FROM captured_messages`),
		r.memAfterThroughput.rss, r.memAfterThroughput.goroutine, loadAverage())
	if o.paced == 0 {
		return r, nil
	}
	// Let the outbox the burst left drain first, so the paced run
	// measures itself.
	b.drain()
	r.paced, err = b.pacedRun(o.rate, o.paced)
	return r, err
}

// startProfile starts a CPU profile (or an execution trace) of the bot
// over the burst about to start, when asked for, and returns what to call
// after the burst. The profile covers the burst: a second per 1,000
// messages at the ceiling's pace is ample, and the request returns when
// it ends.
func startProfile(o options, bin string, p *botProc) func() {
	profile, file := "profile", o.cpuprofile
	if o.trace != "" {
		profile, file = "trace", o.trace
	}
	if file == "" {
		return nil
	}
	profiled := make(chan error, 1)
	secs := max(2, o.n/4000)
	go func() { profiled <- fetchProfile(p.httpAddr, profile, secs, file) }()
	return func() {
		if err := <-profiled; err != nil {
			fmt.Println(profile+":", err)
		} else if profile == "trace" {
			fmt.Printf("execution trace of the bot during the burst: %s (go tool trace %s)\n", file, file)
		} else {
			fmt.Printf("cpu profile of the bot during the burst: %s (go tool pprof -top %s %s)\n", file, bin, file)
		}
	}
}

// pacedRun sends n messages at rate a second with 1% slash commands and
// measures how fast interactions are acknowledged and emergencies
// answered, and what the bot asks of Discord's REST API meanwhile.
func (b *botWorld) pacedRun(rate, n int) (pacedResult, error) {
	var r pacedResult
	dc, w := b.dc, b.w
	r2 := rand.New(rand.NewPCG(3, 4))
	g2 := &gen{w: w, r: r2, next: map[string]int{}, offset: patientsPerCondition / 2}
	emergencyAt := map[string]time.Time{}
	commandAt := map[string]time.Time{}
	seen := len(dc.Calls())
	base := b.decided()
	tick := 10 * time.Millisecond
	perTick := float64(rate) * tick.Seconds()
	sent, carry := 0, 0.0
	start := time.Now()
	next := start
	var cmdErrs int
	for sent < n {
		carry += perTick
		var batch []fakediscord.UserMessage
		var kinds []kind
		for ; carry >= 1 && sent+len(batch) < n; carry-- {
			k := pick(r2)
			if k == interaction {
				user := w.members[w.peers[0]][r2.IntN(patientsPerCondition)]
				sc := fakediscord.SlashCommand{ChannelID: w.general, UserID: user, Name: "help"}
				if r2.IntN(2) == 0 {
					sc = fakediscord.SlashCommand{ChannelID: w.general, UserID: user, Name: "queue", Subcommand: "show",
						Options: []fakediscord.Option{{Name: "condition", Value: conditions[0]}}}
				}
				at := time.Now()
				i, err := dc.RunCommand(sc)
				if err != nil {
					cmdErrs++
					continue
				}
				commandAt[i.Payload().ID] = at
				continue
			}
			batch = append(batch, g2.message(k))
			kinds = append(kinds, k)
		}
		at := time.Now()
		posted, err := dc.PostMessages(batch)
		if err != nil {
			return r, err
		}
		for i, m := range posted {
			if kinds[i] == emergencyQ {
				emergencyAt[m.ID] = at
			}
		}
		sent += len(batch)
		next = next.Add(tick)
		time.Sleep(time.Until(next))
	}
	r.n = sent
	r.took = time.Since(start)
	r.emergencies = len(emergencyAt)
	// Wait for the crisis replies and acknowledgements of this run (a few
	// seconds at most), then read the call log.
	deadline := time.Now().Add(30 * time.Second)
	var calls []fakediscord.Call
	for {
		calls = dc.CallsSince(seen)
		acks, crises := 0, 0
		for _, c := range calls {
			switch {
			case c.Route == "POST /interactions/{id}/{token}/callback":
				if _, ok := commandAt[c.Params["id"]]; ok {
					acks++
				}
			case c.Route == "POST /channels/{id}/messages" && c.Status == 200:
				if id := replyTarget(c); id != "" {
					if _, ok := emergencyAt[id]; ok {
						crises++
					}
				}
			}
		}
		if (acks >= len(commandAt) && crises >= len(emergencyAt)) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	hctx, hcancel := context.WithTimeout(context.Background(), 30*time.Second)
	until(hctx, 50*time.Millisecond, func() bool { return b.decided()-base >= sent })
	hcancel()
	r.handled = b.decided() - base
	r.done = time.Since(start)
	r.mem = b.p.memory()
	end := start.Add(r.took)
	crisisSeen := map[string]bool{}
	for _, c := range calls {
		if c.At.Before(start) {
			continue
		}
		inWindow := !c.At.After(end)
		isInteraction := strings.HasPrefix(c.Path, "/interactions/") || strings.HasPrefix(c.Path, "/webhooks/")
		if inWindow {
			if isInteraction {
				r.restInteraction++
			} else {
				r.restLimited++
			}
			if c.Status == http.StatusTooManyRequests {
				r.rate429++
			}
		}
		switch {
		case c.Route == "POST /interactions/{id}/{token}/callback":
			if at, ok := commandAt[c.Params["id"]]; ok {
				r.acks = append(r.acks, c.At.Sub(at))
				if c.Status >= 300 {
					r.ackRefused++
				}
			}
		case c.Route == "POST /channels/{id}/messages" && c.Status == 200:
			if id := replyTarget(c); id != "" && !crisisSeen[id] {
				if at, ok := emergencyAt[id]; ok {
					crisisSeen[id] = true
					r.crisis = append(r.crisis, c.At.Sub(at))
				}
			}
		}
	}
	r.restWindow = r.took
	r.crisisSent = len(r.crisis)
	slices.Sort(r.acks)
	slices.Sort(r.crisis)
	if cmdErrs > 0 {
		fmt.Printf("(%d slash commands could not be sent)\n", cmdErrs)
	}
	return r, nil
}

// The LLM's cost, measured in pairs.

// A pair is a burst without an LLM and the next with the LLM hanging,
// each on a host readied first. Adjacent in time, the two are moved alike
// by what else the host runs, so their ratio is the LLM's cost and not
// the host's minutes apart.
type pair struct {
	bot, hang         throughput
	botLoad, hangLoad load // before each
}

func (p pair) rateRatio() float64 { return p.hang.rate() / p.bot.rate() }
func (p pair) cpuRatio() float64  { return p.hang.cpuPerMessage() / p.bot.cpuPerMessage() }

// hangResult is the world with the LLM hanging: its first burst, the
// pairs measured after it, and its memory after its last burst.
type hangResult struct {
	first botResult
	pairs []pair
	last  memory
}

// llmRuns measures the bot without an LLM (a burst, then the paced run)
// and, with -hang, the bot with an LLM that never answers (a burst), then
// -pairs pairs of bursts alternating between the two, both bots up all
// along and idle while the other is measured.
func llmRuns(o options, bin, dir string) (botResult, hangResult, error) {
	var h hangResult
	bot, err := newBotWorld(o, bin, filepath.Join(dir, "bot"), llmNone, sqliteStore(filepath.Join(dir, "bot")))
	if err != nil {
		return botResult{}, h, fmt.Errorf("bot: %w", err)
	}
	defer bot.close()
	r, err := firstRun(o, bin, bot, nil, true)
	if err != nil || !o.hang {
		return r, h, err
	}
	hang, err := newBotWorld(o, bin, filepath.Join(dir, "hang"), llmHang, sqliteStore(filepath.Join(dir, "hang")))
	if err != nil {
		return r, h, fmt.Errorf("bot with the LLM hanging: %w", err)
	}
	defer hang.close()
	ho := o
	ho.paced = 0
	if h.first, err = firstRun(ho, bin, hang, []*botWorld{bot}, false); err != nil {
		return r, h, fmt.Errorf("bot with the LLM hanging: %w", err)
	}
	for i := range o.pairs {
		var p pair
		p.botLoad = ready(o, bot, hang)
		if p.bot, err = bot.burst(o.n); err != nil {
			return r, h, fmt.Errorf("pair %d, bot: %w", i+1, err)
		}
		p.hangLoad = ready(o, bot, hang)
		if p.hang, err = hang.burst(o.n); err != nil {
			return r, h, fmt.Errorf("pair %d, bot with the LLM hanging: %w", i+1, err)
		}
		fmt.Printf("pair %d of %d: %.0f / %.0f events/s (hanging ÷ none %.2f), %.0f / %.0f µs CPU a message (%.2f); load before: %.2f / %.2f\n",
			i+1, o.pairs, p.bot.rate(), p.hang.rate(), p.rateRatio(), p.bot.cpuPerMessage(), p.hang.cpuPerMessage(), p.cpuRatio(), p.botLoad.one, p.hangLoad.one)
		h.pairs = append(h.pairs, p)
	}
	h.last = hang.p.memory()
	return r, h, nil
}

// fetchProfile saves the bot's CPU profile over the next secs seconds.
func fetchProfile(addr, profile string, secs int, file string) error {
	c := http.Client{Timeout: time.Duration(secs+30) * time.Second}
	resp, err := c.Get(fmt.Sprintf("http://%s/debug/pprof/%s?seconds=%d", addr, profile, secs))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s from /debug/pprof/%s (is the bot built with -tags pprof?)", resp.Status, profile)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (l llmMode) suffix() string {
	if l == llmHang {
		return " (LLM hanging)"
	}
	return ""
}

// join runs /join for a patient and accepts the guidelines when asked.
func join(dc *fakediscord.Server, ctx context.Context, channelID, user, condition string,
	command func(user, name, sub string, opts ...fakediscord.Option) (*discordgo.Message, error)) error {
	m, err := command(user, "join", "", fakediscord.Option{Name: "condition", Value: condition})
	if err != nil {
		return err
	}
	id := ""
	for _, row := range m.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok && strings.Contains(b.Label, "Accept") {
					id = b.CustomID
				}
			}
		}
	}
	if id == "" {
		return nil // already agreed
	}
	i, err := dc.ClickButton(fakediscord.ComponentClick{ChannelID: m.ChannelID, MessageID: m.ID, UserID: user, CustomID: id})
	if err != nil {
		return err
	}
	_, err = i.WaitReply(ctx)
	return err
}

func replyTarget(c fakediscord.Call) string {
	var body struct {
		Ref *struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if json.Unmarshal(c.RawBody, &body) != nil || body.Ref == nil {
		return ""
	}
	return body.Ref.MessageID
}

// until polls cond (for facts nothing announces: rows in another
// process's database).
func until(ctx context.Context, every time.Duration, cond func() bool) error {
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
	return nil
}

// The servers.

type guildsResult struct {
	guilds                  int
	channels, members       int
	mem                     memory
	ready                   time.Duration
	baselineRSS, baseHeapMB float64
}

func guildsRun(o options, bin, dir string) (guildsResult, error) {
	res := guildsResult{guilds: o.guilds}
	// The baseline: the same bot in one small server.
	base, err := settledMemory(bin, filepath.Join(dir, "base"), 1)
	if err != nil {
		return res, err
	}
	res.baselineRSS, res.baseHeapMB = base.mem.rss, base.mem.heap
	big, err := settledMemory(bin, filepath.Join(dir, "guilds"), o.guilds)
	if err != nil {
		return res, err
	}
	big.baselineRSS, big.baseHeapMB = res.baselineRSS, res.baseHeapMB
	return big, nil
}

// settledMemory starts the bot in n synthetic servers (each 12 channels,
// 6 roles, 25 members) and measures it once every GUILD_CREATE is in and
// its memory has settled.
func settledMemory(bin, dir string, n int) (guildsResult, error) {
	res := guildsResult{guilds: n}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	dc, err := newEmulator()
	if err != nil {
		return res, err
	}
	defer dc.Close()
	var first string
	for i := range n {
		g, err := dc.AddGuild(fakediscord.GuildSpec{Name: fmt.Sprintf("Server %d", i), BotPermissions: 386815740944})
		if err != nil {
			return res, err
		}
		if first == "" {
			first = g.ID
		}
		var roles []string
		for r := range 5 {
			role, err := dc.AddRole(g.ID, fakediscord.RoleSpec{Name: fmt.Sprintf("role%d", r)})
			if err != nil {
				return res, err
			}
			roles = append(roles, role.ID)
		}
		for c := range 12 {
			if _, err := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: fmt.Sprintf("channel-%d", c)}); err != nil {
				return res, err
			}
			res.channels++
		}
		for m := range 25 {
			if _, err := dc.AddMember(g.ID, fakediscord.MemberSpec{Username: fmt.Sprintf("u%d_%d", i, m), Roles: roles[:m%3]}); err != nil {
				return res, err
			}
			res.members++
		}
	}
	start := time.Now()
	p, err := startBot(bin, dir, dc, first, filepath.Join(dir, "bot.log"), sqliteStore(dir).env...)
	if err != nil {
		return res, err
	}
	defer p.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := dc.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Route == "PUT /applications/{app}/guilds/{g}/commands" && c.Status == 200
	}); err != nil {
		return res, errors.New("the bot never registered its commands")
	}
	res.ready = time.Since(start)
	// Settled: RSS moves less than 1% over two seconds.
	prev := p.memory()
	for range 30 {
		time.Sleep(2 * time.Second)
		cur := p.memory()
		if cur.rss-prev.rss < prev.rss/100 {
			prev = cur
			break
		}
		prev = cur
	}
	res.mem = prev
	return res, nil
}

// The report.

func report(o options, ceiling throughput, ceilingLoad load, r botResult, h hangResult, onPG botResult, g guildsResult) {
	ratio := r.handled.rate() / ceiling.rate()
	fmt.Println()
	fmt.Println("| figure | measured | target |")
	fmt.Println("|---|---|---|")
	fmt.Printf("| host load average (1, 5, 15 min) before the ceiling / the bot | %s / %s | 1 min < %.1f |\n", ceilingLoad, r.load, o.maxLoad)
	fmt.Printf("| ceiling: bare discordgo client (own process), decode and count | %.0f events/s, %.0f µs CPU a message | |\n", ceiling.rate(), ceiling.cpuPerMessage())
	fmt.Printf("| bot: handled (triaged and stored), %d messages as fast as they come, %d of %d patients consenting | %.0f events/s, %.0f µs CPU a message | |\n",
		r.handled.n, r.joined, patientsPerCondition*len(conditions), r.handled.rate(), r.handled.cpuPerMessage())
	if ceilingLoad.one < o.maxLoad && r.load.one < o.maxLoad {
		fmt.Printf("| ratio to the ceiling | %.2f | ≥ 0.5 %s |\n", ratio, mark(ratio >= 0.5))
	} else {
		fmt.Printf("| ratio to the ceiling | withheld: the host was busy (load %.2f / %.2f, over %.1f) | ≥ 0.5 |\n", ceilingLoad.one, r.load.one, o.maxLoad)
	}
	if ceiling.cpu > 0 && r.handled.cpu > 0 {
		fmt.Printf("| CPU a message, bot ÷ bare client | %.2f | |\n", r.handled.cpuPerMessage()/ceiling.cpuPerMessage())
	}
	if p := r.paced; p.n > 0 {
		restPerSec := float64(p.restLimited) / p.restWindow.Seconds()
		interPerSec := float64(p.restInteraction) / p.restWindow.Seconds()
		fmt.Printf("| paced run: %d messages at %d/s (sent in %v): handled, and when the last was | %d, %v after the first | |\n",
			p.n, o.rate, p.took.Round(time.Millisecond), p.handled, p.done.Round(time.Millisecond))
		fmt.Printf("| interaction ack p50 / p99 (%d slash commands, %d refused) | %v / %v | p99 ≤ 250 ms %s |\n",
			len(p.acks), p.ackRefused, percentile(p.acks, 50), percentile(p.acks, 99), mark(p.acksOK()))
		fmt.Printf("| emergency reply p50 / p99 (%d of %d emergencies answered) | %v / %v | p99 ≤ 2 s %s |\n",
			p.crisisSent, p.emergencies, percentile(p.crisis, 50), percentile(p.crisis, 99), mark(p.crisisOK()))
		fmt.Printf("| REST requests/s under the global limit (+ interaction callbacks/s, not counted by Discord) | %.1f (+ %.1f), %d × 429 | ≤ 40 %s |\n",
			restPerSec, interPerSec, p.rate429, mark(restPerSec <= 40))
	}
	fmt.Printf("| RSS / heap after the throughput run | %.0f MiB / %.0f MiB (%s), %d goroutines | RSS ≤ 128 MiB %s |\n",
		r.memAfterThroughput.rss, r.memAfterThroughput.heap, r.memAfterThroughput.heapFrom, r.memAfterThroughput.goroutine, mark(r.memAfterThroughput.rss <= 128))
	reportHang(o, r, h)
	if r.paced.n > 0 {
		fmt.Printf("| RSS peak / heap after the paced run | %.0f MiB / %.0f MiB (gc peak live %.0f MiB) | |\n", r.paced.mem.hwm, r.paced.mem.heap, r.paced.mem.heapPeak)
	}
	reportPostgres(r, onPG)
	if g.guilds > 0 {
		limit := 64 + 32*float64(g.guilds)/1000
		fmt.Printf("| RSS / heap in 1 server | %.0f MiB / %.0f MiB | |\n", g.baselineRSS, g.baseHeapMB)
		fmt.Printf("| RSS / heap in %d servers (%d channels, %d members), ready in %v | %.0f MiB / %.0f MiB | ≤ %.0f MiB %s |\n",
			g.guilds, g.channels, g.members, g.ready.Round(time.Millisecond), g.mem.rss, g.mem.heap, limit, mark(g.mem.rss <= limit))
	}
}

// reportHang gives what an LLM that never answers costs. With pairs, it
// is the median of the pairs' ratios, the rate's withheld when any of
// their bursts started on a busy host; without, the ratio of the two
// worlds' first bursts, minutes apart.
func reportHang(o options, r botResult, h hangResult) {
	first := h.first
	if first.handled.n == 0 {
		return
	}
	if len(h.pairs) == 0 {
		rel := first.handled.rate() / r.handled.rate()
		relText, ok := fmt.Sprintf("%.2f", rel), mark(rel >= 0.9)
		if first.load.one >= o.maxLoad || r.load.one >= o.maxLoad {
			relText, ok = "withheld: the host was busy", ""
		}
		fmt.Printf("| with the LLM hanging: handled, and ÷ the run without an LLM (load before: %s) | %.0f events/s, %.0f µs CPU a message; %s | ≥ 0.9 %s |\n",
			first.load, first.handled.rate(), first.handled.cpuPerMessage(), relText, ok)
	} else {
		fmt.Printf("| with the LLM hanging: handled, first burst (load before: %s) | %.0f events/s, %.0f µs CPU a message | |\n",
			first.load, first.handled.rate(), first.handled.cpuPerMessage())
		var rates, cpus []float64
		busy := 0
		for _, p := range h.pairs {
			rates, cpus = append(rates, p.rateRatio()), append(cpus, p.cpuRatio())
			for _, l := range []load{p.botLoad, p.hangLoad} {
				if l.one >= o.maxLoad {
					busy++
				}
			}
		}
		what := fmt.Sprintf("%d pairs of adjacent bursts of %d messages, without then with", len(h.pairs), o.n)
		if busy == 0 {
			fmt.Printf("| with the LLM hanging ÷ without: handled a second, %s | %s | ≥ 0.9 %s |\n", what, medianOf(rates), mark(median(rates) >= 0.9))
		} else {
			fmt.Printf("| with the LLM hanging ÷ without: handled a second, %s | withheld: the host was busy before %d of %d bursts (1-minute load over %.1f) | ≥ 0.9 |\n",
				what, busy, 2*len(h.pairs), o.maxLoad)
		}
		fmt.Printf("| with the LLM hanging ÷ without: CPU a message, the same pairs | %s | |\n", medianOf(cpus))
	}
	fmt.Printf("| with the LLM hanging: RSS / heap after its first burst | %.0f MiB / %.0f MiB, %d goroutines | RSS ≤ 128 MiB %s |\n",
		first.memAfterThroughput.rss, first.memAfterThroughput.heap, first.memAfterThroughput.goroutine, mark(first.memAfterThroughput.rss <= 128))
	if len(h.pairs) > 0 {
		fmt.Printf("| with the LLM hanging: RSS / heap after its last burst (%d bursts of %d messages) | %.0f MiB / %.0f MiB, %d goroutines | RSS ≤ 128 MiB %s |\n",
			len(h.pairs)+1, o.n, h.last.rss, h.last.heap, h.last.goroutine, mark(h.last.rss <= 128))
	}
}

// reportPostgres sets the bot on PostgreSQL beside the bot on SQLite,
// both without an LLM, from this run.
func reportPostgres(sq, pg botResult) {
	if pg.handled.n == 0 {
		return
	}
	server := "PostgreSQL's server: not read, as peerload did not start it"
	if pg.handled.serverCPU > 0 {
		server = fmt.Sprintf("+ %.0f µs in PostgreSQL's server", pg.handled.serverCPUPerMessage())
	}
	fmt.Printf("| SQLite / PostgreSQL: handled, %d messages as fast as they come (load before: %.2f / %.2f) | %.0f / %.0f events/s (PostgreSQL ÷ SQLite %.2f) | |\n",
		pg.handled.n, sq.load.one, pg.load.one, sq.handled.rate(), pg.handled.rate(), pg.handled.rate()/sq.handled.rate())
	fmt.Printf("| SQLite / PostgreSQL: CPU a message, the bot's process | %.0f / %.0f µs (%s) | |\n",
		sq.handled.cpuPerMessage(), pg.handled.cpuPerMessage(), server)
	if sp, pp := sq.paced, pg.paced; pp.n > 0 {
		fmt.Printf("| SQLite / PostgreSQL: interaction ack p50 / p99 in the paced run (%d / %d slash commands, %d / %d refused) | %v / %v · %v / %v | p99 ≤ 250 ms %s |\n",
			len(sp.acks), len(pp.acks), sp.ackRefused, pp.ackRefused,
			percentile(sp.acks, 50), percentile(sp.acks, 99), percentile(pp.acks, 50), percentile(pp.acks, 99), mark(sp.acksOK() && pp.acksOK()))
		fmt.Printf("| SQLite / PostgreSQL: emergency reply p50 / p99 (%d of %d / %d of %d answered) | %v / %v · %v / %v | p99 ≤ 2 s %s |\n",
			sp.crisisSent, sp.emergencies, pp.crisisSent, pp.emergencies,
			percentile(sp.crisis, 50), percentile(sp.crisis, 99), percentile(pp.crisis, 50), percentile(pp.crisis, 99), mark(sp.crisisOK() && pp.crisisOK()))
	}
	sm, pm := sq.memAfterThroughput, pg.memAfterThroughput
	fmt.Printf("| SQLite / PostgreSQL: RSS after the burst | %.0f / %.0f MiB | RSS ≤ 128 MiB %s |\n", sm.rss, pm.rss, mark(sm.rss <= 128 && pm.rss <= 128))
}

func (p pacedResult) acksOK() bool {
	return percentile(p.acks, 99) <= 250*time.Millisecond && p.ackRefused == 0
}

func (p pacedResult) crisisOK() bool {
	return percentile(p.crisis, 99) <= 2*time.Second && p.crisisSent == p.emergencies
}

// percentile is the p-th percentile of sorted durations.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, len(d)*p/100)].Round(100 * time.Microsecond)
}

// median is the middle of xs, or the mean of the middle two.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s) == 0 {
		return 0
	}
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

// medianOf gives the median and, in their order, every value it is of.
func medianOf(xs []float64) string {
	each := make([]string, len(xs))
	for i, x := range xs {
		each[i] = fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("median %.2f (%s)", median(xs), strings.Join(each, ", "))
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
