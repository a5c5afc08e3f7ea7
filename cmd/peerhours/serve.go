package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
	// Office hours resolve IANA zones (America/New_York) wherever the
	// binary runs, including images without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
	"github.com/peerhours/peerhours/calendar"
	"github.com/peerhours/peerhours/charts"
	"github.com/peerhours/peerhours/discordadapter"
	"github.com/peerhours/peerhours/llm"
)

// Shutdown budget: SIGTERM to exit within 10 s. The gateway close takes about
// one second (discordgo waits for Discord's close frame), interactions in
// progress get up to five to finish, the HTTP server two.
const (
	drainBudget = 5 * time.Second
	httpBudget  = 2 * time.Second
)

// serve connects to Discord and runs until ctx ends or Discord refuses the
// connection for good.
func serve(ctx context.Context, lookup func(string) (string, bool), stderr io.Writer) error {
	return serveWith(ctx, lookup, stderr, serveHooks{})
}

// serveHooks let an end-to-end test share a clock with the bot (the
// emulator's, so that "five minutes later" is a step of the test, not a
// wait), reach the service to wake its job runner after moving it, and see
// what triage is given (a classifier standing in for bot/triage's). The
// program passes none.
type serveHooks struct {
	now      func() time.Time
	service  func(*bot.Service)
	classify func(text string, earlier []string) triage.Decision
	// calendarURL is where someone else serves the calendar feeds (the
	// sandbox's page, which has no HTTP_ADDR of its own), for
	// /officehours calendar's links; "" leaves it to HTTP_ADDR.
	calendarURL string
}

func serveWith(ctx context.Context, lookup func(string) (string, bool), stderr io.Writer, hooks serveHooks) (err error) {
	cfg, err := loadConfig(lookup)
	if err != nil {
		return err
	}
	if err := cfg.requireToken(); err != nil {
		return err
	}
	log := newLogger(cfg, stderr)

	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
		log.Info().Msg("database closed")
	}()
	schema, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Info().Str("version", versionString()).Int64("schema", schema).Bool("llm", cfg.LLMEnabled()).Msg("starting")

	// The health endpoints and /metrics answer from the start, a
	// standby's too: a standby that monitoring cannot see is one nobody
	// knows is there to take over (peerhours_leader says which leads).
	m := newMetrics()
	handler := &swappable{}
	handler.set(withMetrics(standbyHandler(), m))
	if cfg.HTTPAddr != "" {
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			return &ConfigError{Var: "HTTP_ADDR", Problem: fmt.Sprintf("cannot listen on %s: %v", cfg.HTTPAddr, err)}
		}
		srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error().Err(err).Msg("http server stopped")
			}
		}()
		log.Info().Str("addr", ln.Addr().String()).Msg("http listening")
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), httpBudget)
			defer cancel()
			srv.Shutdown(sctx)
		}()
	}

	// Nothing below runs before this process leads (leadership.go): no
	// gateway session, no job, no interaction, and nothing read into
	// memory. What it keeps in memory (the service's state, the storage
	// caches, which ReleaseStaleClaims empties) is read from the database
	// as it is when it starts to lead, and only the leader writes, so no
	// process has to tell another that its memory is stale. (With shards,
	// each shard's leader writes; docs/operations.md, Shards, says what
	// that leaves stale.)
	db.SetShard(cfg.Shard())
	if cfg.ShardCount > 1 {
		log = log.With().Int("shard", cfg.ShardID).Logger()
		log.Info().Int("shards", cfg.ShardCount).Msg("serving one shard")
	}
	lead := awaitLeadership(ctx, db, log)
	if lead == nil {
		return nil // stopped while standing by
	}
	defer lead.Release()
	ctx, stopLeading, lost := whileLeading(ctx, lead, log)
	defer func() {
		stopLeading()
		if lost() {
			err = errLeadershipLost
		}
	}()

	m.Leading(true)
	session, err := discordadapter.NewSession(cfg.DiscordToken, cfg.DiscordAPIURL, discordadapter.WithRESTObserver(m),
		discordadapter.WithShard(cfg.ShardID, cfg.ShardCount))
	if err != nil {
		return &ConfigError{Var: "DISCORD_API_URL", Problem: err.Error()}
	}
	// Kept-alive REST connections end with the program: nothing of run
	// keeps running once it returns (the sandbox restarts serve in-process).
	defer session.Client.CloseIdleConnections()
	opts := []bot.Option{bot.WithRetentionDays(cfg.RetentionDays), bot.WithLogger(domainLogger{log}), bot.WithMetrics(m), bot.WithJobRunner(),
		bot.WithLeadership(lead.Holds)}
	if hooks.now != nil {
		opts = append(opts, bot.WithClock(hooks.now))
	}
	if hooks.classify != nil {
		opts = append(opts, bot.WithClassifier(hooks.classify))
	}
	// Schedules may repeat by RFC 5545 rules, expanded with rrule-go.
	opts = append(opts, bot.WithRecurrence(calendar.Parse))
	if cfg.LLMEnabled() {
		// One client for both features: they share its MaxInFlight slots.
		client := llm.New(llm.Config{APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel, Timeout: cfg.LLMTimeout}, llmMetrics(m))
		opts = append(opts, bot.WithTriageLLM(llm.NewTriage(client)), bot.WithSummarizer(llm.NewSummarizer(client)))
	}
	discord := discordadapter.NewDiscord(session, discordadapter.WithDiscordLogger(log))
	defer discord.Close()
	svc := bot.NewService(db, discord, opts...)
	if hooks.service != nil {
		hooks.service(svc)
	}
	if err := svc.ReleaseStaleClaims(ctx); err != nil {
		return fmt.Errorf("release stale job claims: %w", err)
	}
	// Retention and digests are planned before the gateway opens, so this
	// database work does not run beside the catch-up on missed messages;
	// by shard 0 only, whose jobs they then are (retention is for every
	// server).
	if cfg.ShardID == 0 {
		if err := svc.StartSummaryJobs(ctx); err != nil {
			return fmt.Errorf("plan retention and digests: %w", err)
		}
	}
	calendarURL := cfg.CalendarURL()
	if hooks.calendarURL != "" {
		calendarURL = hooks.calendarURL
	}
	adapter := discordadapter.New(session, svc, log, discordadapter.Options{Interactions: m, CalendarURL: calendarURL,
		StatsChart: charts.StatsPNG})
	gateway := discordadapter.NewGateway(session, log)
	instrument(m, session, db, gateway.Connected)

	handler.set(withMetrics(withCalendar(healthHandler(gateway.Connected, svc.Ping), svc), m))

	// Departures arrive as events only with the Server Members intent,
	// asked for when the application has it (README, "Running in
	// production"); the hourly sweep finds them either way.
	discordadapter.RequestMembersIntent(session, log)
	discordadapter.CheckShards(session, cfg.ShardCount, log)
	if err := gateway.Open(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while still connecting
		}
		return err
	}
	if err := registerCommands(ctx, adapter, cfg); err != nil {
		gateway.Close()
		if ctx.Err() != nil {
			// Stopped while registering: the bulk overwrite is idempotent
			// and runs again at the next start, so this is a clean exit
			// like a stop while connecting, not a failure.
			log.Info().Msg("stopped while registering commands")
			return nil
		}
		return err
	}
	log.Info().Msg("ready")

	// Jobs (replies, alerts, re-alerts, follow-ups) run until shutdown; what
	// an earlier run left undone runs first. They stop with the gateway too:
	// when Discord refuses a reconnect for good (a reset token after a
	// resume, say), Run returns while ctx is still live, and waiting for
	// jobs that only ctx would end kept the process up forever.
	workCtx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	jobsDone := make(chan struct{})
	go func() { defer close(jobsDone); svc.RunJobs(workCtx) }()
	sweepsDone := make(chan struct{})
	go func() { defer close(sweepsDone); svc.RunMemberSweeps(workCtx, time.Hour) }()

	runErr := gateway.Run(ctx)
	stopWork()
	<-jobsDone
	<-sweepsDone
	if runErr != nil {
		log.Error().Err(runErr).Msg("Discord refused the connection for good; shutting down")
	}
	log.Info().Msg("shutting down")
	if !adapter.Drain(drainBudget) {
		log.Warn().Msg("some interactions were still running at shutdown")
	}
	return runErr
}

// registerCommands registers the commands once across the shards: shard 0
// registers them globally; with DISCORD_GUILD_IDS, each shard in the
// listed servers it owns (a shard that owns none registers nothing).
func registerCommands(ctx context.Context, adapter *discordadapter.Bot, cfg Config) error {
	if len(cfg.GuildIDs) == 0 {
		if cfg.ShardID != 0 {
			return nil
		}
		return adapter.RegisterCommands(ctx, nil)
	}
	var owned []string
	for _, g := range cfg.GuildIDs {
		if shardOf(g, cfg.ShardCount) == cfg.ShardID {
			owned = append(owned, g)
		}
	}
	if len(owned) == 0 {
		return nil
	}
	return adapter.RegisterCommands(ctx, owned)
}

// shardOf is the shard that serves a server, by Discord's rule. IDs are
// checked to be snowflakes when the settings are read.
func shardOf(guildID string, count int) int {
	id, _ := strconv.ParseUint(guildID, 10, 64)
	return int((id >> 22) % uint64(count))
}
