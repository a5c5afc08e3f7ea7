package discordadapter

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Discord moves an event only SCHEDULED → ACTIVE → COMPLETED or SCHEDULED →
// CANCELED, takes no change to a finished one, and starts and completes
// external events itself: each session state maps to a change it allows,
// or none.
func TestEventTransition(t *testing.T) {
	const (
		scheduled = discordgo.GuildScheduledEventStatusScheduled
		active    = discordgo.GuildScheduledEventStatusActive
		completed = discordgo.GuildScheduledEventStatusCompleted
		canceled  = discordgo.GuildScheduledEventStatusCanceled
	)
	for _, tc := range []struct {
		from   discordgo.GuildScheduledEventStatus
		st     bot.EventStatus
		to     discordgo.GuildScheduledEventStatus
		change bool
	}{
		{scheduled, bot.EventActive, active, true},
		{active, bot.EventActive, 0, false},
		{active, bot.EventCompleted, completed, true},
		{scheduled, bot.EventCompleted, canceled, true}, // never started: SCHEDULED → COMPLETED is refused
		{scheduled, bot.EventCancelled, canceled, true},
		{active, bot.EventCancelled, completed, true}, // ACTIVE → CANCELED is refused
		{completed, bot.EventCompleted, 0, false},
		{completed, bot.EventCancelled, 0, false},
		{canceled, bot.EventActive, 0, false},
	} {
		to, change := eventTransition(tc.from, tc.st)
		if to != tc.to || change != tc.change {
			t.Errorf("eventTransition(%d, %d) = %d, %v; want %d, %v", tc.from, tc.st, to, change, tc.to, tc.change)
		}
	}
}
