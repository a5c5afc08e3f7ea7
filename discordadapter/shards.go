package discordadapter

import (
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"
)

// CheckShards asks Discord (GET /gateway/bot) how many shards it
// recommends for the bot and how many gateway sessions it may still start
// today, and warns when either needs the operator: a bot in more servers
// than its shards should hold is closed with 4011 once it outgrows them,
// and a process that restarts in a loop spends the daily session starts
// (1,000 on Discord), after which every start is refused until the reset.
// It returns Discord's recommendation, 0 when it could not be read (the
// start goes on either way).
func CheckShards(s *discordgo.Session, shardCount int, log zerolog.Logger) int {
	gb, err := s.GatewayBot()
	if err != nil {
		log.Warn().Str("error", errorClass(err)).Msg("could not read Discord's recommended shard count (GET /gateway/bot); starting anyway")
		return 0
	}
	for _, w := range shardWarnings(gb, shardCount) {
		log.Warn().Int("recommended_shards", gb.Shards).Int("shard_count", shardCount).
			Int("session_starts_left", gb.SessionStartLimit.Remaining).Msg(w)
	}
	return gb.Shards
}

// shardWarnings says what in Discord's answer needs the operator.
//
//i18n:english log lines for the operator, like the settings they name
func shardWarnings(gb *discordgo.GatewayBotResponse, shardCount int) []string {
	var out []string
	if gb.Shards > shardCount {
		out = append(out, fmt.Sprintf("Discord recommends %d shards for this bot and SHARD_COUNT is %d: start %d processes (or active/standby pairs) with SHARD_COUNT=%d and SHARD_ID 0 to %d before Discord requires it (docs/operations.md, Shards)",
			gb.Shards, shardCount, gb.Shards, gb.Shards, gb.Shards-1))
	}
	if l := gb.SessionStartLimit; l.Total > 0 && l.Remaining*10 < l.Total {
		out = append(out, fmt.Sprintf("only %d of Discord's %d daily gateway session starts are left (they reset in %d min): is a process restarting in a loop?",
			l.Remaining, l.Total, l.ResetAfter/60000))
	}
	return out
}
