package discordadapter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
	"github.com/peerhours/peerhours/internal/fakediscord"
)

// dispatchWorld connects a real discordgo session to the emulator and
// routes its interactions through a Dispatcher with test commands.
type dispatchWorld struct {
	t       *testing.T
	ctx     context.Context
	dc      *fakediscord.Server
	channel string
	user    string
	release chan struct{}
	logs    *lockedBuilder
}

// newDispatchWorld runs a dispatcher that defers a handler still running
// after deferAfter.
func newDispatchWorld(t *testing.T, deferAfter time.Duration) *dispatchWorld {
	t.Helper()
	clock := bottest.NewClock(time.Now())
	dc, err := fakediscord.New(fakediscord.Options{Now: clock.Now, PrivilegedIntents: discordgo.IntentMessageContent, Spec: fakediscord.RepoSpec(t.Logf)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dc.Close() })
	g, err := dc.AddGuild(fakediscord.GuildSpec{Name: "g", BotPermissions: discordgo.PermissionSendMessages})
	if err != nil {
		t.Fatal(err)
	}
	ch, _ := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: "general"})
	m, _ := dc.AddMember(g.ID, fakediscord.MemberSpec{Username: "pat"})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	w := &dispatchWorld{t: t, ctx: ctx, dc: dc, channel: ch.ID, user: m.User.ID, release: make(chan struct{}), logs: &lockedBuilder{}}

	s, err := NewSession(dc.Token(), dc.URL())
	if err != nil {
		t.Fatal(err)
	}
	cmd := func(name string, h HandlerFunc) *Command {
		return &Command{Def: &discordgo.ApplicationCommand{Name: name, Description: name}, Audience: bot.Everyone, Handle: h}
	}
	commands := []*Command{
		cmd("fast", func(context.Context, *Request) (Reply, error) { return Reply{Content: "fast reply"}, nil }),
		cmd("slow", func(ctx context.Context, _ *Request) (Reply, error) {
			select {
			case <-w.release:
			case <-ctx.Done():
			}
			return Reply{Content: "slow reply"}, nil
		}),
		cmd("boom", func(context.Context, *Request) (Reply, error) { panic("secret patient words") }),
		cmd("refuse", func(context.Context, *Request) (Reply, error) {
			return Reply{}, bot.Errorf(bot.EINVALID, "That date is in the past.")
		}),
		cmd("broken", func(context.Context, *Request) (Reply, error) {
			return Reply{}, errors.New("sql: secret internal detail")
		}),
		{Def: &discordgo.ApplicationCommand{Name: "mods", Description: "mods"}, Audience: bot.Moderators,
			Handle: func(_ context.Context, r *Request) (Reply, error) {
				// The domain refuses, not the table (see Dispatcher.call).
				if err := r.Settings.Admit(r.Caller, bot.Moderators); err != nil {
					return Reply{}, err
				}
				return Reply{Content: "mods only"}, nil
			}},
		{Def: &discordgo.ApplicationCommand{Name: "pick", Description: "pick", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "x", Description: "x", Autocomplete: true}}},
			Audience: bot.Everyone,
			Handle:   func(context.Context, *Request) (Reply, error) { return Reply{Content: "picked"}, nil },
			Autocomplete: func(context.Context, *Request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
				var out []*discordgo.ApplicationCommandOptionChoice
				for i := range 40 {
					out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprint(i), Value: fmt.Sprint(i)})
				}
				return out, nil
			}},
		{Def: &discordgo.ApplicationCommand{Name: "groups", Description: "groups", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "list", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "name", Autocomplete: true}}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "repair", Description: "repair", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "name", Autocomplete: true}}}}},
			Audience: bot.Everyone, SubAudience: map[string]bot.Audience{"repair": bot.Moderators},
			Handle: func(context.Context, *Request) (Reply, error) { return Reply{Content: "ok"}, nil },
			Autocomplete: func(_ context.Context, r *Request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
				return []*discordgo.ApplicationCommandOptionChoice{{Name: "Archived group of " + r.Subcommand(), Value: "x"}}, nil
			}},
	}
	settings := func(context.Context, string) (bot.Settings, error) {
		return bot.Settings{ModeratorRoleID: "nobody"}, nil
	}
	log := zerolog.New(w.logs)
	d := newDispatcher(s, settings, log, commands, nil, deferAfter)
	s.AddHandler(d.onInteraction)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	defs := make([]*discordgo.ApplicationCommand, len(commands))
	for i, c := range commands {
		defs[i] = c.Def
	}
	if _, err := s.ApplicationCommandBulkOverwrite(dc.ApplicationID(), g.ID, defs); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *dispatchWorld) run(name string) *fakediscord.Interaction {
	w.t.Helper()
	i, err := w.dc.RunCommand(fakediscord.SlashCommand{ChannelID: w.channel, UserID: w.user, Name: name})
	if err != nil {
		w.t.Fatal(err)
	}
	return i
}

func TestDispatchAnswersFastHandlersDirectly(t *testing.T) {
	// Whether a handler finishes inside a real 200 ms depends on the
	// machine; that one which does is answered directly does not.
	w := newDispatchWorld(t, time.Hour)
	i := w.run("fast")
	resp, err := i.WaitResponse(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Content != "fast reply" ||
		resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || resp.Data.AllowedMentions == nil {
		t.Errorf("response = %+v", resp)
	}
}

// A slow handler is deferred (ephemerally, within the window) and its
// reply edited in when it finishes.
func TestDispatchDefersSlowHandlers(t *testing.T) {
	// The handler blocks until released: deferred however fast the machine.
	w := newDispatchWorld(t, 200*time.Millisecond)
	i := w.run("slow")
	resp, err := i.WaitResponse(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("first response = %+v, want an ephemeral deferral", resp)
	}
	close(w.release)
	reply, err := i.WaitReply(w.ctx)
	if err != nil || reply.Content != "slow reply" {
		t.Fatalf("reply = %+v, %v", reply, err)
	}
}

// A panic is recovered: the person gets a short message with a reference,
// the process lives on, and the panic value is not logged.
func TestDispatchRecoversPanics(t *testing.T) {
	w := newDispatchWorld(t, time.Hour)
	reply, err := w.run("boom").WaitReply(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reply.Content, "Something went wrong") || reply.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("reply = %q", reply.Content)
	}
	if reply, _ := w.run("fast").WaitReply(w.ctx); reply == nil || reply.Content != "fast reply" {
		t.Error("the dispatcher stopped answering after a panic")
	}
	if strings.Contains(w.logs.String(), "secret patient words") {
		t.Error("the panic value reached the logs")
	}
}

func TestDispatchMapsErrors(t *testing.T) {
	w := newDispatchWorld(t, time.Hour)
	for name, want := range map[string]string{
		"refuse": "That date is in the past.",
		"broken": "Something went wrong on our side",
		"mods":   "Only moderators can do this",
	} {
		reply, err := w.run(name).WaitReply(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(reply.Content, want) || reply.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("/%s: %q, want an ephemeral %q", name, reply.Content, want)
		}
		if strings.Contains(reply.Content, "sql") {
			t.Errorf("/%s leaks an internal error: %q", name, reply.Content)
		}
	}
}

func TestDispatchCapsAutocompleteChoices(t *testing.T) {
	w := newDispatchWorld(t, time.Hour)
	i, err := w.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: w.channel, UserID: w.user, Name: "pick",
		Options: []fakediscord.Option{{Name: "x", Value: "", Focused: true}}})
	if err != nil {
		t.Fatal(err)
	}
	choices, err := i.WaitChoices(w.ctx)
	if err != nil || len(choices) != 25 {
		t.Errorf("choices = %d, %v; want Discord's limit of 25", len(choices), err)
	}
}

// Autocomplete applies its command's rule: a member who may not run a
// subcommand is offered none of its suggestions.
func TestAutocompleteFollowsTheCommandsAudience(t *testing.T) {
	w := newDispatchWorld(t, time.Hour)
	for _, c := range []struct {
		sub  string
		want int
	}{{"list", 1}, {"repair", 0}} {
		i, err := w.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: w.channel, UserID: w.user, Name: "groups", Subcommand: c.sub,
			Options: []fakediscord.Option{{Name: "name", Value: "", Focused: true}}})
		if err != nil {
			t.Fatal(err)
		}
		choices, err := i.WaitChoices(w.ctx)
		if err != nil || len(choices) != c.want {
			t.Errorf("/groups %s as a member: %d choices, %v; want %d", c.sub, len(choices), err, c.want)
		}
	}
}

// lockedBuilder is a strings.Builder the dispatcher's goroutines may log to
// at once (each interaction is handled on its own).
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The deferral's wait counts from the interaction's creation (its ID)
// when the event reached the dispatcher late, never from later than its
// arrival, and is never negative.
func TestDeferWaitCountsFromCreation(t *testing.T) {
	d := &Dispatcher{deferAfter: time.Second}
	started := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	id := func(at time.Time) string {
		const discordEpoch = 1420070400000
		return strconv.FormatInt((at.UnixMilli()-discordEpoch)<<22, 10)
	}
	for _, c := range []struct {
		name string
		id   string
		want time.Duration
	}{
		{"arrived at once", id(started), time.Second},
		{"arrived 400 ms late", id(started.Add(-400 * time.Millisecond)), 600 * time.Millisecond},
		{"arrived after its window", id(started.Add(-5 * time.Second)), 0},
		{"our clock behind Discord's", id(started.Add(2 * time.Second)), time.Second},
		{"not a snowflake", "abc", time.Second},
	} {
		if got := d.deferWait(&discordgo.Interaction{ID: c.id}, started); got != c.want {
			t.Errorf("%s: wait %v, want %v", c.name, got, c.want)
		}
	}
}
