package discordadapter

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestShardWarnings(t *testing.T) {
	limit := func(remaining int) discordgo.SessionInformation {
		return discordgo.SessionInformation{Total: 1000, Remaining: remaining, ResetAfter: 3_600_000, MaxConcurrency: 1}
	}
	for _, c := range []struct {
		name       string
		recommends int
		configured int
		starts     discordgo.SessionInformation
		want       []string // a phrase each warning must hold, in order
	}{
		{"enough shards", 1, 1, limit(999), nil},
		{"more shards than recommended", 2, 4, limit(999), nil},
		{"too few shards", 3, 1, limit(999), []string{"recommends 3 shards for this bot and SHARD_COUNT is 1: start 3 processes (or active/standby pairs) with SHARD_COUNT=3 and SHARD_ID 0 to 2"}},
		{"session starts running out", 1, 1, limit(99), []string{"only 99 of Discord's 1000 daily gateway session starts are left (they reset in 60 min)"}},
		{"a tenth left is still fine", 1, 1, limit(100), nil},
		{"both", 2, 1, limit(3), []string{"recommends 2 shards", "only 3 of"}},
		{"no limit reported", 1, 1, discordgo.SessionInformation{}, nil},
	} {
		got := shardWarnings(&discordgo.GatewayBotResponse{Shards: c.recommends, SessionStartLimit: c.starts}, c.configured)
		if len(got) != len(c.want) {
			t.Errorf("%s: %q, want %d warnings", c.name, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: warning %q does not say %q", c.name, got[i], w)
			}
		}
	}
}
