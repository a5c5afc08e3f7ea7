package discordadapter

import (
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func TestMemberText(t *testing.T) {
	for in, want := range map[string]string{
		"how much insulin?": "how much insulin?",
		"[Verify your account](https://phish.example/login) now":   "Verify your account (`https://phish.example/login`) now",
		"[Verify](<https://phish.example/a b>)":                    "[Verify](<`https://phish.example/a` b>)",
		`[ok](https://x.example "title")`:                          "ok (`https://x.example`)",
		"[https://bank.example](https://phish.example)":            "`https://bank.example` (`https://phish.example`)",
		"join discord.gg/abc123 or https://discord.com/invite/xyz": "join `discord.gg/abc123` or `https://discord.com/invite/xyz`",
		"DISCORD.GG/abc":                                     "`DISCORD.GG/abc`",
		"see <https://example.org> and http://a":             "see `https://example.org` and `http://a`",
		"run </privacy delete:123456789012345678>":           "run /privacy delete",
		"ask <@123456789012345678> in <#123456789012345679>": "ask <@123456789012345678> in <#123456789012345679>",
		"code `https://x.example` stays":                     "code `https://x.example` stays",
		"https://x.example/`evil`":                           "`https://x.example/evil`",
		"**bold** and > quote":                               "**bold** and > quote",
	} {
		if got := memberText(in); got != want {
			t.Errorf("memberText(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// Every place the bot quotes a member's text follows memberText: the link
// in the question is never clickable under the bot's name.
func TestEveryQuoteOfMemberTextHasNoLinks(t *testing.T) {
	const text = "[Verify your account](https://phish.example/login) or join discord.gg/scam please"
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	places := map[string]string{
		"queue item":          itemEmbed(bot.QueueItem{Position: 1, Text: text, UserID: "u", AskedAt: at}).Description,
		"you took":            takenReply(bot.English, bot.TakeResult{Item: bot.QueueItem{Position: 1, Text: text, UserID: "u", AskedAt: at}}).Embeds[0].Description,
		"private thread":      questionTakenMessage(bot.QuestionTakenNotice{ThreadID: "t", UserID: "u", ClinicianID: "c", Text: text, Private: true}).Content,
		"session report":      render(bot.SessionReport{Condition: "Diabetes", Items: []bot.ReportItem{{Position: 1, Outcome: bot.OutcomeAnswered, Excerpt: text}}}).Embeds[0].Description,
		"queue (staff)":       queueEmbed(bot.English, bot.QueueView{Staff: true, Entries: []bot.QueueEntry{{Question: bot.Question{Text: text, UserID: "u", CreatedAt: at, Status: bot.QuestionQueued}, Position: 1}}, Waiting: 1}, at).Description,
		"queue (the patient)": queueEmbed(bot.English, bot.QueueView{Entries: []bot.QueueEntry{{Question: bot.Question{Text: text, UserID: "u", CreatedAt: at, Status: bot.QuestionQueued}, Position: 1}}, Waiting: 1}, at).Description,
	}
	for place, got := range places {
		if strings.Contains(got, "](http") || strings.Contains(got, " discord.gg") || !strings.Contains(got, "`https://phish.example/login`") {
			t.Errorf("%s quotes a clickable link:\n%s", place, got)
		}
	}
}
