package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

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
