package discordadapter

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
)

// Options tune the adapter; the zero value is right for production.
type Options struct {
	// DeferAfter is how long a handler may run before its interaction is
	// deferred. Tests shorten it.
	DeferAfter time.Duration
	// Interactions, when set, is told how long each interaction took.
	Interactions InteractionObserver
	// CalendarURL is the base URL clinicians' calendar feeds are served at
	// ("https://peerhours.example.org"); empty switches /officehours
	// calendar off.
	CalendarURL string
	// StatsChart draws /stats's chart as a PNG; nil sends the figures
	// without it.
	StatsChart func(bot.Stats, bot.Lang) ([]byte, error)
}

// Bot is the Discord adapter: it connects the discordgo session's events to
// the domain service.
type Bot struct {
	s     *discordgo.Session
	svc   *bot.Service
	log   zerolog.Logger
	disp  *Dispatcher
	table []*Command
	pipe  *pipeline // messages, edits, deletions, departures (pipeline.go)
	// calendarURL is Options.CalendarURL, without a trailing slash.
	calendarURL string
	statsChart  func(bot.Stats, bot.Lang) ([]byte, error)
	// background is the lifetime of work started by events outside the
	// pipeline and the dispatcher (catch-up, answers to AutoMod alerts):
	// Drain ends it and waits for it, so the database never closes under
	// it. What it leaves undone the next start's catch-up does.
	background     context.Context
	stopBackground context.CancelFunc
	backgroundWG   sync.WaitGroup
}

// endBackground ends the background lifetime and waits for its work,
// at most timeout; false when some was still running.
func (b *Bot) endBackground(timeout time.Duration) bool {
	b.stopBackground()
	done := make(chan struct{})
	go func() { b.backgroundWG.Wait(); close(done) }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// goBackground runs f in a goroutine of the adapter's lifetime.
func (b *Bot) goBackground(f func(ctx context.Context)) {
	b.backgroundWG.Add(1)
	go func() {
		defer b.backgroundWG.Done()
		f(b.background)
	}()
}

// New builds the adapter and subscribes it to s's events. Call it before
// the gateway opens, so that no event is missed.
//
// It makes the session deliver events in order on its reader goroutine
// (discordgo's SyncEvents) instead of in a goroutine each: messages go
// through the bounded pipeline (pipeline.go), interactions each get a
// goroutine of their own (their number is bounded by people clicking),
// and every other handler on the session must return at once.
func New(s *discordgo.Session, svc *bot.Service, log zerolog.Logger, opts Options) *Bot {
	b := &Bot{s: s, svc: svc, log: log, calendarURL: strings.TrimRight(opts.CalendarURL, "/"), statsChart: opts.StatsChart}
	b.background, b.stopBackground = context.WithCancel(context.Background())
	b.table = b.commands()
	b.disp = newDispatcher(s, svc.Settings, log, b.table, b.components(), opts.DeferAfter)
	b.pipe = newPipeline(stages{classify: b.classify, handle: b.handle}, log)
	s.SyncEvents = true
	interactions := b.observeInteractions(opts.Interactions)
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) { go interactions(s, ic) })
	s.AddHandler(b.onReady)
	s.AddHandler(b.onMemberRemove)
	s.AddHandler(b.onGuildCreate)
	s.AddHandler(b.onGuildUpdate)
	s.AddHandler(b.onMessageCreate)
	s.AddHandler(b.onMessageUpdate)
	s.AddHandler(b.onMessageDelete)
	s.AddHandler(b.onMessageDeleteBulk)
	// An AutoMod alert is answered off the reader (it may read the thread
	// over REST and post), once the message it is about has left the
	// pipeline, so the answer knows whether the bot raised it too.
	s.AddHandler(func(s *discordgo.Session, e *discordgo.AutoModerationActionExecution) {
		b.goBackground(func(life context.Context) {
			ctx, cancel := context.WithTimeout(life, messageBudget)
			defer cancel()
			b.pipe.awaitHandled(ctx, e.MessageID)
			b.onAutoModAction(ctx, e)
		})
	})
	return b
}

// Commands are the command definitions registered with Discord.
func (b *Bot) Commands() []*discordgo.ApplicationCommand {
	defs := make([]*discordgo.ApplicationCommand, len(b.table))
	for i, c := range b.table {
		defs[i] = c.Def
	}
	return defs
}

// RegisterCommands replaces the application's commands with the current
// table: per guild for guildIDs (visible at once), or globally when there
// are none. A bulk overwrite is idempotent, so it is safe on every start.
func (b *Bot) RegisterCommands(ctx context.Context, guildIDs []string) error {
	appID := b.applicationID()
	if appID == "" {
		return fmt.Errorf("register commands: the gateway has not said which application this is")
	}
	targets := guildIDs
	if len(targets) == 0 {
		targets = []string{""} // "" is the global scope
	}
	for _, g := range targets {
		if _, err := b.s.ApplicationCommandBulkOverwrite(appID, g, b.Commands(), discordgo.WithContext(ctx)); err != nil {
			scope := "globally"
			if g != "" {
				scope = "in guild " + g //i18n:english a log line
			}
			return fmt.Errorf("register commands %s: %s", scope, errorClass(err))
		}
	}
	b.log.Info().Int("commands", len(b.table)).Strs("guild_ids", guildIDs).Msg("commands registered")
	return nil
}

func (b *Bot) applicationID() string {
	if b.s.State == nil {
		return ""
	}
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	if b.s.State.Application != nil {
		return b.s.State.Application.ID
	}
	return ""
}

// Drain stops taking messages, lets the pipeline finish what is queued and
// waits for interactions in progress, all within timeout. Call it after
// the gateway closed and before the database does. What the pipeline could
// not finish has no decision, so the next start's catch-up handles it. It
// reports whether everything finished.
func (b *Bot) Drain(timeout time.Duration) bool {
	start := time.Now()
	drained := b.pipe.close(timeout)
	if n := b.pipe.dropped.Load(); n > 0 {
		b.log.Warn().Int64("events", n).Msg("events left for the next start's catch-up")
	}
	drained = b.endBackground(max(timeout-time.Since(start), 0)) && drained
	return b.disp.Drain(max(timeout-time.Since(start), 0)) && drained
}

// Queued reports how many gateway events wait in the pipeline.
func (b *Bot) Queued() int { return b.pipe.Queued() }
