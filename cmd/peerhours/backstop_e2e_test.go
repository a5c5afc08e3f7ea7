package main

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// autoModAlerts are Discord's own AutoMod alert posts in a channel.
func (h *harness) autoModAlerts(channelID string) []*discordgo.Message {
	var out []*discordgo.Message
	for _, m := range h.dc.Messages(channelID) {
		if m.Type == 24 { // AUTO_MODERATION_ACTION
			out = append(out, m)
		}
	}
	return out
}

// Issue 20, the AutoMod backstop: /setup backstop:True installs a Discord
// AutoMod keyword rule (and says plainly when the bot lacks Manage Server
// for it); a crisis message then gets Discord's alert beside the bot's, and
// the bot answers Discord's alert with a link to its own, pinging nobody;
// a match the bot reads as no emergency is answered so; with the bot
// stopped Discord still alerts; backstop:False removes the rule.
func TestAutoModBackstopEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	if got := text(h.command(h.owner, h.general, "setup", "", opt("backstop", true))); !strings.Contains(got, "Manage Server permission") {
		t.Errorf("/setup backstop:True without Manage Server:\n%s", got)
	}
	if rules := h.dc.AutoModRules(h.guild); len(rules) != 0 {
		t.Fatalf("a refused /setup left %d rules", len(rules))
	}
	if err := h.dc.SetBotPermissions(h.guild, invitePermissions|discordgo.PermissionManageGuild); err != nil {
		t.Fatal(err)
	}
	if got := text(h.command(h.owner, h.general, "setup", "", opt("backstop", true))); !strings.Contains(got, "AutoMod backstop: on") {
		t.Fatalf("/setup backstop:True:\n%s", got)
	}
	rules := h.dc.AutoModRules(h.guild)
	if len(rules) != 1 || len(rules[0].TriggerMetadata.KeywordFilter) < 50 || rules[0].Actions[0].Metadata.ChannelID != h.alerts ||
		len(*rules[0].ExemptRoles) != 2 || len(rules[0].Actions) != 1 {
		t.Fatalf("AutoMod rules: %+v", rules)
	}
	_, peer, _, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")

	// A crisis: the bot's reply and alert, Discord's alert, and the bot's
	// answer to Discord's alert linking its own.
	crisis := h.post(peer.ID, h.patient, "I want to end my life tonight, I have it all planned")
	h.botMessage(peer.ID, replyTo(crisis.ID))
	h.alertCall(1)
	if n := len(h.autoModAlerts(h.alerts)); n != 1 {
		t.Fatalf("%d AutoMod alerts", n)
	}
	first := h.autoModAlerts(h.alerts)[0]
	note := h.botMessage(h.alerts, replyTo(first.ID))
	if !strings.Contains(note.Content, "peerhours raised this too") || !strings.Contains(note.Content, "/channels/"+h.guild+"/"+h.alerts+"/") ||
		len(note.Mentions) != 0 || len(note.MentionRoles) != 0 {
		t.Errorf("the answer to Discord's alert: %q (mentions %v roles %v)", note.Content, note.Mentions, note.MentionRoles)
	}

	// AutoMod matches words; the bot reads the message.
	news := h.post(peer.ID, h.patient, "the news had a story about a man who wanted to end it all, so sad")
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.autoModAlerts(h.alerts)) == 2 }); err != nil {
		t.Fatal("no second AutoMod alert")
	}
	second := h.autoModAlerts(h.alerts)[1]
	if got := h.botMessage(h.alerts, replyTo(second.ID)).Content; !strings.Contains(got, "as no emergency") || !strings.Contains(got, news.ID) {
		t.Errorf("the answer to a match that is no emergency: %q", got)
	}

	// With the bot stopped, Discord alone still alerts.
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	h.post(peer.ID, h.patient, "goodbye forever everyone")
	if n := len(h.autoModAlerts(h.alerts)); n != 3 {
		t.Errorf("%d AutoMod alerts with the bot stopped, want 3", n)
	}

	h.start()
	if got := text(h.command(h.owner, h.general, "setup", "", opt("backstop", false))); !strings.Contains(got, "AutoMod backstop: off") {
		t.Errorf("/setup backstop:False:\n%s", got)
	}
	if rules := h.dc.AutoModRules(h.guild); len(rules) != 0 {
		t.Errorf("%d rules after backstop:False", len(rules))
	}
	h.checkNoPingByAccident()
	if strings.Contains(h.logs.String(), "end my life") {
		t.Error("message text in the logs")
	}
}
