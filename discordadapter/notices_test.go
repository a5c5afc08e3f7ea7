package discordadapter

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// A receipt offers Withdraw while its question waits, and says what became
// of it, without the button, once it left the queue.
func TestReceiptRendering(t *testing.T) {
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	// Far in the past for the machine's clock: the wording follows the
	// domain's Open, decided by the service's clock, not time.Now.
	base := bot.QueueReceipt{ChannelID: "c", ReplyTo: "m", UserID: "u", QuestionID: 7, Condition: "Diabetes", NextSession: at.AddDate(-5, 0, 0), Status: bot.QuestionQueued}
	for _, tc := range []struct {
		name     string
		r        bot.QueueReceipt
		want     string
		withdraw bool
	}{
		{"upcoming", base, "for <t:", true},
		{"open", func() bot.QueueReceipt { r := base; r.Open = true; return r }(), "a session is open right now", true},
		{"answered", func() bot.QueueReceipt { r := base; r.Status, r.AnsweredAt = bot.QuestionAnswered, at; return r }(), "answered in the **Diabetes** office hours <t:1796148000:F>", false},
		{"withdrawn", func() bot.QueueReceipt { r := base; r.Status = bot.QuestionWithdrawn; return r }(), "withdrawn", false},
		{"removed", func() bot.QueueReceipt { r := base; r.Status = bot.QuestionRemoved; return r }(), "no longer in the **Diabetes** office-hours queue", false},
	} {
		m := render(tc.r)
		if !strings.Contains(m.Content, tc.want) {
			t.Errorf("%s: %q, want it to say %q", tc.name, m.Content, tc.want)
		}
		if m.Components == nil {
			t.Errorf("%s: components nil; an edit must send [] to remove the button", tc.name)
		}
		has := false
		for _, row := range m.Components {
			for _, c := range row.(discordgo.ActionsRow).Components {
				if b, ok := c.(discordgo.Button); ok && b.Label == "Withdraw" {
					has = true
				}
			}
		}
		if has != tc.withdraw {
			t.Errorf("%s: Withdraw button %v, want %v", tc.name, has, tc.withdraw)
		}
		if am := m.AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 {
			t.Errorf("%s: allowed mentions %+v", tc.name, am)
		}
	}
}
