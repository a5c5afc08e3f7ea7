package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/calendar"
	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/sandbox"
)

// `peerhours sandbox` runs the whole bot on one machine without a Discord
// account: the Discord emulator with a demo server, the real bot connected
// to it through serve (only DISCORD_API_URL, the token and the database
// differ from a real deployment), and a web page for playing patient,
// clinician and moderator.
//
// State persists across restarts in two files side by side: the bot's
// SQLite database (SANDBOX_DB) and the emulator's world, a JSON snapshot
// (sandbox.discord.json next to sandbox.db) written a moment after every
// change and at shutdown. On start the snapshot is restored with the IDs the
// bot stored, and the bot reconnects to it as to Discord after a restart. If
// only one of the two files exists, or the snapshot cannot be read, both are
// set aside and the demo is built again; --reset does that on purpose.

const (
	sandboxStartBudget = 30 * time.Second
	snapshotDebounce   = 300 * time.Millisecond
)

func sandboxCmd(ctx context.Context, args []string, lookup func(string) (string, bool), stdout, stderr io.Writer) error {
	started := time.Now()
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	reset := fs.Bool("reset", false, "start again from the demo")
	if err := fs.Parse(args); err != nil {
		return usageError("sandbox: " + err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("sandbox takes no arguments, got %q", fs.Arg(0)))
	}
	sb, err := startSandbox(ctx, lookup, *reset, stderr, nil)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	sb.log.Info().Dur("startup", time.Since(started)).Bool("fresh", sb.fresh).Str("db", sb.dbPath).Msg("sandbox ready")
	fmt.Fprintf(stdout, "peerhours sandbox: open %s/\n", sb.url)
	fmt.Fprintf(stdout, "  a demo server with the real bot; you are Alice (patient) — switch persona at the top of the page.\n")
	fmt.Fprintf(stdout, "  state: %s (+ %s); `peerhours sandbox --reset` starts over. Ctrl+C stops.\n", sb.dbPath, filepath.Base(sb.snapPath))
	return sb.wait(ctx)
}

// sandboxRun is a running sandbox: the emulator with its world, the bot,
// the page and the saver.
type sandboxRun struct {
	dc       *fakediscord.Server
	world    *sandbox.World
	url      string
	dbPath   string
	snapPath string
	fresh    bool
	log      zerolog.Logger

	ln         net.Listener
	srv        *http.Server
	httpDone   chan error
	cancelHTTP context.CancelFunc
	stopBot    context.CancelFunc
	botDone    chan error
	saverStop  chan struct{}
	saverDone  chan struct{}
	// svc is the running bot's service, for the calendar feeds.
	svc atomic.Pointer[bot.Service]
}

// calendarFor reads a feed from the running bot.
func (sb *sandboxRun) calendarFor(ctx context.Context, token string) (bot.Calendar, error) {
	svc := sb.svc.Load()
	if svc == nil {
		return bot.Calendar{}, bot.ErrNotFound
	}
	return svc.CalendarFor(ctx, token)
}

// now is the running bot's clock.
func (sb *sandboxRun) now() time.Time {
	if svc := sb.svc.Load(); svc != nil {
		return svc.Now()
	}
	return time.Now()
}

// startSandbox brings everything up and returns once the page serves the
// demo (restored, or built through the bot). now is the emulator's clock:
// nil for the real one, as Discord keeps it; tests pass one that stands
// still, so a loaded machine cannot push the bot past Discord's 3-second
// window.
func startSandbox(ctx context.Context, lookup func(string) (string, bool), reset bool, stderr io.Writer, now func() time.Time) (_ *sandboxRun, err error) {
	cfg, err := loadConfig(lookup)
	if err != nil {
		return nil, err
	}
	sb := &sandboxRun{log: newLogger(cfg, stderr)}
	log := sb.log
	if sb.dbPath, err = sandboxDBPath(cfg); err != nil {
		return nil, err
	}
	sb.snapPath = snapshotPath(sb.dbPath)

	// The page has no login: anyone who reaches it can act as anyone in
	// the demo, and it answers loopback Host names only (DNS rebinding).
	if host, _, _ := net.SplitHostPort(cfg.SandboxAddr); !loopbackAddr(host) {
		return nil, &ConfigError{Var: "SANDBOX_ADDR", Problem: fmt.Sprintf("%q is not a loopback address: the sandbox has no login, so it serves this machine only (e.g. 127.0.0.1:8090)", cfg.SandboxAddr)}
	}
	sb.ln, err = net.Listen("tcp", cfg.SandboxAddr)
	if err != nil {
		return nil, &ConfigError{Var: "SANDBOX_ADDR", Problem: fmt.Sprintf("cannot listen on %s: %v", cfg.SandboxAddr, err)}
	}
	sb.url = "http://" + sb.ln.Addr().String()
	defer func() {
		if err != nil {
			sb.ln.Close()
		}
	}()

	if reset {
		if err := removeSandboxState(sb.dbPath, sb.snapPath); err != nil {
			return nil, err
		}
		log.Info().Msg("sandbox reset: starting from the demo")
	}
	sb.dc, sb.world, sb.fresh, err = openWorld(sb.dbPath, sb.snapPath, now, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			sb.dc.Close()
		}
	}()

	// The real bot, through the same serve as `peerhours run`.
	botEnv := map[string]string{
		"DISCORD_TOKEN":     sb.dc.Token(),
		"DISCORD_API_URL":   sb.dc.URL(),
		"DISCORD_GUILD_IDS": sb.world.GuildID,
		"DATABASE_PATH":     sb.dbPath,
		// The sandbox's world is its own file, whatever database the
		// real bot's settings name.
		"DATABASE_URL": "",
		// No /healthz or /metrics: a real bot (or anything else) may hold
		// HTTP_ADDR on this machine, and the page is the sandbox's window.
		"HTTP_ADDR": "",
	}
	botLookup := func(k string) (string, bool) {
		if v, ok := botEnv[k]; ok {
			return v, true
		}
		return lookup(k)
	}
	botCtx, stopBot := context.WithCancel(context.Background())
	sb.stopBot = stopBot
	sb.botDone = make(chan error, 1)
	// The page serves the clinicians' calendar feeds, at its own address.
	hooks := serveHooks{calendarURL: sb.url, service: sb.svc.Store}
	go func() { sb.botDone <- serveWith(botCtx, botLookup, stderr, hooks) }()
	defer func() {
		if err != nil {
			sb.stopBotAndWait()
		}
	}()

	startCtx, cancelStart := context.WithTimeout(ctx, sandboxStartBudget)
	defer cancelStart()
	if err := waitForBot(startCtx, sb.dc, sb.botDone); err != nil {
		return nil, err
	}
	if sb.fresh {
		if err := sb.world.Seed(startCtx, sb.dc); err != nil {
			sb.stopBotAndWait()
			// Half a demo is no demo: the next start builds it again.
			removeSandboxState(sb.dbPath, sb.snapPath)
			return nil, fmt.Errorf("sandbox: building the demo through the bot: %w", err)
		}
	}
	if err := saveSnapshot(sb.dc, sb.snapPath); err != nil {
		return nil, err
	}
	page, err := sandbox.New(sandbox.Options{Emulator: sb.dc, World: sb.world, About: sandboxAbout(cfg, sb.dbPath, sb.snapPath, sb.dc)})
	if err != nil {
		return nil, err
	}
	sb.saverStop, sb.saverDone = make(chan struct{}), make(chan struct{})
	go func() { defer close(sb.saverDone); keepSaving(sb.dc, sb.snapPath, sb.saverStop, log) }()

	httpCtx, cancelHTTP := context.WithCancel(context.Background())
	sb.cancelHTTP = cancelHTTP
	mux := http.NewServeMux()
	mux.Handle("GET /calendar/", calendar.Handler(sb.calendarFor, sb.now))
	mux.Handle("/", page)
	sb.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, BaseContext: func(net.Listener) context.Context { return httpCtx }}
	sb.httpDone = make(chan error, 1)
	go func() { sb.httpDone <- sb.srv.Serve(sb.ln) }()
	return sb, nil
}

func (sb *sandboxRun) stopBotAndWait() error {
	sb.stopBot()
	select {
	case err := <-sb.botDone:
		sb.botDone <- err
		return err
	case <-time.After(10 * time.Second):
		return errors.New("the bot did not stop within 10 s")
	}
}

// wait runs until ctx ends (or the bot or the page fails), then stops the
// page, the bot, and saves the world a last time.
func (sb *sandboxRun) wait(ctx context.Context) error {
	var runErr error
	select {
	case <-ctx.Done():
	case err := <-sb.botDone:
		sb.botDone <- err
		runErr = err
		if runErr == nil {
			runErr = errors.New("sandbox: the bot stopped")
		}
	case err := <-sb.httpDone:
		runErr = fmt.Errorf("sandbox: web page: %w", err)
	}
	sb.cancelHTTP()
	sctx, cancel := context.WithTimeout(context.Background(), httpBudget)
	sb.srv.Shutdown(sctx)
	cancel()
	if err := sb.stopBotAndWait(); err != nil && runErr == nil {
		runErr = err
	}
	close(sb.saverStop)
	<-sb.saverDone
	if err := saveSnapshot(sb.dc, sb.snapPath); err != nil && runErr == nil {
		runErr = err
	}
	sb.dc.Close()
	return runErr
}

// sandboxDBPath is SANDBOX_DB, or sandbox.db in peerhours' directory in
// the user's cache directory.
func sandboxDBPath(cfg Config) (string, error) {
	path := cfg.SandboxDB
	if path == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return "", &ConfigError{Var: "SANDBOX_DB", Problem: fmt.Sprintf("is not set and there is no user cache directory (%v); set it to a file path", err)}
		}
		path = filepath.Join(dir, "peerhours", "sandbox.db")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", &ConfigError{Var: "SANDBOX_DB", Problem: fmt.Sprintf("cannot create %s: %v", filepath.Dir(path), err)}
	}
	return path, nil
}

// loopbackAddr reports whether a listening host stays on this machine:
// localhost or a loopback IP (not "", which is every interface).
func loopbackAddr(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// snapshotPath is where the emulator's world is kept: sandbox.db →
// sandbox.discord.json.
func snapshotPath(dbPath string) string {
	return strings.TrimSuffix(dbPath, filepath.Ext(dbPath)) + ".discord.json"
}

func removeSandboxState(dbPath, snapPath string) error {
	for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm", dbPath + "-journal", snapPath} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sandbox: remove %s: %w", p, err)
		}
	}
	return nil
}

// openWorld restores the saved world when both files are there, and builds
// the demo otherwise. fresh reports a new demo, which still needs seeding
// through the bot.
func openWorld(dbPath, snapPath string, now func() time.Time, log zerolog.Logger) (*fakediscord.Server, *sandbox.World, bool, error) {
	// The demo application has the privileged intents peerhours can use
	// switched on, as a deployment set up by the README would: Message
	// Content, and Server Members so departures arrive as events.
	opts := fakediscord.Options{PrivilegedIntents: discordgo.IntentMessageContent | discordgo.IntentGuildMembers, Now: now}
	snap, snapErr := os.ReadFile(snapPath)
	_, dbErr := os.Stat(dbPath)
	switch {
	case snapErr == nil && dbErr == nil:
		dc, err := fakediscord.NewFromSnapshot(snap, opts)
		if err == nil {
			world, err := sandbox.FindWorld(dc)
			if err == nil {
				log.Info().Str("snapshot", snapPath).Msg("sandbox restored")
				return dc, world, false, nil
			}
			dc.Close()
		}
		log.Warn().Err(err).Msg("the saved sandbox cannot be restored; starting from the demo")
	case snapErr == nil || dbErr == nil:
		log.Warn().Msg("the saved sandbox is incomplete; starting from the demo")
	}
	if err := removeSandboxState(dbPath, snapPath); err != nil {
		return nil, nil, false, err
	}
	opts.Token = randomToken()
	dc, err := fakediscord.New(opts)
	if err != nil {
		return nil, nil, false, err
	}
	world, err := sandbox.BuildWorld(dc)
	if err != nil {
		dc.Close()
		return nil, nil, false, err
	}
	return dc, world, true, nil
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return "sandbox." + hex.EncodeToString(b)
}

// waitForBot waits until this run's bot has registered its commands, or
// stops.
func waitForBot(ctx context.Context, dc *fakediscord.Server, botDone chan error) error {
	registered := make(chan error, 1)
	go func() {
		_, err := dc.WaitCall(ctx, func(c fakediscord.Call) bool {
			return c.Route == "PUT /applications/{app}/guilds/{g}/commands" && c.Status == http.StatusOK
		})
		registered <- err
	}()
	select {
	case err := <-registered:
		if err != nil {
			return fmt.Errorf("sandbox: the bot did not register its commands within %v: %w", sandboxStartBudget, err)
		}
		return nil
	case err := <-botDone:
		botDone <- err
		if err == nil {
			err = errors.New("the bot stopped")
		}
		return fmt.Errorf("sandbox: %w", err)
	}
}

// saveSnapshot writes the emulator's world atomically.
func saveSnapshot(dc *fakediscord.Server, path string) error {
	data, err := dc.Snapshot()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("sandbox: save: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("sandbox: save: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sandbox: save: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("sandbox: save: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("sandbox: save: %w", err)
	}
	return nil
}

// keepSaving writes the world a moment after each burst of changes until
// stop closes.
func keepSaving(dc *fakediscord.Server, path string, stop <-chan struct{}, log zerolog.Logger) {
	for {
		changed := dc.Changed()
		select {
		case <-stop:
			return
		case <-changed:
		}
		select {
		case <-stop:
			return
		case <-time.After(snapshotDebounce):
		}
		if err := saveSnapshot(dc, path); err != nil {
			log.Error().Err(err).Msg("sandbox: saving the world failed")
		}
	}
}

// sandboxAbout is what the developer view says about this run; no secrets.
func sandboxAbout(cfg Config, dbPath, snapPath string, dc *fakediscord.Server) []string {
	llm := "LLM: none — rules-only triage and extractive summaries (set OPENAI_BASE_URL or OPENAI_API_KEY to use one)"
	if cfg.LLMEnabled() {
		where := "OpenAI"
		if cfg.OpenAIBaseURL != "" {
			if u, err := url.Parse(cfg.OpenAIBaseURL); err == nil {
				where = u.Host
			}
		}
		llm = fmt.Sprintf("LLM: %s at %s", cfg.OpenAIModel, where)
	}
	return []string{
		"Discord emulator: " + dc.URL() + " (the bot's DISCORD_API_URL)",
		"Bot database: " + dbPath,
		"Emulator world: " + snapPath,
		llm,
	}
}
