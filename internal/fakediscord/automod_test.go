package fakediscord

import (
	"errors"
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestAutoModKeywordMatching(t *testing.T) {
	for _, c := range []struct {
		content, keyword string
		allow            []string
		want             bool
		matched          string
	}{
		{"I want to end my life tonight", "end my life", nil, true, "end my life"},
		{"I want to END MY LIFE", "end my life", nil, true, "end my life"},
		{"legend my life story", "end my life", nil, false, ""},
		{"the weekend my life changed", "end my life", nil, false, ""},
		{"catapult", "cat*", nil, true, "catapult"},
		{"wildcat", "*cat", nil, true, "wildcat"},
		{"education", "*cat*", nil, true, "education"},
		{"education", "cat", nil, false, ""},
		{"a cat!", "cat", nil, true, "cat"},
		{"suicídio", "suicídio", nil, true, "suicídio"},
		{"no quiero vivir más", "no quiero vivir", nil, true, "no quiero vivir"},
		{"the movie kill myself was sad", "kill myself", []string{"movie kill myself"}, false, ""},
		{"kill myself", "kill myself", []string{"movie kill myself"}, true, "kill myself"},
	} {
		k, m, ok := matchKeywords(c.content, []string{c.keyword}, c.allow)
		if ok != c.want || m != c.matched || (ok && k != c.keyword) {
			t.Errorf("%q against %q (allow %q) = %q %q %v, want %v %q", c.content, c.keyword, c.allow, k, m, ok, c.want, c.matched)
		}
	}
}

// A keyword rule with a "send alert message" action posts Discord's alert
// in its channel when a member's message matches, with no bot connected;
// a bot with Manage Server and the intent also gets the execution event.
// Rules need Manage Server, and a server has at most six keyword rules.
func TestAutoModAlertsWithAndWithoutTheBot(t *testing.T) {
	w := newWorld(t, Options{PrivilegedIntents: discordgo.IntentMessageContent}, discordgo.PermissionSendMessages)
	ctx := testCtx(t)
	alerts := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "alerts"}))
	s, rec := connect(t, w.srv, func(s *discordgo.Session) {
		s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent | discordgo.IntentAutoModerationExecution
	})
	enabled := true
	rule := &discordgo.AutoModerationRule{
		Name: "crisis backstop", EventType: discordgo.AutoModerationEventMessageSend, TriggerType: discordgo.AutoModerationEventTriggerKeyword,
		TriggerMetadata: &discordgo.AutoModerationTriggerMetadata{KeywordFilter: []string{"end my life", "overdos*"}},
		Actions: []discordgo.AutoModerationAction{{Type: discordgo.AutoModerationRuleActionSendAlertMessage,
			Metadata: &discordgo.AutoModerationActionMetadata{ChannelID: alerts.ID}}},
		Enabled: &enabled, ExemptRoles: &[]string{w.mod.ID},
	}
	var rest *discordgo.RESTError
	if _, err := s.AutoModerationRuleCreate(w.guild.ID, rule); !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusForbidden {
		t.Fatalf("creating a rule without Manage Server: %v", err)
	}
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionSendMessages|discordgo.PermissionManageGuild); err != nil {
		t.Fatal(err)
	}
	created, err := s.AutoModerationRuleCreate(w.guild.ID, rule)
	if err != nil {
		t.Fatal(err)
	}
	for range maxKeywordRules - 1 {
		if _, err := s.AutoModerationRuleCreate(w.guild.ID, rule); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AutoModerationRuleCreate(w.guild.ID, rule); !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != codeMaxAutoModRules {
		t.Errorf("a seventh keyword rule: %v", err)
	}
	for _, r := range w.srv.AutoModRules(w.guild.ID) {
		if r.ID != created.ID {
			if err := s.AutoModerationRuleDelete(w.guild.ID, r.ID); err != nil {
				t.Fatal(err)
			}
		}
	}

	// An exempt moderator's message does not fire; a member's does.
	must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.modUser.User.ID, Content: "if someone says end my life, ping us"}))
	flagged := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "I think I overdosed on my meds"}))
	rec.wait(t, ctx, "AUTO_MODERATION_ACTION_EXECUTION", func() bool { return len(rec.ofType("AUTO_MODERATION_ACTION_EXECUTION")) == 1 })
	rec.mu.Lock()
	ex := rec.ofType("AUTO_MODERATION_ACTION_EXECUTION")[0].Struct.(*discordgo.AutoModerationActionExecution)
	rec.mu.Unlock()
	if ex.MessageID != flagged.ID || ex.RuleID != created.ID || ex.MatchedKeyword != "overdos*" || ex.MatchedContent != "overdosed" || ex.AlertSystemMessageID == "" {
		t.Errorf("execution = %+v", ex)
	}
	msgs := w.srv.Messages(alerts.ID)
	if len(msgs) != 1 || msgs[0].ID != ex.AlertSystemMessageID || msgs[0].Type != messageTypeAutoModAction || msgs[0].Author.ID != w.patient.User.ID {
		t.Fatalf("alert channel = %+v", msgs)
	}

	// With the bot gone, Discord still alerts.
	s.Close()
	must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "tonight I end my life"}))
	if n := len(w.srv.Messages(alerts.ID)); n != 2 {
		t.Errorf("%d alerts after the bot left, want 2", n)
	}
}
