package discordadapter

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Every sentence with a count agrees with it, one or many.
func TestCountsAgreeWithTheirWords(t *testing.T) {
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	cond := bot.Condition{Name: "Diabetes", OfficeChannelID: "office"}
	open := bot.OfficeSession{Session: bot.Session{StartsAt: at, EndsAt: at.Add(time.Hour)}}
	content := func(m *discordgo.MessageSend) string { return m.Content }
	for _, tc := range []struct {
		name string
		got  string
		want []string
	}{
		{"start, one waiting", startText(bot.English, bot.SessionState{Session: open, Condition: cond, Waiting: 1}), []string{"1 question is waiting: take it from the posts"}},
		{"start, two waiting", startText(bot.English, bot.SessionState{Session: open, Condition: cond, Waiting: 2}), []string{"2 questions are waiting: take them from the posts"}},
		{"start, none waiting", startText(bot.English, bot.SessionState{Session: open, Condition: cond}), []string{"No questions are waiting yet"}},
		{"end, one moves", endText(bot.English, bot.SessionState{Condition: cond, Answered: 1, Waiting: 1, NextAt: at}), []string{"1 question answered", "1 question moves to <t:", "its asker was told"}},
		{"end, two move", endText(bot.English, bot.SessionState{Condition: cond, Waiting: 2, NextAt: at}), []string{"2 questions move to <t:", "the askers were told"}},
		{"end, one waits", endText(bot.English, bot.SessionState{Condition: cond, Waiting: 1}), []string{"1 question waits and no session"}},
		{"cancel series of one", cancelText(bot.English, bot.CancelResult{Condition: cond, Series: true, Cancelled: []bot.OfficeSession{open}, Waiting: 1, NextAt: at}),
			[]string{"1 session and its Discord event;", "1 question in the queue now goes to <t:"}},
		{"cancel, one waits", cancelText(bot.English, bot.CancelResult{Condition: cond, Cancelled: []bot.OfficeSession{open}, Waiting: 1}),
			[]string{"1 question waits in the queue", "so it gets answered"}},
		{"cancel, two wait", cancelText(bot.English, bot.CancelResult{Condition: cond, Cancelled: []bot.OfficeSession{open}, Waiting: 2}),
			[]string{"2 questions wait in the queue", "so they get answered"}},
		{"session end notice, one", content(sessionEndMessage(bot.SessionEndNotice{Condition: "Diabetes", Opened: true, Answered: 1, Waiting: 1, NextAt: at, Askers: []string{"a"}})),
			[]string{"1 question answered", "1 question moves to the next session", "<@a> — it is yours."}},
		{"session end notice, none scheduled", content(sessionEndMessage(bot.SessionEndNotice{Condition: "Diabetes", Opened: true, Waiting: 1})),
			[]string{"1 question still waits in the queue"}},
		{"session end notice, two", content(sessionEndMessage(bot.SessionEndNotice{Condition: "Diabetes", Opened: true, Waiting: 2, NextAt: at, Askers: []string{"a"}})),
			[]string{"2 questions move to the next session", "yours is among them"}},
		{"cancel notice, one", content(sessionCancelMessage(bot.SessionCancelNotice{Condition: "Diabetes", StartsAt: at, Waiting: 1, NextAt: at.Add(time.Hour)})),
			[]string{"1 question stays in the queue for the next session"}},
		{"opening, one agenda item", content(render(bot.SessionOpened{Condition: "Diabetes", EndsAt: at, Agenda: []bot.SummaryID{3}})),
			[]string{"follow-up from reviewed summary #3."}},
		{"privacy show, one summary", privacyEmbed(bot.English, bot.PrivacyOverview{Summaries: 1, AuditEntries: 1}).Fields[4].Value + privacyEmbed(bot.English, bot.PrivacyOverview{AuditEntries: 1}).Fields[6].Value,
			[]string{"1 summary cites your messages", "1 entry names you"}},
		{"privacy show, two summaries", privacyEmbed(bot.English, bot.PrivacyOverview{Summaries: 2}).Fields[4].Value, []string{"2 summaries cite your messages"}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.got, w) {
				t.Errorf("%s: %q\nwant it to say %q", tc.name, tc.got, w)
			}
		}
	}
}
