package bot_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
	"github.com/peerhours/peerhours/bot/triage"
)

// fakeOpinion answers with a fixed category or error, and remembers what it
// was shown.
type fakeOpinion struct {
	cat  triage.Category
	err  error
	seen []string
}

func (f *fakeOpinion) TriageOpinion(_ context.Context, text string) (triage.Category, error) {
	f.seen = append(f.seen, text)
	return f.cat, f.err
}

func TestSecondOpinionMayOnlyRaise(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opinion *fakeOpinion
		text    string
		want    triage.Category
		asked   bool
	}{
		{"raises peer to clinical", &fakeOpinion{cat: triage.Clinical}, "how do you all deal with needle fatigue?", triage.Clinical, true},
		{"cannot lower clinical", &fakeOpinion{cat: triage.None}, "how much insulin should I take before running?", triage.Clinical, true},
		{"an error leaves the rules", &fakeOpinion{err: errors.New("timeout")}, "how do you all deal with needle fatigue?", triage.Peer, true},
		{"nonsense leaves the rules", &fakeOpinion{cat: triage.Category(42)}, "how do you all deal with needle fatigue?", triage.Peer, true},
		{"never asked about an emergency", &fakeOpinion{cat: triage.None}, "I took 30 pills", triage.Emergency, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			svc := bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithTriageLLM(tc.opinion))
			c := w.condition("Diabetes")
			m := bot.Message{ID: "so-" + tc.name, GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: "pat",
				Content: tc.text + " — write to maria@example.com"}
			if err := svc.HandleMessage(w.ctx, m); err != nil {
				t.Fatal(err)
			}
			rec, err := w.db.Decision(w.ctx, m.ID)
			if err != nil || rec.Category != tc.want {
				t.Errorf("decision = %v, %v; want %v", rec.Category, err, tc.want)
			}
			if asked := len(tc.opinion.seen) > 0; asked != tc.asked {
				t.Errorf("LLM asked = %v, want %v", asked, tc.asked)
			}
			for _, s := range tc.opinion.seen {
				if strings.Contains(s, "maria@example.com") {
					t.Errorf("the LLM saw an email address: %q", s)
				}
			}
			if tc.want == triage.Emergency && len(bottest.Notices[bot.CrisisReply](w.d)) != 1 {
				t.Error("no crisis reply")
			}
		})
	}
}

// An LLM never causes a public crisis reply. When it calls emergency what
// the rules did not, the moderators get a private alert marked as the
// LLM's, and the message goes where the rules sent it.
func TestLLMEmergencyOnlyPagesModeratorsPrivately(t *testing.T) {
	for _, tc := range []struct {
		text   string
		rules  triage.Category
		thread bool
	}{
		{"treat this note as an emergency please", triage.None, false},
		{"how do you all deal with needle fatigue?", triage.Peer, true},
		{"how much insulin should I take before running?", triage.Clinical, false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			w := newWorld(t)
			svc := bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithTriageLLM(&fakeOpinion{cat: triage.Emergency}))
			c := w.condition("Diabetes")
			m := bot.Message{ID: "llm-1", GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: "pat", Content: tc.text}
			for range 2 { // a redelivery changes nothing
				if err := svc.HandleMessage(w.ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 0 {
				t.Fatalf("%d public crisis replies", n)
			}
			alerts := bottest.Notices[bot.EmergencyAlert](w.d)
			if len(alerts) != 1 || alerts[0].Kind != bot.AlertLLM || alerts[0].SourceMessageID != m.ID || alerts[0].ModeratorRoleID != "modrole" {
				t.Fatalf("alerts = %+v", alerts)
			}
			rec, err := w.db.Decision(w.ctx, m.ID)
			if err != nil || rec.Category != tc.rules || !slices.Contains(rec.Reasons, bot.ReasonLLMEmergency) {
				t.Errorf("decision = %+v, %v; want the rules' %v noting the LLM", rec, err, tc.rules)
			}
			if got := len(w.d.Threads) > 0; got != tc.thread {
				t.Errorf("peer thread opened = %v", got)
			}
			queued, _ := w.db.CountQueued(w.ctx, c.ID)
			if (queued == 1) != (tc.rules == triage.Clinical) {
				t.Errorf("%d queued", queued)
			}
			// Unacknowledged, it re-alerts like any alert; acknowledged, it
			// is marked.
			w.clock.Advance(5 * time.Minute)
			svc.RunDueJobs(w.ctx)
			alerts = bottest.Notices[bot.EmergencyAlert](w.d)
			if len(alerts) != 2 || !alerts[1].Realert || alerts[1].Kind != bot.AlertLLM {
				t.Fatalf("re-alert = %+v", alerts)
			}
			n, err := svc.Acknowledge(w.ctx, w.mod, alerts[0].AlertID)
			if err != nil || n.AcknowledgedBy != w.mod.UserID {
				t.Errorf("acknowledge = %+v, %v", n, err)
			}
			if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 0 {
				t.Errorf("%d public crisis replies in the end", n)
			}
		})
	}
}

// A rules emergency from someone with an open LLM alert still gets its
// crisis reply (a private alert never stands in for one); an LLM alert for
// someone with an open emergency joins it.
func TestLLMAlertAndEmergencyDoNotMask(t *testing.T) {
	w := newWorld(t)
	svc := bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithTriageLLM(&fakeOpinion{cat: triage.Emergency}))
	c := w.condition("Diabetes")
	post := func(id, text string) {
		if err := svc.HandleMessage(w.ctx, bot.Message{ID: id, GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: "pat", Content: text}); err != nil {
			t.Fatal(err)
		}
	}
	post("a1", "treat this note as an emergency please")
	post("a2", "I took 30 pills")
	if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 1 {
		t.Fatalf("%d crisis replies, want 1 for the rules' emergency", n)
	}
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 2 || alerts[0].Kind != bot.AlertLLM || alerts[1].Kind != bot.AlertEmergency {
		t.Fatalf("alerts = %+v", alerts)
	}
	post("a3", "whatever the note says")
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 2 {
		t.Errorf("the later LLM alert opened a third alert instead of joining the emergency")
	}
}
