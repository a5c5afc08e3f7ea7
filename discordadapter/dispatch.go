package discordadapter

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
)

// Discord wants the first answer to an interaction within 3 seconds. A
// handler that has not finished by deferAfter gets a deferral ("thinking…")
// sent for it, and its reply is edited in when it is done; the margin covers
// the gateway's and REST's latency on both sides. It was 1.5 s; with 1,000
// commands at once against a slow backend (TestFaultSlowBackendAcksWithin3s)
// the deferrals themselves took up to 1.2 s to reach Discord on a loaded
// machine, leaving 0.3 s; at 1 s the margin is 2 s.
const (
	defaultDeferAfter  = time.Second
	autocompleteBudget = 2 * time.Second
	// An interaction token lasts 15 minutes; a handler gets a little less.
	handlerBudget = 14 * time.Minute
)

// Dispatcher routes interactions to handlers. It recovers panics, gives each
// interaction a logger that carries IDs only, answers inside Discord's
// window, and turns errors into short ephemeral messages.
type Dispatcher struct {
	s          *discordgo.Session
	settings   func(ctx context.Context, guildID string) (bot.Settings, error)
	log        zerolog.Logger
	commands   map[string]*Command
	components map[string]*Component
	deferAfter time.Duration
	ctx        context.Context
	inflight   sync.WaitGroup
}

func newDispatcher(s *discordgo.Session, settings func(context.Context, string) (bot.Settings, error),
	log zerolog.Logger, commands []*Command, components []*Component, deferAfter time.Duration) *Dispatcher {
	d := &Dispatcher{
		s: s, settings: settings, log: log, deferAfter: deferAfter,
		commands:   make(map[string]*Command, len(commands)),
		components: make(map[string]*Component, len(components)),
		// Handlers outlive a shutdown signal by a little: Drain waits for
		// them, so a reply already being written is not cut off.
		ctx: context.Background(),
	}
	if d.deferAfter <= 0 {
		d.deferAfter = defaultDeferAfter
	}
	for _, c := range commands {
		d.commands[c.Def.Name] = c
	}
	for _, c := range components {
		d.components[c.Prefix] = c
	}
	return d
}

// Drain waits up to timeout for interactions in progress to finish.
func (d *Dispatcher) Drain(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() { d.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// route is what one interaction resolved to.
type route struct {
	name     string // for logs and metrics: "/help", "button ack"
	audience bot.Audience
	public   bool
	updates  bool
	handle   HandlerFunc
	args     []string
}

func (d *Dispatcher) resolve(i *discordgo.Interaction) (route, bool) {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		data := i.ApplicationCommandData()
		c, ok := d.commands[data.Name]
		if !ok {
			return route{name: "/" + data.Name}, false
		}
		sub := ""
		if len(data.Options) == 1 && data.Options[0].Type == discordgo.ApplicationCommandOptionSubCommand {
			sub = data.Options[0].Name
		}
		name := "/" + data.Name
		if sub != "" {
			name += " " + sub
		}
		return route{name: name, audience: c.audience(sub), public: c.Public, handle: c.Handle}, true
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		var id string
		if i.Type == discordgo.InteractionMessageComponent {
			id = i.MessageComponentData().CustomID
		} else {
			id = i.ModalSubmitData().CustomID
		}
		prefix, rest, _ := strings.Cut(id, ":")
		c, ok := d.components[prefix]
		if !ok {
			return route{name: "component " + prefix}, false
		}
		var args []string
		if rest != "" {
			args = strings.Split(rest, ":")
		}
		return route{name: "component " + prefix, audience: c.Audience, updates: c.Updates, handle: c.Handle, args: args}, true
	}
	return route{name: fmt.Sprintf("type %d", i.Type)}, false
}

func (d *Dispatcher) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	d.inflight.Add(1)
	defer d.inflight.Done()
	i := ic.Interaction
	log := d.log.With().
		Str("interaction_id", i.ID).
		Str("guild_id", i.GuildID).
		Str("channel_id", i.ChannelID).
		Str("user_id", userID(i)).
		Logger()
	defer func() {
		if p := recover(); p != nil {
			log.Error().Str("panic", panicType(p)).Bytes("stack", debug.Stack()).Msg("interaction dispatch panicked")
		}
	}()

	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		d.autocomplete(i, log)
		return
	}
	rt, ok := d.resolve(i)
	log = log.With().Str("route", rt.name).Logger()
	if !ok {
		log.Warn().Msg("interaction for an unknown route")
		d.answer(i, rt, log, time.Now(), Reply{}, bot.Errorf(EUNKNOWN, "This button or command is no longer in use."), false)
		return
	}
	d.run(i, rt, log)
}

// EUNKNOWN is the code for interactions the bot has no handler for.
const EUNKNOWN = "unknown"

// run calls the handler in its own goroutine and answers Discord in time.
func (d *Dispatcher) run(i *discordgo.Interaction, rt route, log zerolog.Logger) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(d.ctx, handlerBudget)
	defer cancel()

	type outcome struct {
		reply Reply
		err   error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				log.Error().Str("panic", panicType(p)).Bytes("stack", debug.Stack()).Msg("handler panicked")
				done <- outcome{err: errPanic}
			}
		}()
		reply, err := d.call(ctx, i, rt, log)
		done <- outcome{reply, err}
	}()

	timer := time.NewTimer(d.deferAfter)
	defer timer.Stop()
	select {
	case out := <-done:
		d.answer(i, rt, log, start, out.reply, out.err, false)
	case <-timer.C:
		if err := d.deferReply(ctx, i, rt); err != nil {
			log.Error().Str("error", errorClass(err)).Msg("deferring the interaction failed")
		} else {
			log.Debug().Dur("after", time.Since(start)).Msg("interaction deferred")
		}
		out := <-done
		d.answer(i, rt, log, start, out.reply, out.err, true)
	}
}

var errPanic = errors.New("handler panicked")

// call runs the handler. Who may do what is the domain's to decide: every
// bot.Service method a handler reaches refuses the callers its rule leaves
// out (TestEveryRouteRefusedByTheDomain walks them all), so the table's
// audience here only chooses what help lists.
func (d *Dispatcher) call(ctx context.Context, i *discordgo.Interaction, rt route, log zerolog.Logger) (Reply, error) {
	if i.GuildID == "" || i.Member == nil {
		return Reply{}, bot.Errorf(bot.EINVALID, "peerhours works inside a server; use its commands there.")
	}
	settings, err := d.settings(ctx, i.GuildID)
	if err != nil {
		return Reply{}, fmt.Errorf("load settings: %w", err)
	}
	return rt.handle(ctx, &Request{Interaction: i, Caller: callerOf(i), Settings: settings, Log: log, Args: rt.args})
}

func callerOf(i *discordgo.Interaction) bot.Caller {
	c := bot.Caller{UserID: userID(i), GuildID: i.GuildID, Lang: bot.LangOf(string(i.Locale))}
	if i.Member != nil {
		c.RoleIDs = i.Member.Roles
		// Discord computes the member's permissions in this channel,
		// overwrites included, and sends them with the interaction.
		p := i.Member.Permissions
		c.ManageServer = p&discordgo.PermissionManageGuild != 0 || p&discordgo.PermissionAdministrator != 0
	}
	return c
}

func (d *Dispatcher) deferReply(ctx context.Context, i *discordgo.Interaction, rt route) error {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if rt.updates {
		resp.Type = discordgo.InteractionResponseDeferredMessageUpdate
	} else if !rt.public {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return d.s.InteractionRespond(i, resp, discordgo.WithContext(ctx))
}

// answer sends the handler's reply or error, as a first response or, after a
// deferral, as an edit or follow-up.
func (d *Dispatcher) answer(i *discordgo.Interaction, rt route, log zerolog.Logger, start time.Time, reply Reply, err error, deferred bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opt := discordgo.WithContext(ctx)
	ev := log.Info()
	if err != nil {
		ev = log.Warn().Str("code", bot.ErrorCode(err))
		if bot.ErrorCode(err) == bot.EINTERNAL {
			ev = log.Error().Str("code", bot.EINTERNAL).Str("error", errorClass(err))
		}
	}
	ev.Dur("took", time.Since(start)).Bool("deferred", deferred).Msg("interaction handled")

	var sendErr error
	switch {
	case err != nil:
		failure := Reply{Content: userMessage(err, i.ID, bot.LangOf(string(i.Locale)))}
		switch {
		case !deferred:
			sendErr = d.s.InteractionRespond(i, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource, Data: failure.data(true)}, opt)
		case rt.updates || rt.public:
			// Keep the message the component is on (or the public
			// placeholder's channel) free of the error: tell the person
			// alone.
			if rt.public {
				_ = d.s.InteractionResponseDelete(i, opt)
			}
			_, sendErr = d.s.FollowupMessageCreate(i, true, failure.followup(true), opt)
		default:
			_, sendErr = d.s.InteractionResponseEdit(i, failure.edit(), opt)
		}
	case reply.Modal != nil:
		if deferred {
			log.Error().Msg("a modal handler was too slow to answer; modals cannot be deferred")
			_, sendErr = d.s.InteractionResponseEdit(i, Reply{Content: bot.LangOf(string(i.Locale)).T("That took too long. Please try again.")}.edit(), opt)
			break
		}
		sendErr = d.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseModal,
			Data: &discordgo.InteractionResponseData{
				CustomID: reply.Modal.CustomID, Title: reply.Modal.Title, Components: reply.Modal.Components,
				AllowedMentions: noMentions(),
			}}, opt)
	case deferred:
		_, sendErr = d.s.InteractionResponseEdit(i, reply.edit(), opt)
	default:
		typ := discordgo.InteractionResponseChannelMessageWithSource
		if rt.updates {
			typ = discordgo.InteractionResponseUpdateMessage
		}
		sendErr = d.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: typ, Data: reply.data(!rt.public && !rt.updates)}, opt)
	}
	if sendErr != nil {
		log.Error().Str("error", errorClass(sendErr)).Msg("answering the interaction failed")
	}
}

// userMessage is the one place errors become words for a person.
func userMessage(err error, ref string, l bot.Lang) string {
	if msg := bot.ErrorMessageIn(err, l); msg != "" {
		return msg
	}
	return l.Sprintf("Something went wrong on our side and nothing was changed. Please try again in a minute; if it keeps happening, tell a moderator (reference %s).", ref)
}

func (d *Dispatcher) autocomplete(i *discordgo.Interaction, log zerolog.Logger) {
	start := time.Now()
	name := i.ApplicationCommandData().Name
	log = log.With().Str("route", "autocomplete /"+name).Logger()
	ctx, cancel := context.WithTimeout(d.ctx, autocompleteBudget)
	defer cancel()
	var choices []*discordgo.ApplicationCommandOptionChoice
	// Suggestions follow the command's own rule: whoever may not run it
	// (or its subcommand) is offered nothing, since the names suggested
	// (archived groups, for one) are the command's to show.
	rt, known := d.resolve(i)
	allowed := false
	if known && i.GuildID != "" && i.Member != nil {
		settings, err := d.settings(ctx, i.GuildID)
		if err != nil {
			log.Warn().Str("code", bot.ErrorCode(err)).Msg("autocomplete: settings unavailable")
		}
		allowed = err == nil && settings.Allows(callerOf(i), rt.audience)
	}
	if c, ok := d.commands[name]; ok && c.Autocomplete != nil && allowed {
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					log.Error().Str("panic", panicType(p)).Bytes("stack", debug.Stack()).Msg("autocomplete panicked")
				}
			}()
			choices, err = c.Autocomplete(ctx, &Request{Interaction: i, Caller: callerOf(i), Log: log})
		}()
		if err != nil {
			log.Warn().Str("code", bot.ErrorCode(err)).Msg("autocomplete failed")
			choices = nil
		}
	}
	if len(choices) > maxChoices {
		choices = choices[:maxChoices]
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	err := d.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(context.WithoutCancel(ctx)))
	if err != nil {
		log.Error().Str("error", errorClass(err)).Msg("answering autocomplete failed")
	}
	log.Debug().Dur("took", time.Since(start)).Int("choices", len(choices)).Msg("autocomplete answered")
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// panicType names what a handler panicked with, without its value: a value
// could hold what someone wrote.
func panicType(p any) string { return fmt.Sprintf("%T", p) }
