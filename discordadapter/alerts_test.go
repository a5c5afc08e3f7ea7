package discordadapter

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Every alert post names exactly whom it may ping: the moderator role on
// the first post; the moderator role and the escalation role, or the owner
// without one, on the re-alert; nobody once acknowledged (and then no
// button either).
func TestAlertPingsExactlyWhomItMeans(t *testing.T) {
	base := bot.EmergencyAlert{AlertID: 3, ChannelID: "alerts", GuildID: "g", SourceChannelID: "c", SourceMessageID: "m",
		UserID: "pat", Condition: "Diabetes", OpenedAt: time.Unix(1_800_000_000, 0), ModeratorRoleID: "mods"}
	realert := func(esc, owner string) bot.EmergencyAlert {
		n := base
		n.Realert, n.EscalationRoleID, n.EscalationUserID = true, esc, owner
		return n
	}
	acked := func(n bot.EmergencyAlert) bot.EmergencyAlert {
		n.AcknowledgedBy, n.AcknowledgedAt = "doc", time.Unix(1_800_000_100, 0)
		return n
	}
	noMod := base
	noMod.ModeratorRoleID = ""
	for _, tc := range []struct {
		name   string
		n      bot.EmergencyAlert
		roles  []string
		users  []string
		button bool
	}{
		{"first post", base, []string{"mods"}, nil, true},
		{"re-alert to the owner", realert("", "owner"), []string{"mods"}, []string{"owner"}, true},
		{"re-alert to the escalation role", realert("leads", "owner"), []string{"mods", "leads"}, nil, true},
		{"no moderator role set", noMod, nil, nil, true},
		{"acknowledged", acked(base), nil, nil, false},
		{"acknowledged re-alert", acked(realert("", "owner")), nil, nil, false},
	} {
		m := render(tc.n)
		am := m.AllowedMentions
		if am == nil || am.Parse == nil || len(am.Parse) != 0 || am.RepliedUser {
			t.Errorf("%s: allowed mentions %+v", tc.name, am)
			continue
		}
		if !slices.Equal(am.Roles, tc.roles) || !slices.Equal(am.Users, tc.users) {
			t.Errorf("%s: may ping roles %v users %v, want %v %v", tc.name, am.Roles, am.Users, tc.roles, tc.users)
		}
		for _, r := range tc.roles {
			if !strings.Contains(m.Content, "<@&"+r+">") {
				t.Errorf("%s: content %q does not mention role %s", tc.name, m.Content, r)
			}
		}
		for _, u := range tc.users {
			if !strings.Contains(m.Content, "<@"+u+">") {
				t.Errorf("%s: content %q does not mention %s", tc.name, m.Content, u)
			}
		}
		if has := strings.Contains(buttonLabels(m.Components), "Acknowledge"); has != tc.button {
			t.Errorf("%s: Acknowledge button = %v", tc.name, has)
		}
		if tc.n.AcknowledgedBy != "" && (m.Content != "" || !strings.Contains(m.Embeds[0].Description, "Acknowledged by <@doc>")) {
			t.Errorf("%s: %q / %q", tc.name, m.Content, m.Embeds[0].Description)
		}
		if tc.n.Realert != strings.Contains(m.Embeds[0].Title, "Re-alert") {
			t.Errorf("%s: title %q", tc.name, m.Embeds[0].Title)
		}
	}
}

func buttonLabels(rows []discordgo.MessageComponent) string {
	var out []string
	for _, row := range rows {
		if ar, ok := row.(discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(discordgo.Button); ok {
					out = append(out, b.Label)
				}
			}
		}
	}
	return strings.Join(out, ", ")
}

// An acknowledged alert asks for its outcome once; recorded, it shows it.
// A peer alert names its reporters only when they may be named.
func TestAlertOutcomeAndReporters(t *testing.T) {
	n := bot.EmergencyAlert{AlertID: 9, Kind: bot.AlertPeer, GuildID: "g", SourceChannelID: "c", SourceMessageID: "m", UserID: "pat",
		Condition: "Asthma", ModeratorRoleID: "mods", Reports: 2, Reporters: []string{"rep1"}, ReportersWithheld: 1}
	m := render(n)
	d := m.Embeds[0].Description
	if !strings.Contains(m.Embeds[0].Title, "worried") || !strings.Contains(d, "<@rep1>") || !strings.Contains(d, "1 member not named") ||
		!strings.Contains(m.Content, "<@&mods>") {
		t.Errorf("peer alert:\n%s\n%s\n%s", m.Content, m.Embeds[0].Title, d)
	}
	n.AcknowledgedBy, n.AcknowledgedAt = "mod", time.Unix(1_800_000_000, 0)
	m = render(n)
	if got := buttonLabels(m.Components); got != "They needed help, Not a concern" {
		t.Errorf("acknowledged: buttons %q", got)
	}
	n.Outcome, n.OutcomeBy = bot.AlertOutcomeNoConcern, "mod"
	m = render(n)
	if got := buttonLabels(m.Components); got != "" || !strings.Contains(m.Embeds[0].Description, "Outcome: not a concern") {
		t.Errorf("with its outcome: buttons %q\n%s", got, m.Embeds[0].Description)
	}
	many := n
	many.AcknowledgedBy, many.Outcome, many.Reporters = "", "", nil
	for i := range 500 {
		many.Reporters = append(many.Reporters, fmt.Sprint(1_000_000_000_000_000_000+i))
	}
	if d := render(many).Embeds[0].Description; len(d) > 4096 || !strings.Contains(d, "490 more members") {
		t.Errorf("500 reporters: %d characters", len(d))
	}
	withheld := bot.EmergencyAlert{Kind: bot.AlertPeer, Reports: 1, ReportersWithheld: 1, UserID: "pat", SourceChannelID: "c"}
	if d := render(withheld).Embeds[0].Description; strings.Contains(d, "<@rep") || !strings.Contains(d, "not named") {
		t.Errorf("withheld reporter:\n%s", d)
	}
}
