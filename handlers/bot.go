package handlers

import (
	"context"
	"fmt"
	"strings"
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
	StatsChart func(bot.Stats) ([]byte, error)
}

// Bot is the Discord adapter: it connects the discordgo session's events to
// the domain service.
type Bot struct {
	s     *discordgo.Session
	svc   *bot.Service
	log   zerolog.Logger
	disp  *Dispatcher
	table []*Command
	slots chan struct{} // messages being handled (see onMessage)
	// calendarURL is Options.CalendarURL, without a trailing slash.
	calendarURL string
	statsChart  func(bot.Stats) ([]byte, error)
}

// New builds the adapter and subscribes it to s's events. Call it before
// the gateway opens, so that no event is missed.
func New(s *discordgo.Session, svc *bot.Service, log zerolog.Logger, opts Options) *Bot {
	b := &Bot{s: s, svc: svc, log: log, slots: make(chan struct{}, maxHandling), calendarURL: strings.TrimRight(opts.CalendarURL, "/"),
		statsChart: opts.StatsChart}
	b.table = b.commands()
	b.disp = newDispatcher(s, svc.Settings, log, b.table, b.components(), opts.DeferAfter)
	s.AddHandler(b.observeInteractions(opts.Interactions))
	s.AddHandler(b.onReady)
	s.AddHandler(b.onMemberRemove)
	s.AddHandler(b.onMessageCreate)
	s.AddHandler(b.onMessageUpdate)
	s.AddHandler(b.onMessageDelete)
	s.AddHandler(b.onMessageDeleteBulk)
	s.AddHandler(b.onAutoModAction)
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
				scope = "in guild " + g
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

// Drain waits up to timeout for interactions in progress.
func (b *Bot) Drain(timeout time.Duration) bool { return b.disp.Drain(timeout) }
