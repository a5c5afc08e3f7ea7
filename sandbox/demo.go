//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// The demo server. Its shape (server, roles, private channels, people) is
// created in the emulator directly, as a server owner would in the Discord
// client before inviting the bot. Everything peerhours owns (settings,
// condition groups, memberships, office hours) is then made through the bot
// itself, by running its commands as the moderator and the patients, so the
// bot's database and the emulator agree as they would on Discord.

// InvitePermissions are the permissions the invite link in docs/operations.md grants the
// bot.
const InvitePermissions int64 = 386815740944

// Persona is someone the page lets you be.
type Persona struct {
	// Key names the persona in URLs ("alice").
	Key    string
	UserID string
	// Name is the display name ("Alice"); Role says who they are
	// ("patient", "clinician", "moderator").
	Name string
	Role string
}

// World is the demo server as the sandbox needs to know it.
type World struct {
	GuildID       string
	ModeratorRole string
	ClinicianRole string
	General       string
	Alerts        string
	Review        string
	Personas      []Persona
}

// Persona returns the persona with the key.
func (w *World) Persona(key string) (Persona, bool) {
	for _, p := range w.Personas {
		if p.Key == key {
			return p, true
		}
	}
	return Persona{}, false
}

type personaSpec struct {
	key, username, name, role string
	staffRole                 string // "moderator", "clinician" or ""
}

// The people of the demo, in the order the page lists them.
var personaSpecs = []personaSpec{
	{"alice", "alice", "Alice", "patient", ""},
	{"bob", "bob", "Bob", "patient", ""},
	{"drlee", "drlee", "Dr. Lee", "clinician", "clinician"},
	{"morgan", "morgan", "Morgan", "moderator", "moderator"},
}

const (
	demoGuildName     = "Peer Support (sandbox)"
	demoModRole       = "Moderators"
	demoClinicianRole = "Clinicians"
	demoTimezone      = "Europe/Berlin"
)

// BuildWorld creates the demo server in an empty emulator: the server with
// the bot in it, the moderator and clinician roles, #general, the private
// #alerts and #review channels, and the four personas.
func BuildWorld(dc *fakediscord.Server) (*World, error) {
	if len(dc.GuildIDs()) > 0 {
		return nil, errors.New("sandbox: the emulator already holds a server")
	}
	g, err := dc.AddGuild(fakediscord.GuildSpec{Name: demoGuildName, BotPermissions: InvitePermissions})
	if err != nil {
		return nil, err
	}
	w := &World{GuildID: g.ID}
	mod, err := dc.AddRole(g.ID, fakediscord.RoleSpec{Name: demoModRole, Color: 0x3498DB, Hoist: true,
		Permissions: discordgo.PermissionManageGuild | discordgo.PermissionManageMessages | discordgo.PermissionManageThreads | discordgo.PermissionModerateMembers})
	if err != nil {
		return nil, err
	}
	doc, err := dc.AddRole(g.ID, fakediscord.RoleSpec{Name: demoClinicianRole, Color: 0x2ECC71, Hoist: true})
	if err != nil {
		return nil, err
	}
	w.ModeratorRole, w.ClinicianRole = mod.ID, doc.ID
	general, err := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: "general", Topic: "Say hello, and run /join to join a condition group."})
	if err != nil {
		return nil, err
	}
	staffOnly := func() []*discordgo.PermissionOverwrite {
		return []*discordgo.PermissionOverwrite{
			{ID: g.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
			{ID: mod.ID, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
			{ID: doc.ID, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
			{ID: dc.BotUserID(), Type: discordgo.PermissionOverwriteTypeMember, Allow: discordgo.PermissionViewChannel},
		}
	}
	alerts, err := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: "alerts", Topic: "Emergency alerts for moderators. Private.", Overwrites: staffOnly()})
	if err != nil {
		return nil, err
	}
	review, err := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: "review", Topic: "Summary drafts for clinicians to review. Private.", Overwrites: staffOnly()})
	if err != nil {
		return nil, err
	}
	w.General, w.Alerts, w.Review = general.ID, alerts.ID, review.ID
	for _, p := range personaSpecs {
		var roles []string
		switch p.staffRole {
		case "moderator":
			roles = []string{mod.ID}
		case "clinician":
			roles = []string{doc.ID}
		}
		m, err := dc.AddMember(g.ID, fakediscord.MemberSpec{Username: p.username, GlobalName: p.name, Roles: roles})
		if err != nil {
			return nil, err
		}
		w.Personas = append(w.Personas, Persona{Key: p.key, UserID: m.User.ID, Name: p.name, Role: p.role})
	}
	return w, nil
}

// FindWorld finds the demo server in an emulator restored from a snapshot.
func FindWorld(dc *fakediscord.Server) (*World, error) {
	ids := dc.GuildIDs()
	if len(ids) != 1 {
		return nil, fmt.Errorf("sandbox: the saved world has %d servers, want 1", len(ids))
	}
	w := &World{GuildID: ids[0]}
	for name, dst := range map[string]*string{demoModRole: &w.ModeratorRole, demoClinicianRole: &w.ClinicianRole} {
		r, ok := dc.RoleByName(w.GuildID, name)
		if !ok {
			return nil, fmt.Errorf("sandbox: the saved world has no %s role", name)
		}
		*dst = r.ID
	}
	for name, dst := range map[string]*string{"general": &w.General, "alerts": &w.Alerts, "review": &w.Review} {
		ch, ok := dc.ChannelByName(w.GuildID, name)
		if !ok {
			return nil, fmt.Errorf("sandbox: the saved world has no #%s", name)
		}
		*dst = ch.ID
	}
	members := dc.Members(w.GuildID)
	for _, p := range personaSpecs {
		i := slices.IndexFunc(members, func(m *discordgo.Member) bool { return m.User.Username == p.username })
		if i < 0 {
			return nil, fmt.Errorf("sandbox: the saved world has no member %s", p.username)
		}
		w.Personas = append(w.Personas, Persona{Key: p.key, UserID: members[i].User.ID, Name: p.name, Role: p.role})
	}
	return w, nil
}

// Seed makes the demo's peerhours state through the running bot: /setup and
// two condition groups as the moderator, patient B joining Diabetes and
// asking the group something, and, if the bot has /officehours, a session
// of Diabetes office hours soon. It waits for each reply and fails on the
// first that does not come.
func (w *World) Seed(ctx context.Context, dc *fakediscord.Server) error {
	mod, _ := w.Persona("morgan")
	bob, _ := w.Persona("bob")
	doc, _ := w.Persona("drlee")
	run := func(user, name, sub string, opts ...fakediscord.Option) (*discordgo.Message, error) {
		it, err := dc.RunCommand(fakediscord.SlashCommand{ChannelID: w.General, UserID: user, Name: name, Subcommand: sub, Options: opts})
		if err != nil {
			return nil, fmt.Errorf("/%s %s: %w", name, sub, err)
		}
		m, err := it.WaitReply(ctx)
		if err != nil {
			return nil, fmt.Errorf("/%s %s: no reply: %w", name, sub, err)
		}
		return m, nil
	}
	opt := func(name string, v any) fakediscord.Option { return fakediscord.Option{Name: name, Value: v} }

	// What a moderator would pin in #general on a real server.
	if _, err := dc.PostMessage(fakediscord.UserMessage{ChannelID: w.General, AuthorID: mod.UserID, Content: welcome}); err != nil {
		return err
	}
	if _, err := run(mod.UserID, "setup", "",
		opt("moderator_role", w.ModeratorRole), opt("clinician_role", w.ClinicianRole),
		opt("review_channel", w.Review), opt("alert_channel", w.Alerts), opt("timezone", demoTimezone)); err != nil {
		return err
	}
	for _, c := range []struct{ name, about string }{
		{"Diabetes", "Type 1, type 2 and gestational diabetes: day-to-day life, devices, food, mood."},
		{"Asthma", "Living with asthma: inhalers, triggers, exercise, seasons."},
	} {
		m, err := run(mod.UserID, "condition", "create", opt("name", c.name), opt("description", c.about))
		if err != nil {
			return err
		}
		if !strings.Contains(messageText(m), "is ready") {
			return fmt.Errorf("/condition create %s was refused", c.name)
		}
	}

	// Patient B is already a member of Diabetes and has asked the group
	// something peers can answer: a thread, with the mentors pinged.
	m, err := run(bob.UserID, "join", "", opt("condition", "Diabetes"))
	if err != nil {
		return err
	}
	if id := buttonWithLabel(m, "Accept"); id != "" {
		it, err := dc.ClickButton(fakediscord.ComponentClick{ChannelID: m.ChannelID, MessageID: m.ID, UserID: bob.UserID, CustomID: id})
		if err != nil {
			return fmt.Errorf("accept the guidelines: %w", err)
		}
		if _, err := it.WaitReply(ctx); err != nil {
			return fmt.Errorf("accept the guidelines: %w", err)
		}
	}
	peer, ok := dc.ChannelByName(w.GuildID, "diabetes")
	if !ok {
		return errors.New("sandbox: /condition create made no #diabetes")
	}
	if _, err := dc.PostMessage(fakediscord.UserMessage{ChannelID: peer.ID, AuthorID: bob.UserID,
		Content: "Hi everyone! I was diagnosed with type 1 last spring. How do you all deal with needle fatigue?"}); err != nil {
		return err
	}

	// Dr. Lee is a verified clinician: only a current verification lets a
	// clinician take questions, and it holds the clinician role.
	if w.hasSubcommand(dc, mod.UserID, "clinician", "verify") {
		expires := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
		m, err := run(mod.UserID, "clinician", "verify", opt("member", doc.UserID), opt("licence", "DEMO-00000"),
			opt("jurisdiction", "Ontario"), opt("expires", expires))
		if err != nil {
			return err
		}
		if !strings.Contains(messageText(m), "verified clinician") {
			return errors.New("/clinician verify of Dr. Lee was refused")
		}
	}
	if w.hasSubcommand(dc, mod.UserID, "officehours", "schedule") {
		if err := w.scheduleOfficeHours(ctx, dc, run, mod, doc); err != nil {
			return err
		}
	}
	return nil
}

const welcome = "Welcome to **Peer Support**! 👋 This is a place to share what living with a condition is like, with people who know.\n" +
	"Run `/join` here to join a condition group (Diabetes or Asthma); its channels appear once you accept the guidelines.\n" +
	"-# Peer support, not medical advice. In an emergency, call your local emergency number."

// scheduleOfficeHours books Diabetes office hours a little ahead, weekly,
// with Dr. Lee, filling whichever of the usual options the command has.
func (w *World) scheduleOfficeHours(ctx context.Context, dc *fakediscord.Server,
	run func(user, name, sub string, opts ...fakediscord.Option) (*discordgo.Message, error), mod, doc Persona) error {
	loc, err := time.LoadLocation(demoTimezone)
	if err != nil {
		return err
	}
	start := time.Now().In(loc).Add(30 * time.Minute).Truncate(15 * time.Minute)
	defs := w.subcommandOptions(dc, mod.UserID, "officehours", "schedule")
	var opts []fakediscord.Option
	for _, d := range defs {
		var v any
		switch d.Name {
		case "condition":
			v = "Diabetes"
		case "start":
			v = start.Format("2006-01-02 15:04")
		case "duration":
			if d.Type == discordgo.ApplicationCommandOptionInteger || d.Type == discordgo.ApplicationCommandOptionNumber {
				v = 60
			} else {
				v = "60m"
			}
		case "repeat":
			v = choiceOr(d, "weekly")
		case "clinician":
			v = doc.UserID
		case "timezone":
			v = demoTimezone
		}
		if v != nil {
			opts = append(opts, fakediscord.Option{Name: d.Name, Value: v})
		}
	}
	if _, err := run(mod.UserID, "officehours", "schedule", opts...); err != nil {
		return err
	}
	// Each session is a Discord scheduled event, which the bot's job runner
	// creates a moment after the reply: wait for the first, and a refusal
	// means the schedule did not take.
	call, err := dc.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Route == "POST /guilds/{g}/scheduled-events"
	})
	if err != nil {
		return fmt.Errorf("/officehours schedule made no scheduled event: %w", err)
	}
	if call.Status != http.StatusOK {
		return fmt.Errorf("/officehours schedule: creating its scheduled event was refused with HTTP %d", call.Status)
	}
	return nil
}

func choiceOr(d *discordgo.ApplicationCommandOption, want string) any {
	if len(d.Choices) == 0 {
		return want
	}
	for _, c := range d.Choices {
		if strings.EqualFold(fmt.Sprint(c.Value), want) || strings.EqualFold(c.Name, want) {
			return c.Value
		}
	}
	return d.Choices[0].Value
}

func (w *World) subcommandOptions(dc *fakediscord.Server, userID, name, sub string) []*discordgo.ApplicationCommandOption {
	for _, c := range dc.CommandsFor(w.General, userID) {
		if c.Name != name || (c.Type != 0 && c.Type != discordgo.ChatApplicationCommand) {
			continue
		}
		for _, o := range c.Options {
			if o.Type == discordgo.ApplicationCommandOptionSubCommand && o.Name == sub {
				return o.Options
			}
		}
	}
	return nil
}

func (w *World) hasSubcommand(dc *fakediscord.Server, userID, name, sub string) bool {
	for _, c := range dc.CommandsFor(w.General, userID) {
		if c.Name == name {
			return slices.ContainsFunc(c.Options, func(o *discordgo.ApplicationCommandOption) bool {
				return o.Type == discordgo.ApplicationCommandOptionSubCommand && o.Name == sub
			})
		}
	}
	return false
}

// messageText is what a person reads in a message: content and embeds.
func messageText(m *discordgo.Message) string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
	}
	return b.String()
}

// buttonWithLabel returns the custom ID of the first button whose label
// contains label.
func buttonWithLabel(m *discordgo.Message, label string) string {
	for _, row := range m.Components {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range ar.Components {
			if b, ok := c.(*discordgo.Button); ok && strings.Contains(b.Label, label) {
				return b.CustomID
			}
		}
	}
	return ""
}
