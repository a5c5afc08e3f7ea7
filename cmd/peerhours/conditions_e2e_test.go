package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/internal/fakediscord"
)

// createCalls counts the REST calls that create or change something.
func (h *harness) createCalls() int {
	n := 0
	for _, c := range h.dc.Calls() {
		if c.Method != "GET" && !strings.Contains(c.Route, "/interactions/") && !strings.Contains(c.Route, "/webhooks/") {
			n++
		}
	}
	return n
}

func (h *harness) hasRole(userID, roleID string) bool {
	m, ok := h.dc.Member(h.guild, userID)
	return ok && slices.Contains(m.Roles, roleID)
}

func (h *harness) can(userID, channelID string, perm int64) bool {
	return h.dc.Permissions(h.guild, userID, channelID)&perm == perm
}

// createCondition runs /condition create as the moderator and returns the
// condition's role and channels from the emulator's state.
func (h *harness) createCondition(name string) (role, peer, office *discordgo.Channel, roleID string) {
	h.t.Helper()
	reply := h.command(h.mod, h.general, "condition", "create", opt("name", name))
	if !strings.Contains(text(reply), "is ready") {
		h.t.Fatalf("/condition create %s: %s", name, text(reply))
	}
	r, ok := h.dc.RoleByName(h.guild, name)
	if !ok {
		h.t.Fatalf("no role %q", name)
	}
	slug := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
	peer, ok1 := h.dc.ChannelByName(h.guild, slug)
	office, ok2 := h.dc.ChannelByName(h.guild, slug+"-office-hours")
	cat, ok3 := h.dc.ChannelByName(h.guild, name)
	if !ok1 || !ok2 || !ok3 {
		h.t.Fatalf("channels of %s missing: %v %v %v", name, ok1, ok2, ok3)
	}
	return cat, peer, office, r.ID
}

// join runs /join and accepts the guidelines if asked.
func (h *harness) join(user, condition string) {
	h.t.Helper()
	reply := h.command(user, h.general, "join", "", opt("condition", condition))
	if strings.Contains(text(reply), "[Accept") {
		reply = h.click(user, reply, buttonID(h.t, reply, "Accept"))
	}
	if !strings.Contains(text(reply), "You're in") {
		h.t.Fatalf("/join %s: %s", condition, text(reply))
	}
}

func TestSetupEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()

	shown := text(h.command(h.owner, h.general, "setup", ""))
	if !strings.Contains(shown, "Still to set") || !strings.Contains(shown, "moderator_role") {
		t.Errorf("/setup with nothing set:\n%s", shown)
	}
	before := h.createCalls()
	bad := text(h.command(h.owner, h.general, "setup", "", opt("timezone", "Mars/Olympus"), opt("moderator_role", h.modRole)))
	if !strings.Contains(bad, "not a time zone") {
		t.Errorf("unknown time zone: %s", bad)
	}
	if again := text(h.command(h.owner, h.general, "setup", "")); !strings.Contains(again, "moderator_role") {
		t.Errorf("a refused /setup changed the moderator role:\n%s", again)
	}
	everyone := text(h.command(h.owner, h.general, "setup", "", opt("moderator_role", h.guild)))
	if !strings.Contains(everyone, "@everyone") {
		t.Errorf("@everyone as moderator role: %s", everyone)
	}
	h.setup()
	saved := text(h.command(h.owner, h.general, "setup", ""))
	for _, want := range []string{"<@&" + h.modRole + ">", "<#" + h.alerts + ">", "Europe/Berlin", "911"} {
		if !strings.Contains(saved, want) {
			t.Errorf("settings lack %q:\n%s", want, saved)
		}
	}
	if strings.Contains(saved, "not private") {
		t.Errorf("private alert and review channels were called public:\n%s", saved)
	}
	public := text(h.command(h.owner, h.general, "setup", "", opt("alert_channel", h.general)))
	if !strings.Contains(public, "alert channel is not private") || !strings.Contains(public, "<#"+h.general+">") || strings.Contains(public, "review channel is not private") {
		t.Errorf("a public alert channel got no warning:\n%s", public)
	}
	h.command(h.owner, h.general, "setup", "", opt("alert_channel", h.alerts))
	if h.createCalls() != before {
		t.Error("/setup made changes on Discord")
	}

	// The country chooses the numbers crisis replies give.
	spain := text(h.command(h.owner, h.general, "setup", "", opt("country", "ES")))
	if !strings.Contains(spain, "Country: Spain") || !strings.Contains(spain, "Call 112 now.") || !strings.Contains(spain, "024") ||
		!strings.Contains(spain, "Spain's, from peerhours' table") {
		t.Errorf("/setup country:ES:\n%s", spain)
	}
	if other := text(h.command(h.owner, h.general, "setup", "", opt("country", "none"))); !strings.Contains(other, "Country: not set") ||
		!strings.Contains(other, bot.DefaultEmergencyNumber) {
		t.Errorf("/setup country:none:\n%s", other)
	}

	i, err := h.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.owner, Name: "setup",
		Options: []fakediscord.Option{{Name: "timezone", Value: "new y", Focused: true}}})
	if err != nil {
		t.Fatal(err)
	}
	choices, err := i.WaitChoices(h.ctx)
	if err != nil || len(choices) == 0 || choices[0].Value != "America/New_York" {
		t.Errorf("time zone autocomplete = %v, %v", choices, err)
	}

	// /setup is hidden from a plain member by default_member_permissions.
	if _, err := h.dc.RunCommand(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: "setup"}); !errors.Is(err, fakediscord.ErrNotAllowed) {
		t.Errorf("a plain member could run /setup: %v", err)
	}
	h.checkNoPingByAccident()
}

func TestConditionCreateEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()

	before := h.createCalls()
	needs := text(h.command(h.mod, h.general, "condition", "create", opt("name", "Diabetes")))
	if !strings.Contains(needs, "Only moderators") || !strings.Contains(needs, "/setup moderator_role:@role") {
		t.Errorf("moderator command before /setup should refuse and say how to set the moderator role: %s", needs)
	}
	h.setup()
	for name, want := range map[string]string{
		"Diabetes!": "only letters, digits, spaces and hyphens",
		"<@123>":    "only letters",
		"--":        "at least one letter",
	} {
		got := text(h.command(h.mod, h.general, "condition", "create", opt("name", name)))
		if !strings.Contains(got, want) {
			t.Errorf("name %q: reply %q, want it to say %q", name, got, want)
		}
	}
	plain := text(h.command(h.patient, h.general, "condition", "create", opt("name", "Diabetes")))
	if !strings.Contains(plain, "Only moderators") {
		t.Errorf("plain member: %s", plain)
	}
	if h.createCalls() != before {
		t.Fatalf("refused commands made %d changes on Discord", h.createCalls()-before)
	}

	cat, peer, office, role := h.createCondition("Diabetes")
	if peer.ParentID != cat.ID || office.ParentID != cat.ID {
		t.Error("channels are not in the condition's category")
	}
	mentor, ok := h.dc.RoleByName(h.guild, "Diabetes Peer Mentor")
	if !ok || !mentor.Mentionable {
		t.Errorf("mentor role = %+v", mentor)
	}
	for _, c := range h.dc.CallsTo("POST /guilds/{g}/channels") {
		var body struct {
			PermissionOverwrites []discordgo.PermissionOverwrite `json:"permission_overwrites"`
		}
		c.Decode(&body)
		if len(body.PermissionOverwrites) < 5 {
			t.Errorf("channel created with %d overwrites", len(body.PermissionOverwrites))
		}
	}
	view, send := int64(discordgo.PermissionViewChannel), int64(discordgo.PermissionSendMessages)
	for _, tc := range []struct {
		who, what     string
		user, channel string
		perm          int64
		want          bool
	}{
		{"a non-member", "see the peer channel", h.patient, peer.ID, view, false},
		{"a non-member", "see the office-hours channel", h.patient, office.ID, view, false},
		{"a moderator", "post in the peer channel", h.mod, peer.ID, view | send, true},
		{"a moderator", "post in office hours", h.mod, office.ID, view | send, true},
		{"a clinician", "post in the peer channel", h.doc, peer.ID, view | send, true},
		{"a clinician", "post in office hours", h.doc, office.ID, view | send, true},
		{"the bot", "post in the peer channel", h.dc.BotUserID(), peer.ID, view | send, true},
	} {
		if got := h.can(tc.user, tc.channel, tc.perm); got != tc.want {
			t.Errorf("%s can %s: %v, want %v", tc.who, tc.what, got, tc.want)
		}
	}

	// Joining: the prompt first, no role until Accept; Decline gives none.
	prompt := h.command(h.patient, h.general, "join", "", opt("condition", "diabetes"))
	if !strings.Contains(text(prompt), "not medical care") || !strings.Contains(text(prompt), "90 days") {
		t.Errorf("consent prompt:\n%s", text(prompt))
	}
	if h.hasRole(h.patient, role) {
		t.Fatal("role added before Accept")
	}
	declined := h.click(h.patient, prompt, buttonID(t, prompt, "Decline"))
	if !strings.Contains(text(declined), "not joined") || h.hasRole(h.patient, role) {
		t.Errorf("after Decline: %q, role %v", text(declined), h.hasRole(h.patient, role))
	}
	prompt = h.command(h.patient, h.general, "join", "", opt("condition", "Diabetes"))
	accepted := h.click(h.patient, prompt, buttonID(t, prompt, "Accept"))
	// Joining never makes anyone a mentor: mentors are vetted (/mentor apply).
	if !strings.Contains(text(accepted), "You're in") || !h.hasRole(h.patient, role) || h.hasRole(h.patient, mentor.ID) {
		t.Fatalf("after Accept: %q", text(accepted))
	}
	if !h.can(h.patient, peer.ID, view|send) || !h.can(h.patient, office.ID, view) || h.can(h.patient, office.ID, send) {
		t.Error("a member's access is wrong: want post in the peer channel, read-only office hours")
	}

	dup := text(h.command(h.mod, h.general, "condition", "create", opt("name", "diabetes")))
	if !strings.Contains(dup, "already exists") {
		t.Errorf("duplicate: %s", dup)
	}
	before = h.createCalls()
	unknown := text(h.command(h.patient2, h.general, "join", "", opt("condition", "Gout")))
	if !strings.Contains(unknown, `no condition group called "Gout"`) {
		t.Errorf("unknown condition: %s", unknown)
	}
	if unknown := text(h.command(h.patient2, h.general, "leave", "", opt("condition", "Gout"))); !strings.Contains(unknown, `no condition group called "Gout"`) {
		t.Errorf("/leave of an unknown condition: %s", unknown)
	}
	if h.createCalls() != before {
		t.Errorf("an unknown condition made %d changes on Discord", h.createCalls()-before)
	}

	left := text(h.command(h.patient, h.general, "leave", "", opt("condition", "Diabetes")))
	if !strings.Contains(left, "You left") || h.hasRole(h.patient, role) || h.hasRole(h.patient, mentor.ID) {
		t.Errorf("after /leave: %q", left)
	}
	h.checkNoPingByAccident()
}

// If Discord refuses midway, the reply names the missing permission and
// nothing half-made is left behind.
func TestConditionCreateRollsBack(t *testing.T) {
	t.Parallel()
	h := newWorld(t, withBotPermissions(invitePermissions&^discordgo.PermissionManageChannels))
	h.start()
	h.setup()
	rolesBefore := len(h.dc.Roles(h.guild))
	channelsBefore := len(h.dc.Channels(h.guild))
	reply := text(h.command(h.mod, h.general, "condition", "create", opt("name", "Asthma")))
	if !strings.Contains(reply, "Manage Channels") || !strings.Contains(reply, "Nothing was changed") {
		t.Errorf("reply: %s", reply)
	}
	if len(h.dc.CallsTo("POST /guilds/{g}/roles")) == 0 {
		t.Fatal("the test meant roles to be made before the refusal")
	}
	if n := len(h.dc.Roles(h.guild)); n != rolesBefore {
		t.Errorf("%d roles left behind", n-rolesBefore)
	}
	if n := len(h.dc.Channels(h.guild)); n != channelsBefore {
		t.Errorf("%d channels left behind", n-channelsBefore)
	}
	list := text(h.command(h.mod, h.general, "condition", "list"))
	if !strings.Contains(list, "none yet") {
		t.Errorf("list after a failed create: %s", list)
	}
}

// Consent is asked once per guidelines version, and survives a restart.
func TestConsentSurvivesRestart(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	h.createCondition("Diabetes")
	h.createCondition("Asthma")
	h.join(h.patient, "Diabetes")
	// A prompt shown before the restart still works after it: its buttons
	// carry the condition and the version.
	prompt := h.command(h.patient2, h.general, "join", "", opt("condition", "Asthma"))
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	h.start()
	reply := text(h.command(h.patient, h.general, "join", "", opt("condition", "Asthma")))
	if !strings.Contains(reply, "You're in") {
		t.Errorf("after a restart the guidelines were asked again: %s", reply)
	}
	accepted := text(h.click(h.patient2, prompt, buttonID(t, prompt, "Accept")))
	asthma, _ := h.dc.RoleByName(h.guild, "Asthma")
	if !strings.Contains(accepted, "You're in") || !h.hasRole(h.patient2, asthma.ID) {
		t.Errorf("Accept pressed after a restart: %q", accepted)
	}
}

func TestConditionListArchiveRepair(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	_, peer, _, role := h.createCondition("Long COVID")
	h.createCondition("Asthma")
	h.join(h.patient, "Long COVID")

	// Deleted by hand: shown as broken with the fix, and repaired.
	if err := h.dc.DeleteChannel(peer.ID); err != nil {
		t.Fatal(err)
	}
	list := text(h.command(h.mod, h.general, "condition", "list"))
	if !strings.Contains(list, "broken") || !strings.Contains(list, "/condition repair condition:Long COVID") {
		t.Errorf("list with a deleted channel:\n%s", list)
	}
	repaired := text(h.command(h.mod, h.general, "condition", "repair", opt("condition", "Long COVID")))
	if !strings.Contains(repaired, "recreated the peer channel.") || strings.Contains(repaired, "roles back") {
		t.Errorf("repair: %s", repaired)
	}
	newPeer, ok := h.dc.ChannelByName(h.guild, "long-covid")
	if !ok || !h.can(h.patient, newPeer.ID, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages) {
		t.Error("the repaired peer channel is not open to members")
	}
	if list := text(h.command(h.mod, h.general, "condition", "list")); strings.Contains(list, "broken") {
		t.Errorf("still broken:\n%s", list)
	}

	// A role deleted by hand: joining says so and how to fix it, instead of
	// failing on the missing ID, and the list shows it.
	asthma, _ := h.dc.RoleByName(h.guild, "Asthma")
	if err := h.dc.DeleteRole(h.guild, asthma.ID); err != nil {
		t.Fatal(err)
	}
	prompt := h.command(h.patient2, h.general, "join", "", opt("condition", "Asthma"))
	refused := text(h.click(h.patient2, prompt, buttonID(t, prompt, "Accept")))
	if !strings.Contains(refused, "was deleted") || !strings.Contains(refused, "/condition repair condition:Asthma") {
		t.Errorf("join with the role deleted: %s", refused)
	}
	if list := text(h.command(h.mod, h.general, "condition", "list")); !strings.Contains(list, "Asthma** — broken: its role was deleted") {
		t.Errorf("list with a deleted role:\n%s", list)
	}
	if repaired := text(h.command(h.mod, h.general, "condition", "repair", opt("condition", "Asthma"))); !strings.Contains(repaired, "recreated the role. Members on record got the new roles back.") {
		t.Errorf("repair of a role: %s", repaired)
	}
	h.join(h.patient2, "Asthma")
	if r, ok := h.dc.RoleByName(h.guild, "Asthma"); !ok || !h.hasRole(h.patient2, r.ID) {
		t.Error("no Asthma role after the repair and a join")
	}

	archived := text(h.command(h.mod, h.general, "condition", "archive", opt("condition", "Long COVID")))
	if !strings.Contains(archived, "archived") {
		t.Errorf("archive: %s", archived)
	}
	if h.can(h.patient, newPeer.ID, discordgo.PermissionSendMessages) || !h.can(h.patient, newPeer.ID, discordgo.PermissionViewChannel) {
		t.Error("an archived channel should be readable, not writable")
	}
	if !h.hasRole(h.patient, role) {
		t.Error("archiving took the members' role: their history should stay readable")
	}
	again := text(h.command(h.patient2, h.general, "join", "", opt("condition", "Long COVID")))
	if !strings.Contains(again, "archived") {
		t.Errorf("join an archived condition: %s", again)
	}
	if list := text(h.command(h.mod, h.general, "condition", "list")); !strings.Contains(list, "archived") {
		t.Errorf("list does not show the archive:\n%s", list)
	}
	// Autocomplete offers an archived group to /leave, which still takes it,
	// and not to /join, which does not.
	for cmd, want := range map[string]bool{"join": false, "leave": true} {
		i, err := h.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: cmd,
			Options: []fakediscord.Option{{Name: "condition", Value: "long", Focused: true}}})
		if err != nil {
			t.Fatal(err)
		}
		choices, err := i.WaitChoices(h.ctx)
		if got := len(choices) == 1 && choices[0].Value == "Long COVID"; err != nil || got != want {
			t.Errorf("/%s autocomplete for an archived group = %v, %v; want it offered: %v", cmd, choices, err, want)
		}
	}
	if left := text(h.command(h.patient, h.general, "leave", "", opt("condition", "Long COVID"))); !strings.Contains(left, "You left") || h.hasRole(h.patient, role) {
		t.Errorf("/leave of an archived group: %s", left)
	}
	h.checkNoPingByAccident()
}

// /join's autocomplete answers with at most 25 open conditions.
func TestJoinAutocomplete(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	for i := range 27 {
		h.command(h.mod, h.general, "condition", "create", opt("name", fmt.Sprintf("Condition %02d", i)))
	}
	i, err := h.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: "join",
		Options: []fakediscord.Option{{Name: "condition", Value: "cond", Focused: true}}})
	if err != nil {
		t.Fatal(err)
	}
	choices, err := i.WaitChoices(h.ctx)
	if err != nil || len(choices) != 25 {
		t.Fatalf("choices = %d, %v", len(choices), err)
	}
	i, _ = h.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: "join",
		Options: []fakediscord.Option{{Name: "condition", Value: "26", Focused: true}}})
	if choices, _ := i.WaitChoices(h.ctx); len(choices) != 1 || choices[0].Value != "Condition 26" {
		t.Errorf("choices for '26' = %v", choices)
	}
}
