package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/pgtest"
)

// The end-to-end tests run the real program (run) against the Discord
// emulator over loopback: the real discordgo session, a real SQLite file,
// and assertions on the REST calls the emulator recorded. They wait on
// those calls, never on sleeps.

// e2eParallel is how many of this package's parallel tests run at once,
// unless -parallel says otherwise. The end-to-end tests spend most of
// their time waiting (a locked database's busy timeout, an LLM's timeout,
// discordgo's one-second close, a killed process's restart), so the default,
// GOMAXPROCS, would leave a 2-core machine mostly idle while they wait. The
// tests that measure real time (Discord's 3-second window, a goroutine
// count) do not call t.Parallel, so they run alone, before these start.
const e2eParallel = 4

// TestMain sets the parallelism above and removes the binary the tests
// built (fault_kill_test.go), once they all ran.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(max(e2eParallel, runtime.GOMAXPROCS(0))))
	}
	code := pgtest.Run(m) // m.Run, then stops the PostgreSQL server it started
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// invitePermissions are the permissions the invite link in docs/operations.md asks for.
const invitePermissions int64 = 386815740944

// harness is one running bot in a one-server world: an owner with Manage
// Server, a moderator, a clinician and two patients.
type harness struct {
	t      *testing.T
	dc     *fakediscord.Server
	ctx    context.Context
	guild  string
	env    map[string]string
	logs   *lockedBuffer
	clock  *bottest.Clock // the emulator's
	cancel context.CancelFunc
	done   chan error

	// hooks, when set (withBotClock), start the bot through serveWith.
	hooks *serveHooks
	svc   atomic.Pointer[bot.Service]

	modRole, docRole                   string
	general, alerts, review            string
	owner, mod, doc, patient, patient2 string
}

// lockedBuffer collects the program's log output safely across goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// worldBudget bounds the waits of a whole end-to-end test (the harness's
// ctx). Every wait is for an event, so the bound is only how long a broken
// test hangs before it fails, never a measure of speed: a story that takes
// 10 s on a quiet machine takes several times that under -race on a busy
// 2-core one, with another test binary beside it.
const worldBudget = 3 * time.Minute

type worldOption func(*fakediscord.Options, *fakediscord.GuildSpec)

// withoutMessageContent leaves the privileged intent off in the "portal".
func withoutMessageContent(o *fakediscord.Options, _ *fakediscord.GuildSpec) { o.PrivilegedIntents = 0 }

// withBotPermissions changes what the invite granted.
func withBotPermissions(p int64) worldOption {
	return func(_ *fakediscord.Options, g *fakediscord.GuildSpec) { g.BotPermissions = p }
}

// newWorld starts the emulator with a server in it, without the bot.
func newWorld(t *testing.T, opts ...worldOption) *harness {
	t.Helper()
	// The emulator's clock stands still unless a test moves it, so a loaded
	// machine cannot push an interaction past Discord's 3-second window.
	clock := bottest.NewClock(time.Now())
	// Every request the bot sends is checked against Discord's OpenAPI
	// description (refused with 50035 if it does not conform).
	o := fakediscord.Options{PrivilegedIntents: discordgo.IntentMessageContent, Now: clock.Now, Spec: fakediscord.RepoSpec(t.Logf)}
	g := fakediscord.GuildSpec{Name: "Peer Support", BotPermissions: invitePermissions}
	for _, opt := range opts {
		opt(&o, &g)
	}
	dc, err := fakediscord.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dc.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), worldBudget)
	t.Cleanup(cancel)
	h := &harness{t: t, dc: dc, ctx: ctx, logs: &lockedBuffer{}, clock: clock}
	h.addGuild(g)
	h.env = map[string]string{
		"DISCORD_TOKEN":     dc.Token(),
		"DISCORD_API_URL":   dc.URL(),
		"DISCORD_GUILD_IDS": h.guild,
		"DATABASE_PATH":     filepath.Join(t.TempDir(), "peerhours.db"),
		"HTTP_ADDR":         "",
		"LOG_LEVEL":         "debug",
		"LOG_FORMAT":        "json",
	}
	if onPostgres(t) {
		h.env["DATABASE_URL"] = pgtest.Database(t)
	}
	return h
}

// addGuild adds a server to the emulator the way newWorld's is, with its
// roles, channels and members, and makes it h's.
func (h *harness) addGuild(g fakediscord.GuildSpec) {
	h.t.Helper()
	dc := h.dc
	guild := h.must(dc.AddGuild(g)).(*discordgo.Guild)
	h.guild, h.owner = guild.ID, guild.OwnerID
	h.modRole = h.must(dc.AddRole(guild.ID, fakediscord.RoleSpec{Name: "Moderators"})).(*discordgo.Role).ID
	h.docRole = h.must(dc.AddRole(guild.ID, fakediscord.RoleSpec{Name: "Clinicians"})).(*discordgo.Role).ID
	h.general = h.must(dc.AddChannel(guild.ID, fakediscord.ChannelSpec{Name: "general"})).(*discordgo.Channel).ID
	private := []*discordgo.PermissionOverwrite{
		{ID: guild.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
		{ID: h.modRole, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
		{ID: h.docRole, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
		{ID: dc.BotUserID(), Type: discordgo.PermissionOverwriteTypeMember, Allow: discordgo.PermissionViewChannel},
	}
	h.alerts = h.must(dc.AddChannel(guild.ID, fakediscord.ChannelSpec{Name: "alerts", Overwrites: private})).(*discordgo.Channel).ID
	h.review = h.must(dc.AddChannel(guild.ID, fakediscord.ChannelSpec{Name: "review", Overwrites: private})).(*discordgo.Channel).ID
	member := func(name string, roles ...string) string {
		return h.must(dc.AddMember(guild.ID, fakediscord.MemberSpec{Username: name, GlobalName: strings.ToUpper(name[:1]) + name[1:], Roles: roles})).(*discordgo.Member).User.ID
	}
	h.mod = member("morgan", h.modRole)
	h.doc = member("drlee", h.docRole)
	h.patient = member("alice")
	h.patient2 = member("bob")
}

// withBotClock makes the bot keep the emulator's clock (which stands still
// unless the test moves it), so a test can step over the five minutes
// before a re-alert; call h.advance to move both and wake the job runner.
func (h *harness) withBotClock() {
	h.hooks = &serveHooks{now: h.clock.Now, service: func(s *bot.Service) { h.svc.Store(s) }}
}

// advance moves the shared clock and has the bot run what fell due. It
// first waits for the jobs due now to finish: moving the clock past the
// claim of a job still running would make it look abandoned and run it
// again, which a real clock never does in a moment.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	db := h.rawDB()
	if err := waitUntil(h.ctx, func() bool {
		var busy int
		err := db.QueryRow(`SELECT count(*) FROM jobs WHERE done_at = 0 AND (claimed_until != 0 OR due_at <= ?)`,
			h.clock.Now().UnixMilli()).Scan(&busy)
		return err == nil && busy == 0
	}); err != nil {
		h.t.Fatalf("the bot's jobs did not settle before moving the clock\nlogs:\n%s", h.logs)
	}
	h.clock.Advance(d)
	h.svc.Load().Wake()
}

// must unwraps (value, error) pairs from the emulator's setup calls.
func (h *harness) must(v any, err error) any {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
	return v
}

// start runs the program and waits until its commands are registered.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	env := h.env
	// Calls from an earlier run must not count as this run's registration.
	seen := len(h.dc.Calls())
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	go func() {
		if h.hooks != nil {
			h.done <- serveWith(ctx, lookup, h.logs, *h.hooks)
			return
		}
		h.done <- run(ctx, []string{"run"}, lookup, strings.NewReader(""), io.Discard, h.logs)
	}()
	h.t.Cleanup(func() { h.stop() })
	if _, err := h.dc.WaitCall(h.ctx, func(c fakediscord.Call) bool {
		return c.Seq > seen && c.Route == "PUT /applications/{app}/guilds/{g}/commands" && c.Status == 200
	}); err != nil {
		h.t.Fatalf("commands never registered: %v\nlogs:\n%s", err, h.logs)
	}
}

// stop cancels the program and returns what run returned; it fails the
// test if shutdown takes more than 10 s.
func (h *harness) stop() error {
	if h.cancel == nil {
		return nil
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		return err
	case <-time.After(10 * time.Second):
		h.t.Error("the program did not stop within 10 s")
		return errors.New("timeout")
	}
}

// command runs a slash command and waits for its reply.
func (h *harness) command(user, channel, name, sub string, opts ...fakediscord.Option) *discordgo.Message {
	h.t.Helper()
	i, err := h.dc.RunCommand(fakediscord.SlashCommand{ChannelID: channel, UserID: user, Name: name, Subcommand: sub, Options: opts})
	if err != nil {
		h.t.Fatalf("/%s %s: %v", name, sub, err)
	}
	m, err := i.WaitReply(h.ctx)
	if err != nil {
		h.t.Fatalf("/%s %s: no reply: %v\nlogs:\n%s", name, sub, err, h.logs)
	}
	return m
}

// click presses a button on a message and waits for the reply.
func (h *harness) click(user string, m *discordgo.Message, customID string) *discordgo.Message {
	h.t.Helper()
	i, err := h.dc.ClickButton(fakediscord.ComponentClick{ChannelID: m.ChannelID, MessageID: m.ID, UserID: user, CustomID: customID})
	if err != nil {
		h.t.Fatalf("click %s: %v", customID, err)
	}
	r, err := i.WaitReply(h.ctx)
	if err != nil {
		h.t.Fatalf("click %s: no reply: %v\nlogs:\n%s", customID, err, h.logs)
	}
	return r
}

// opt is shorthand for a command option.
func opt(name string, v any) fakediscord.Option { return fakediscord.Option{Name: name, Value: v} }

// text is everything a person would read in a message: content, embeds and
// button labels.
func text(m *discordgo.Message) string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		fmt.Fprintf(&b, "\n%s\n%s", e.Title, e.Description)
		for _, f := range e.Fields {
			fmt.Fprintf(&b, "\n%s: %s", f.Name, f.Value)
		}
	}
	for _, row := range m.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if btn, ok := c.(*discordgo.Button); ok {
					b.WriteString("\n[" + btn.Label + "]")
				}
			}
		}
	}
	return b.String()
}

// buttonID finds the custom ID of the button whose label contains label.
func buttonID(t *testing.T, m *discordgo.Message, label string) string {
	t.Helper()
	for _, row := range m.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if btn, ok := c.(*discordgo.Button); ok && strings.Contains(btn.Label, label) {
					return btn.CustomID
				}
			}
		}
	}
	t.Fatalf("no %q button in %q", label, text(m))
	return ""
}

// checkNoPingByAccident fails if any message the bot sent lacked an
// explicit allowed_mentions.
func (h *harness) checkNoPingByAccident() {
	h.t.Helper()
	for _, c := range h.dc.MissingAllowedMentions() {
		h.t.Errorf("%s sent without allowed_mentions", c.Route)
	}
}

// setup runs /setup with the world's roles and channels.
func (h *harness) setup() {
	h.t.Helper()
	h.command(h.owner, h.general, "setup", "",
		opt("moderator_role", h.modRole), opt("clinician_role", h.docRole),
		opt("review_channel", h.review), opt("alert_channel", h.alerts), opt("timezone", "Europe/Berlin"))
}
