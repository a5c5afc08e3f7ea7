// Command peerload measures peerhours under load. It builds the bot from
// ./cmd/peerhours, runs it as a process of its own (so its RSS and heap
// are its own) against the Discord emulator (internal/discordtest) over
// loopback, and reports:
//
//   - the ceiling: a bare discordgo client that only decodes and counts
//     MESSAGE_CREATE events, fed the same messages as fast as the emulator
//     can send them;
//   - the bot's handled rate for the same messages (triaged and stored: a
//     row in triage_decisions each), and its ratio to the ceiling;
//   - a paced run at -rate messages a second with 1% slash commands:
//     interaction acknowledgement p50/p99, emergency (crisis) reply p99,
//     REST requests a second, RSS and heap;
//   - RSS and heap with -guilds synthetic servers.
//
// The message mix is about 90% chat, 7% peer questions, 2.5% clinical
// questions and 0.5% emergencies, across four condition channels. Targets
// are printed beside the figures, not asserted. Run it from the module
// root:
//
//	go run ./cmd/peerload
//
// It talks only to 127.0.0.1 and stops by itself.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"math/rand/v2"
	"net"
	"net/http"
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
	_ "github.com/mattn/go-sqlite3"

	"github.com/peerhours/peerhours/internal/discordtest"
)

type options struct {
	n, paced, rate, guilds int
	bin                    string
	keep                   bool
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 20000, "messages for the throughput runs (bare client and bot)")
	flag.IntVar(&o.paced, "paced", 20000, "messages for the paced run")
	flag.IntVar(&o.rate, "rate", 2000, "messages a second in the paced run")
	flag.IntVar(&o.guilds, "guilds", 1000, "synthetic servers for the RSS run (0 skips it)")
	flag.StringVar(&o.bin, "bin", "", "a built peerhours binary (default: go build ./cmd/peerhours)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (database, logs)")
	flag.Parse()
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
		build := exec.Command("go", "build", "-o", bin, "./cmd/peerhours")
		build.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	fmt.Printf("machine: %d CPUs, %s\n", runtime.NumCPU(), cpuModel())

	ceiling, err := bareCeiling(o.n)
	if err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	fmt.Printf("ceiling (bare discordgo, decode and count): %d events in %v = %.0f events/s\n", o.n, ceiling.took.Round(time.Millisecond), ceiling.rate())

	r, err := botRuns(o, bin, dir)
	if err != nil {
		return fmt.Errorf("bot: %w", err)
	}
	var g guildsResult
	if o.guilds > 0 {
		if g, err = guildsRun(o, bin, dir); err != nil {
			return fmt.Errorf("guilds: %w", err)
		}
	}
	report(o, ceiling, r, g)
	return nil
}

// The world: one server with four conditions, a moderator, a clinician and
// enough patients that emergencies come from different people.

var conditions = []string{"Diabetes", "Asthma", "Long COVID", "Lupus"}

const patientsPerCondition = 250

type world struct {
	dc      *discordtest.Server
	guild   string
	owner   string
	mod     string
	doc     string
	general string
	peers   []string            // peer channel per condition
	members map[string][]string // channel → its patients
}

func newEmulator() (*discordtest.Server, error) {
	return discordtest.New(discordtest.Options{PrivilegedIntents: discordgo.IntentMessageContent, Now: time.Now})
}

// baseWorld makes the server, its roles and channels and the patients; the
// condition channels are plain channels until the bot creates real ones
// (for the bare client they are all it needs).
func baseWorld(dc *discordtest.Server) (*world, error) {
	g, err := dc.AddGuild(discordtest.GuildSpec{Name: "Peer Support", BotPermissions: 386815740944 | discordgo.PermissionCreatePrivateThreads})
	if err != nil {
		return nil, err
	}
	w := &world{dc: dc, guild: g.ID, owner: g.OwnerID, members: map[string][]string{}}
	mod, err := dc.AddRole(g.ID, discordtest.RoleSpec{Name: "Moderators"})
	if err != nil {
		return nil, err
	}
	doc, err := dc.AddRole(g.ID, discordtest.RoleSpec{Name: "Clinicians"})
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"general", "alerts", "review"} {
		ch, err := dc.AddChannel(g.ID, discordtest.ChannelSpec{Name: name})
		if err != nil {
			return nil, err
		}
		if name == "general" {
			w.general = ch.ID
		}
	}
	m, err := dc.AddMember(g.ID, discordtest.MemberSpec{Username: "morgan", Roles: []string{mod.ID}})
	if err != nil {
		return nil, err
	}
	w.mod = m.User.ID
	m, err = dc.AddMember(g.ID, discordtest.MemberSpec{Username: "drlee", Roles: []string{doc.ID}})
	if err != nil {
		return nil, err
	}
	w.doc = m.User.ID
	return w, nil
}

func (w *world) addPatients(channelID, roleID string, prefix int) error {
	for i := range patientsPerCondition {
		spec := discordtest.MemberSpec{Username: fmt.Sprintf("p%d_%03d", prefix, i)}
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

func (g *gen) message(k kind) discordtest.UserMessage {
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
	return discordtest.UserMessage{ChannelID: ch, AuthorID: author, Content: text}
}

// The ceiling.

type throughput struct {
	n    int
	took time.Duration
}

func (t throughput) rate() float64 { return float64(t.n) / t.took.Seconds() }

func bareCeiling(n int) (throughput, error) {
	dc, err := newEmulator()
	if err != nil {
		return throughput{}, err
	}
	defer dc.Close()
	w, err := baseWorld(dc)
	if err != nil {
		return throughput{}, err
	}
	for i, name := range conditions {
		ch, err := dc.AddChannel(w.guild, discordtest.ChannelSpec{Name: strings.ToLower(strings.ReplaceAll(name, " ", "-"))})
		if err != nil {
			return throughput{}, err
		}
		w.peers = append(w.peers, ch.ID)
		if err := w.addPatients(ch.ID, "", i); err != nil {
			return throughput{}, err
		}
	}
	s, err := discordgo.New("Bot " + dc.Token())
	if err != nil {
		return throughput{}, err
	}
	s.Client = dc.HTTPClient()
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
	s.LogLevel = -1
	var count atomic.Int64
	done := make(chan struct{})
	var once sync.Once
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		if count.Add(1) == int64(n) {
			once.Do(func() { close(done) })
		}
	})
	if err := s.Open(); err != nil {
		return throughput{}, err
	}
	defer s.Close()
	g := &gen{w: w, r: rand.New(rand.NewPCG(1, 2)), next: map[string]int{}}
	msgs := make([]discordtest.UserMessage, 0, n)
	for len(msgs) < n {
		if k := pick(g.r); k != interaction {
			msgs = append(msgs, g.message(k))
		}
	}
	start := time.Now()
	for b := 0; b < n; b += 500 {
		if _, err := dc.PostMessages(msgs[b:min(b+500, n)]); err != nil {
			return throughput{}, err
		}
	}
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		return throughput{}, fmt.Errorf("the bare client counted %d of %d events", count.Load(), n)
	}
	return throughput{n: n, took: time.Since(start)}, nil
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

func startBot(bin, dir string, dc *discordtest.Server, guildIDs string, logFile string) (*botProc, error) {
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
		"DATABASE_PATH=" + filepath.Join(dir, "peerhours.db"),
		"HTTP_ADDR=" + addr,
		"LOG_LEVEL=info",
		"LOG_FORMAT=json",
		"GODEBUG=gctrace=1",
	}
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

type botResult struct {
	handled                         throughput
	pacedN                          int
	pacedTook                       time.Duration
	pacedHandled                    int
	pacedDone                       time.Duration // from the first message to the last handled
	acks                            []time.Duration
	ackRefused                      int
	crisis                          []time.Duration
	crisisSent                      int
	emergencies                     int
	restLimited, restInteraction    int
	restWindow                      time.Duration
	rate429                         int
	memAfterThroughput, memAfterRun memory
}

func botRuns(o options, bin, dir string) (botResult, error) {
	var r botResult
	dc, err := newEmulator()
	if err != nil {
		return r, err
	}
	defer dc.Close()
	w, err := baseWorld(dc)
	if err != nil {
		return r, err
	}
	p, err := startBot(bin, dir, dc, w.guild, filepath.Join(dir, "bot.log"))
	if err != nil {
		return r, err
	}
	defer p.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := dc.WaitCall(ctx, func(c discordtest.Call) bool {
		return c.Route == "PUT /applications/{app}/guilds/{g}/commands" && c.Status == 200
	}); err != nil {
		return r, fmt.Errorf("the bot never registered its commands: %w", err)
	}
	command := func(user, name, sub string, opts ...discordtest.Option) (string, error) {
		i, err := dc.RunCommand(discordtest.SlashCommand{ChannelID: w.general, UserID: user, Name: name, Subcommand: sub, Options: opts})
		if err != nil {
			return "", err
		}
		m, err := i.WaitReply(ctx)
		if err != nil {
			return "", err
		}
		return m.Content, nil
	}
	alerts, _ := dc.ChannelByName(w.guild, "alerts")
	review, _ := dc.ChannelByName(w.guild, "review")
	modRole, _ := dc.RoleByName(w.guild, "Moderators")
	docRole, _ := dc.RoleByName(w.guild, "Clinicians")
	if _, err := command(w.owner, "setup", "", discordtest.Option{Name: "moderator_role", Value: modRole.ID},
		discordtest.Option{Name: "clinician_role", Value: docRole.ID}, discordtest.Option{Name: "review_channel", Value: review.ID},
		discordtest.Option{Name: "alert_channel", Value: alerts.ID}, discordtest.Option{Name: "timezone", Value: "Europe/Berlin"}); err != nil {
		return r, fmt.Errorf("/setup: %w", err)
	}
	for i, name := range conditions {
		if _, err := command(w.mod, "condition", "create", discordtest.Option{Name: "name", Value: name}); err != nil {
			return r, fmt.Errorf("/condition create: %w", err)
		}
		ch, ok := dc.ChannelByName(w.guild, strings.ToLower(strings.ReplaceAll(name, " ", "-")))
		role, ok2 := dc.RoleByName(w.guild, name)
		if !ok || !ok2 {
			return r, fmt.Errorf("condition %s was not created", name)
		}
		w.peers = append(w.peers, ch.ID)
		if err := w.addPatients(ch.ID, role.ID, i); err != nil {
			return r, err
		}
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "peerhours.db")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return r, err
	}
	defer db.Close()
	decided := func() int {
		var n int
		db.QueryRow(`SELECT count(*) FROM triage_decisions`).Scan(&n)
		return n
	}

	// Throughput: the ceiling's messages, as fast as they can be sent.
	g := &gen{w: w, r: rand.New(rand.NewPCG(1, 2)), next: map[string]int{}}
	msgs := make([]discordtest.UserMessage, 0, o.n)
	for len(msgs) < o.n {
		if k := pick(g.r); k != interaction {
			msgs = append(msgs, g.message(k))
		}
	}
	base := decided()
	start := time.Now()
	for b := 0; b < o.n; b += 500 {
		if _, err := dc.PostMessages(msgs[b:min(b+500, o.n)]); err != nil {
			return r, err
		}
	}
	if err := until(ctx, 20*time.Millisecond, func() bool { return decided()-base >= o.n }); err != nil {
		return r, fmt.Errorf("throughput: %d of %d handled: %w", decided()-base, o.n, err)
	}
	r.handled = throughput{n: o.n, took: time.Since(start)}
	r.memAfterThroughput = p.memory()
	fmt.Printf("bot handled (triaged and stored): %d in %v = %.0f events/s\n", o.n, r.handled.took.Round(time.Millisecond), r.handled.rate())

	// Let the outbox the burst left (receipts, threads) drain before the
	// paced run, so that run measures itself.
	fmt.Println("draining the outbox the burst left …")
	var pending int
	until(ctx, 250*time.Millisecond, func() bool {
		db.QueryRow(`SELECT count(*) FROM jobs WHERE done_at = 0 AND due_at <= ?`, time.Now().UnixMilli()).Scan(&pending)
		return pending == 0
	})

	// Paced: -rate messages a second with 1% slash commands.
	r2 := rand.New(rand.NewPCG(3, 4))
	g2 := &gen{w: w, r: r2, next: map[string]int{}, offset: patientsPerCondition / 2}
	emergencyAt := map[string]time.Time{}
	commandAt := map[string]time.Time{}
	seen := len(dc.Calls())
	base = decided()
	tick := 10 * time.Millisecond
	perTick := float64(o.rate) * tick.Seconds()
	sent, carry := 0, 0.0
	start = time.Now()
	next := start
	var cmdErrs int
	for sent < o.paced {
		carry += perTick
		var batch []discordtest.UserMessage
		var kinds []kind
		for ; carry >= 1 && sent+len(batch) < o.paced; carry-- {
			k := pick(r2)
			if k == interaction {
				user := w.members[w.peers[0]][r2.IntN(patientsPerCondition)]
				sc := discordtest.SlashCommand{ChannelID: w.general, UserID: user, Name: "help"}
				if r2.IntN(2) == 0 {
					sc = discordtest.SlashCommand{ChannelID: w.general, UserID: user, Name: "queue", Subcommand: "show",
						Options: []discordtest.Option{{Name: "condition", Value: conditions[0]}}}
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
	r.pacedN = sent
	r.pacedTook = time.Since(start)
	r.emergencies = len(emergencyAt)
	// Wait for the crisis replies and acknowledgements of this run (a few
	// seconds at most), then read the call log.
	deadline := time.Now().Add(30 * time.Second)
	var calls []discordtest.Call
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
	hctx, hcancel := context.WithTimeout(ctx, 30*time.Second)
	until(hctx, 50*time.Millisecond, func() bool { return decided()-base >= sent })
	hcancel()
	r.pacedHandled = decided() - base
	r.pacedDone = time.Since(start)
	r.memAfterRun = p.memory()
	end := start.Add(r.pacedTook)
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
	r.restWindow = r.pacedTook
	r.crisisSent = len(r.crisis)
	slices.Sort(r.acks)
	slices.Sort(r.crisis)
	if cmdErrs > 0 {
		fmt.Printf("(%d slash commands could not be sent)\n", cmdErrs)
	}
	return r, nil
}

func replyTarget(c discordtest.Call) string {
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
		g, err := dc.AddGuild(discordtest.GuildSpec{Name: fmt.Sprintf("Server %d", i), BotPermissions: 386815740944})
		if err != nil {
			return res, err
		}
		if first == "" {
			first = g.ID
		}
		var roles []string
		for r := range 5 {
			role, err := dc.AddRole(g.ID, discordtest.RoleSpec{Name: fmt.Sprintf("role%d", r)})
			if err != nil {
				return res, err
			}
			roles = append(roles, role.ID)
		}
		for c := range 12 {
			if _, err := dc.AddChannel(g.ID, discordtest.ChannelSpec{Name: fmt.Sprintf("channel-%d", c)}); err != nil {
				return res, err
			}
			res.channels++
		}
		for m := range 25 {
			if _, err := dc.AddMember(g.ID, discordtest.MemberSpec{Username: fmt.Sprintf("u%d_%d", i, m), Roles: roles[:m%3]}); err != nil {
				return res, err
			}
			res.members++
		}
	}
	start := time.Now()
	p, err := startBot(bin, dir, dc, first, filepath.Join(dir, "bot.log"))
	if err != nil {
		return res, err
	}
	defer p.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := dc.WaitCall(ctx, func(c discordtest.Call) bool {
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

func report(o options, ceiling throughput, r botResult, g guildsResult) {
	pct := func(d []time.Duration, p int) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[min(len(d)-1, len(d)*p/100)].Round(100 * time.Microsecond)
	}
	ratio := r.handled.rate() / ceiling.rate()
	restPerSec := float64(r.restLimited) / r.restWindow.Seconds()
	interPerSec := float64(r.restInteraction) / r.restWindow.Seconds()
	fmt.Println()
	fmt.Println("| figure | measured | target |")
	fmt.Println("|---|---|---|")
	fmt.Printf("| ceiling: bare discordgo client, decode and count | %.0f events/s | |\n", ceiling.rate())
	fmt.Printf("| bot: handled (triaged and stored), %d messages as fast as they come | %.0f events/s | |\n", r.handled.n, r.handled.rate())
	fmt.Printf("| ratio to the ceiling | %.2f | ≥ 0.5 %s |\n", ratio, mark(ratio >= 0.5))
	fmt.Printf("| paced run: %d messages at %d/s (sent in %v): handled, and when the last was | %d, %v after the first | |\n",
		r.pacedN, o.rate, r.pacedTook.Round(time.Millisecond), r.pacedHandled, r.pacedDone.Round(time.Millisecond))
	fmt.Printf("| interaction ack p50 / p99 (%d slash commands, %d refused) | %v / %v | p99 ≤ 250 ms %s |\n",
		len(r.acks), r.ackRefused, pct(r.acks, 50), pct(r.acks, 99), mark(pct(r.acks, 99) <= 250*time.Millisecond && r.ackRefused == 0))
	fmt.Printf("| emergency reply p50 / p99 (%d of %d emergencies answered) | %v / %v | p99 ≤ 2 s %s |\n",
		r.crisisSent, r.emergencies, pct(r.crisis, 50), pct(r.crisis, 99), mark(pct(r.crisis, 99) <= 2*time.Second && r.crisisSent == r.emergencies))
	fmt.Printf("| REST requests/s under the global limit (+ interaction callbacks/s, not counted by Discord) | %.1f (+ %.1f), %d × 429 | ≤ 40 %s |\n",
		restPerSec, interPerSec, r.rate429, mark(restPerSec <= 40))
	fmt.Printf("| RSS / heap after the throughput run | %.0f MiB / %.0f MiB (%s) | |\n", r.memAfterThroughput.rss, r.memAfterThroughput.heap, r.memAfterThroughput.heapFrom)
	fmt.Printf("| RSS peak / heap after the paced run | %.0f MiB / %.0f MiB (gc peak live %.0f MiB) | |\n", r.memAfterRun.hwm, r.memAfterRun.heap, r.memAfterRun.heapPeak)
	if g.guilds > 0 {
		limit := 64 + 32*float64(g.guilds)/1000
		fmt.Printf("| RSS / heap in 1 server | %.0f MiB / %.0f MiB | |\n", g.baselineRSS, g.baseHeapMB)
		fmt.Printf("| RSS / heap in %d servers (%d channels, %d members), ready in %v | %.0f MiB / %.0f MiB | ≤ %.0f MiB %s |\n",
			g.guilds, g.channels, g.members, g.ready.Round(time.Millisecond), g.mem.rss, g.mem.heap, limit, mark(g.mem.rss <= limit))
	}
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
