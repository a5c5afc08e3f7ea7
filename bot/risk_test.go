package bot_test

import (
	"strings"
	"testing"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

func TestRiskOfReasons(t *testing.T) {
	for _, tc := range []struct {
		reasons []string
		want    bot.Risk
	}{
		{[]string{"emergency.selfharm.thoughts"}, bot.RiskSelfHarm},
		{[]string{"emergency.selfharm.model"}, bot.RiskSelfHarm},
		{[]string{"emergency.overdose.mention"}, bot.RiskSelfHarm},
		{[]string{"emergency.medical.acs", "emergency.medical.stroke"}, bot.RiskMedical},
		{[]string{"emergency.medical.context"}, bot.RiskMedical},
		{[]string{"emergency.medical.breathing", "emergency.overdose.opioid"}, bot.RiskSelfHarm}, // both: the fuller reply
		{[]string{"override.urgent"}, bot.RiskSelfHarm},                                          // unknown: the reply with every number
		{[]string{"emergency.classifier_error"}, bot.RiskSelfHarm},
		{nil, bot.RiskSelfHarm},
	} {
		if got := bot.RiskOf(tc.reasons); got != tc.want {
			t.Errorf("RiskOf(%v) = %v, want %v", tc.reasons, got, tc.want)
		}
	}
}

// The reply matches the risk: a medical emergency's leads with the
// emergency number and offers no suicide line; a self-harm or overdose
// reply gives the crisis lines and the emergency number. The server's own
// texts replace the defaults, each in its place.
func TestCrisisReplyMatchesTheRisk(t *testing.T) {
	for _, custom := range []bool{false, true} {
		w := newWorld(t)
		emergency, lines := bot.DefaultEmergencyNumber, bot.DefaultCrisisLines
		if custom {
			emergency, lines = "Ring 112 straight away.", "Telefonseelsorge: 0800 111 0 111."
			if _, err := w.svc.Setup(w.ctx, bot.Caller{GuildID: guild, ManageServer: true},
				bot.SettingsChange{EmergencyNumber: &emergency, CrisisResources: &lines}); err != nil {
				t.Fatal(err)
			}
		}
		c := w.condition("Diabetes")
		for i, tc := range []struct {
			text    string
			medical bool
		}{
			{"chest pain and my left arm is numb", true},
			{"my lips are blue and I can't breathe", true},
			{"I took 30 pills", false},
			{"i want to kill myself", false},
		} {
			user := "pat" + string(rune('a'+i))
			m := w.post(c, user, tc.text)
			var got *bot.CrisisReply
			for _, r := range bottest.Notices[bot.CrisisReply](w.d) {
				if r.ReplyTo == m.ID {
					got = &r
				}
			}
			if got == nil {
				t.Fatalf("%q: no crisis reply", tc.text)
			}
			text := got.Text()
			first := strings.SplitN(text, "\n\n", 3)
			switch {
			case tc.medical && (strings.Contains(text, "988") || strings.Contains(text, lines) || strings.Contains(text, "Suicide")):
				t.Errorf("custom=%v %q: a medical emergency's reply offers a suicide line:\n%s", custom, tc.text, text)
			case tc.medical && (len(first) < 2 || !strings.Contains(first[1], emergency)):
				t.Errorf("custom=%v %q: the medical reply does not lead with the emergency number:\n%s", custom, tc.text, text)
			case !tc.medical && (!strings.Contains(text, lines) || !strings.Contains(text, emergency)):
				t.Errorf("custom=%v %q: a self-harm reply lacks the crisis lines or the emergency number:\n%s", custom, tc.text, text)
			}
			if custom && (strings.Contains(text, "988") || strings.Contains(text, "911")) {
				t.Errorf("%q: the server's own texts did not replace the defaults:\n%s", tc.text, text)
			}
		}
	}
}

func TestSetupEmergencyNumber(t *testing.T) {
	w := newWorld(t)
	admin := bot.Caller{GuildID: guild, ManageServer: true}
	long := strings.Repeat("x", 301)
	if _, err := w.svc.Setup(w.ctx, admin, bot.SettingsChange{EmergencyNumber: &long}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("301 characters: %v, want EINVALID", err)
	}
	set, reset := "Call 112.", "Default"
	s, err := w.svc.Setup(w.ctx, admin, bot.SettingsChange{EmergencyNumber: &set})
	if err != nil || s.Emergency() != set {
		t.Fatalf("set: %+v, %v", s, err)
	}
	if s, err = w.svc.Setup(w.ctx, admin, bot.SettingsChange{EmergencyNumber: &reset}); err != nil || s.EmergencyNumber != "" || s.Emergency() != bot.DefaultEmergencyNumber {
		t.Fatalf("reset: %+v, %v", s, err)
	}
	entries, err := w.db.RecentAudit(w.ctx, guild, 1)
	if err != nil || len(entries) != 1 || entries[0].Detail != "emergency_number=changed" {
		t.Errorf("audit: %+v, %v", entries, err)
	}
}
